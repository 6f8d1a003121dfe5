import { afterEach, describe, expect, it } from 'vitest';
import { createEngineHost } from '../../native/host/in-process.js';
import { runCli } from '../../native/host/cli.js';
import { answerAt, startFakeGeocoder } from '../support/fake-geocoder.js';
import { tempDir, writeXlsx } from '../support/files.js';
import { engineCall } from '../support/engine-call.js';
import type { EngineCall } from '../support/engine-call.js';
import { sqlRows } from '../support/sql-oracle.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

interface PlaceRow {
  id: number;
  name: string | null;
  lng: number;
  lat: number;
  source: string;
  precision: string;
}

function places(path: string): PlaceRow[] {
  return sqlRows<PlaceRow>(path, 'SELECT fid AS id, name, lng, lat, source, precision FROM places ORDER BY fid');
}

function idOf(place: { id: number } | undefined): number {
  if (place === undefined) throw new Error('the project has fewer places than the test expects');
  return place.id;
}

async function projectWithUnsurePlaces(): Promise<{ project: string; file(n: string): string; call: EngineCall }> {
  const d = tempDir();
  const { dispatcher, engine } = createEngineHost();
  cleanups.push(() => {
    engine.close();
    d.remove();
  });
  const call = engineCall(dispatcher);
  const project = d.file('g.ketu');
  await call('project.create', { path: project, name: '定位', city: '杭州市' });
  const xlsx = d.file('addr.xlsx');
  await writeXlsx(xlsx, [
    ['姓名', '居住小区', '现居住地址'],
    ['甲', '未知花园', '浙江省杭州市西湖区文三路90号'],
    ['乙', '神秘公寓', '杭州市滨江区某某路1号'],
    ['丙', '神秘公寓', '杭州市滨江区某某路1号'],
  ]);
  await call('import.commit', { file: xlsx, crs: 'auto' });
  return { project, file: d.file, call };
}

describe('geocoding a project', () => {
  it('lists district-level places for review and improves them with an online provider (fake 高德 on 127.0.0.1)', async () => {
    const t = await projectWithUnsurePlaces();
    expect(places(t.project).map((p) => p.precision)).toEqual(['district', 'district', 'district']);
    const review = await t.call('geocode.review', {});
    expect(review.map((r) => r.name)).toEqual(['未知花园', '神秘公寓', '神秘公寓']);
    expect(review[0]?.flags[0]).toContain('仅定位到区县');

    const offline = await t.call('geocode.run', {});
    expect(offline).toMatchObject({ asked: 3, improved: 0, providerCalls: 0 });

    const fake = await startFakeGeocoder({ key: 'test-key', answers: { 未知花园: answerAt(120.131, 30.281, { amap: '兴趣点' }) } });
    cleanups.push(() => fake.close());
    const online = await t.call('geocode.run', { provider: 'amap', key: 'test-key', endpoint: fake.baseUrl });
    expect(online).toMatchObject({ improved: 1, stoppedReason: null });
    expect(fake.requests.amap).toBeGreaterThan(0);
    const [garden] = places(t.project);
    expect(garden).toMatchObject({ name: '未知花园', source: 'amap', precision: 'community' });
    // Back from GCJ-02 to WGS-84 within a metre.
    expect(Math.abs((garden?.lng ?? 0) - 120.131) * 96_000).toBeLessThan(1);
    expect(Math.abs((garden?.lat ?? 0) - 30.281) * 111_000).toBeLessThan(1);

    // A second run finds the answer in the cache: no new request.
    const before = fake.requests.amap;
    await t.call('geocode.run', { provider: 'amap', key: 'test-key', endpoint: fake.baseUrl });
    expect(fake.asked.amap.filter((a) => a === '未知花园')).toHaveLength(1);
    expect(fake.requests.amap).toBeGreaterThanOrEqual(before);
  });

  it('stops on an invalid key with a clear message and keeps the places as they were', async () => {
    const t = await projectWithUnsurePlaces();
    const fake = await startFakeGeocoder({ key: 'right-key', answers: { 未知花园: answerAt(120.131, 30.281) } });
    cleanups.push(() => fake.close());
    const run = await t.call('geocode.run', { provider: 'amap', key: 'wrong-key', endpoint: fake.baseUrl });
    expect(run.improved).toBe(0);
    expect(run.stoppedReason).toMatch(/Key/);
    expect(places(t.project).map((p) => p.precision)).toEqual(['district', 'district', 'district']);
  });

  it("takes the planner's answer for one place to every place of that name, and to the gazetteer for later imports", async () => {
    const t = await projectWithUnsurePlaces();
    const [, second] = places(t.project);
    const moved = await t.call('geocode.confirm', { placeId: idOf(second), lng: 120.21, lat: 30.2 });
    expect(moved.moved).toBe(2);
    const after = places(t.project);
    expect(after.slice(1).map((p) => [p.lng, p.lat, p.source])).toEqual([
      [120.21, 30.2, 'user'],
      [120.21, 30.2, 'user'],
    ]);
    const review = await t.call('geocode.review', {});
    expect(review.map((r) => r.name)).toEqual(['未知花园']);
    const next = t.file('next.xlsx');
    await writeXlsx(next, [['姓名', '居住小区'], ['丁', '神秘公寓']]);
    await t.call('import.commit', { file: next, crs: 'auto' });
    expect(places(t.project).at(-1)).toMatchObject({ lng: 120.21, lat: 30.2, source: 'gazetteer' });
  });

  it('offers candidates for an unsure place: near gazetteer names, the provider, the district centre', async () => {
    const t = await projectWithUnsurePlaces();
    const known = t.file('known.xlsx');
    await writeXlsx(known, [['姓名', '居住小区', '经度', '纬度'], ['戊', '未知花园北区', 120.14, 30.29], ['己', '未知花园北区', 120.1402, 30.2902]]);
    await t.call('import.commit', { file: known, crs: 'wgs84' });
    const [garden] = places(t.project);
    const offline = await t.call('geocode.candidates', { placeId: idOf(garden) });
    expect(offline.map((c) => c.source)).toEqual(['gazetteer', 'centroid']);
    expect(offline[0]?.label).toContain('未知花园北区');
    expect(offline[1]).toMatchObject({ precision: 'district' });
    const fake = await startFakeGeocoder({ key: 'k', answers: { 未知花园: answerAt(120.131, 30.281, { amap: '兴趣点', formatted: '浙江省杭州市西湖区未知花园' }) } });
    cleanups.push(() => fake.close());
    const online = await t.call('geocode.candidates', { placeId: idOf(garden), provider: 'amap', key: 'k', endpoint: fake.baseUrl });
    const amap = online.find((c) => c.source === 'amap');
    expect(amap?.label).toBe('浙江省杭州市西湖区未知花园');
    expect(amap?.lng).toBeCloseTo(120.131, 4);
  });

  it('ketu geocode: a provider without a key is refused with a clear message', async () => {
    const t = await projectWithUnsurePlaces();
    const lines: string[] = [];
    const code = await runCli(['geocode', t.project, '--provider', 'baidu', '--json'], (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines[0]).toContain('需要 Key');
    const ok: string[] = [];
    expect(await runCli(['review', t.project], (l) => ok.push(l))).toBe(0);
    expect(ok.join('\n')).toContain('未知花园');
  });
});
