import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ExcelJS } from '../../native/export/exceljs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceM, pointInRing } from '../../native/analysis/geometry.js';
import type { AreaCounts } from '../../native/contract/methods.js';
import { generateDemo } from '../../native/demo/generate-demo.js';
import { runCli } from '../../native/host/cli.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { tempDir } from '../support/files.js';
import { resourcesDir } from '../support/resources.js';
import { engineCall, refusalOf } from '../support/engine-call.js';
import { sqlRows } from '../support/sql-oracle.js';

describe('target areas on the demo project', () => {
  const dir = tempDir();
  const project = dir.file('areas.ketu');
  const { dispatcher, engine } = createEngineHost();
  const call = engineCall(dispatcher);

  beforeAll(async () => {
    generateDemo(project, resourcesDir);
    await call('project.open', { path: project });
  });
  afterAll(() => {
    engine.close();
    dir.remove();
  });

  it('adds a circle (centre and radius kept) and a polygon, and lists them', async () => {
    const ring = await call('areas.add', { name: '本案 3 公里', grade: 'A', shape: { kind: 'circle', lng: 120.12023, lat: 30.15829, radiusM: 3000 } });
    expect(ring).toMatchObject({ kind: 'circle', center: { lng: 120.12023, lat: 30.15829 }, radiusM: 3000, grade: 'A' });
    for (const p of ring.ring) expect(distanceM([120.12023, 30.15829], p)).toBeCloseTo(3000, -1);
    await call('areas.add', { name: '滨江板块', shape: { kind: 'polygon', ring: [[120.15, 30.17], [120.23, 30.17], [120.23, 30.23], [120.15, 30.23]] } });
    const areas = await call('areas.list', {});
    expect(areas.map((a) => [a.name, a.kind])).toEqual([
      ['本案 3 公里', 'circle'],
      ['滨江板块', 'polygon'],
    ]);
    const renamed = await call('areas.update', { id: areas[1]?.id ?? Number.NaN, name: '滨江核心区', grade: 'B', color: '#e4572e' });
    expect(renamed).toMatchObject({ name: '滨江核心区', grade: 'B', color: '#e4572e' });
  });

  it('counts places per area by role, equal to an independent point-in-polygon count', async () => {
    const counts = await call('areas.count', { by: 'role' });
    const areas = await call('areas.list', {});
    const places = sqlRows<{ lng: number; lat: number; role: string }>(project, 'SELECT lng, lat, role FROM places');
    expect(counts.total).toBe(places.length);
    for (const area of areas) {
      const expected: Record<string, number> = {};
      for (const p of places) if (pointInRing(p.lng, p.lat, area.ring)) expected[p.role] = (expected[p.role] ?? 0) + 1;
      const got = counts.areas.find((a) => a.id === area.id);
      expect(got?.counts).toEqual(expected);
      expect(got?.total).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    }
    expect(counts.areas[0]?.total).toBeGreaterThan(0);
    const byStage = await call('areas.count', { by: 'stage', filter: { stages: ['deals'] } });
    expect(Object.keys(byStage.areas[0]?.counts ?? {})).toEqual(['deals']);
  });

  it('refuses degenerate areas with a clear message, never a wrong count', async () => {
    expect(await refusalOf(dispatcher, 'areas.add', { name: 'x', shape: { kind: 'circle', lng: 120, lat: 30, radiusM: 0 } })).toMatch(/INVALID_PARAMS: 圆形区域的半径必须大于 0/);
    expect(await refusalOf(dispatcher, 'areas.add', { name: 'x', shape: { kind: 'circle', lng: 120, lat: 30, radiusM: -5 } })).toMatch(/半径必须大于 0/);
    expect(await refusalOf(dispatcher, 'areas.add', { name: 'x', shape: { kind: 'polygon', ring: [[120, 30], [120.1, 30], [120, 30]] } })).toMatch(/至少需要 3 个不同的顶点/);
    expect(await refusalOf(dispatcher, 'areas.add', { name: 'x', shape: { kind: 'polygon', ring: [[120, 30], [120.1, 30.1], [120.1, 30], [120, 30.1]] } })).toMatch(/自相交/);
    expect(await refusalOf(dispatcher, 'areas.add', { name: 'x', shape: { kind: 'polygon', ring: [[120, 30], [120.1, 30], [120.2, 30]] } })).toMatch(/一条直线/);
    expect((await call('areas.list', {})).length).toBe(2);
  });

  it('exports an area list with masked phones; areas open in GDAL as polygons', async () => {
    const out = dir.file('清单.xlsx');
    const result = await call('areas.export', { area: '本案 3 公里', out, rows: 'place' });
    const counts = await call('areas.count', { by: 'role' });
    expect(result.rows).toBe(counts.areas[0]?.total);
    expect(result.places).toBe(counts.areas[0]?.total);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const phone = wb.worksheets[0]?.getRow(4).getCell(3).text;
    expect(phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(await refusalOf(dispatcher, 'areas.export', { area: '不存在', out })).toMatch(/没有名为「不存在」的区域/);
    const info = execFileSync('ogrinfo', ['-ro', '-al', '-q', project, 'areas'], { encoding: 'utf8' });
    expect(info).toContain('POLYGON ((');
    expect(info).toContain('本案 3 公里');
  });

  it('ketu areas add/list/count and ketu list', async () => {
    const copy = dir.file('cli.ketu');
    generateDemo(copy, resourcesDir);
    const out: string[] = [];
    const cli = (...args: string[]): Promise<number> => runCli(args, (l) => out.push(l));
    expect(await cli('areas', 'add', copy, '--circle', '120.12023,30.15829,2000', '--name', '2公里')).toBe(0);
    const geojson = dir.file('a.geojson');
    writeFileSync(geojson, JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[120.1, 30.2], [120.2, 30.2], [120.2, 30.3], [120.1, 30.2]]] } }));
    expect(await cli('areas', 'add', copy, '--polygon', geojson, '--name', '城西')).toBe(0);
    expect(await cli('areas', 'add', copy, '--circle', '120,30,0', '--name', '坏')).toBe(1);
    out.length = 0;
    expect(await cli('areas', 'count', copy, '--by', 'role', '--json')).toBe(0);
    const counts = JSON.parse(out[0] ?? '{}') as AreaCounts;
    expect(counts.areas.map((a) => a.name)).toEqual(['2公里', '城西']);
    const list = dir.file('2km.xlsx');
    // No customer lives within 2 km of the demo's 本案: said with a code, and no file is written.
    out.length = 0;
    expect(await cli('list', copy, '--area', '2公里', '--out', list, '--json')).toBe(1);
    expect(JSON.parse(out[0] ?? '{}')).toMatchObject({ error: { code: 'EXPORT_FAILED', details: { reason: 'AREA_EMPTY' } } });
    expect(existsSync(list)).toBe(false);
    expect(await cli('list', copy, '--area', '城西', '--out', list)).toBe(0);
    expect(readFileSync(list).byteLength).toBeGreaterThan(1000);
  });
});
