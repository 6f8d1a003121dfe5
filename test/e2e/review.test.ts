import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHost } from '../../native/host/in-process.js';
import { tempDir, writeXlsx } from '../support/files.js';
import type { Cell } from '../support/files.js';
import { Workbench } from './workbench-page.js';

/** Optional screenshots for a human look at the layout: KETU_E2E_SHOTS=/some/dir. */
const shots = process.env.KETU_E2E_SHOTS;

interface PlaceRow {
  id: number;
  name: string | null;
  lng: number;
  lat: number;
  source: string;
  precision: string;
}

describe('待核对: placing low-precision places by hand, offline', () => {
  const dir = tempDir('ketu-e2e-review-');
  const project = dir.file('核对测试.ketu');
  let wb: Workbench;

  /** Read straight from the project file, as another program would. */
  function query<T>(sql: string, ...args: unknown[]): T[] {
    const db = new Database(project, { readonly: true });
    try {
      return db.prepare(sql).all(...args) as T[];
    } finally {
      db.close();
    }
  }


  beforeAll(async () => {
    const xlsx = dir.file('来访登记.xlsx');
    const rows: Cell[][] = [['姓名', '居住小区', '现居住地址', '经度', '纬度']];
    // Only a community and an address: the import can place these at the 余杭区 centre and no closer.
    for (let i = 0; i < 4; i++) rows.push([`访客${i}`, `未知小区${i}`, `浙江省杭州市余杭区某某路${i + 1}号`, null, null]);
    // Second customers of the same communities: the planner's answer must move both.
    rows.push(['访客4', '未知小区0', '浙江省杭州市余杭区某某路1号', null, null]);
    rows.push(['访客5', '未知小区2', '浙江省杭州市余杭区某某路3号', null, null]);
    rows.push(['坐标甲', '桂花城', null, 120.13, 30.28]);
    rows.push(['坐标乙', '翠苑一区', null, 120.14, 30.29]);
    await writeXlsx(xlsx, rows);
    // A later sheet knows a community whose name contains 未知小区0: its commit teaches the gazetteer,
    // which then offers it as a candidate for the unsure places.
    const known = dir.file('北区登记.xlsx');
    await writeXlsx(known, [
      ['姓名', '居住小区', '现居住地址', '经度', '纬度'],
      ['北区甲', '未知小区0北区', null, 120.1401, 30.2901],
      ['北区乙', '未知小区0北区', null, 120.1403, 30.2903],
    ]);

    const { dispatcher, engine } = createEngineHost();
    try {
      const created = await dispatcher.call('project.create', { path: project, name: '核对测试', site: { lng: 120.15, lat: 30.27 }, city: '杭州市' });
      if (!created.ok) throw new Error(created.error.message);
      const imported = await dispatcher.call('import.commit', { file: xlsx });
      if (!imported.ok) throw new Error(imported.error.message);
      const second = await dispatcher.call('import.commit', { file: known });
      if (!second.ok) throw new Error(second.error.message);
    } finally {
      engine.close();
    }
    wb = await Workbench.start(project);
    await wb.waitReady(10);
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  // A failed test must not leave the next one in the middle of a placement.
  afterEach(async () => {
    if (await wb.review.isPlacing()) await wb.page.keyboard.press('Escape');
    await expect.poll(() => wb.review.isPlacing()).toBe(false);
  });

  it('lists the district-level places with role, precision and flags', async () => {
    const { review } = wb;
    await expect.poll(() => review.count()).toBe(6);
    const first = query<PlaceRow>("SELECT fid AS id, name FROM places WHERE name = '未知小区0' ORDER BY fid")[0];
    if (first === undefined) throw new Error('no 未知小区0 place');
    const text = await review.item(first.id).innerText();
    expect(text).toContain('未知小区0');
    expect(text).toContain('区县');
    expect(text).toContain('余杭区某某路1号');
    expect(await review.roleIcon(first.id).innerText()).toBe('住');
    // Places with real coordinates are not asked about.
    expect(await review.panel().innerText()).not.toContain('桂花城');
  });

  it('offers near gazetteer names as candidates; picking one places the point there', async () => {
    const { review, page } = wb;
    const [first, second] = query<PlaceRow>("SELECT fid AS id, lng, lat FROM places WHERE name = '未知小区0' ORDER BY fid");
    if (first === undefined || second === undefined) throw new Error('expected two 未知小区0 places');
    const [learned] = query<{ lng: number; lat: number }>("SELECT lng, lat FROM gazetteer WHERE name = '未知小区0北区'");
    if (learned === undefined) throw new Error('the second import did not teach the gazetteer 未知小区0北区');
    const before = await review.count();

    await review.choose(first.id);
    await expect.poll(() => review.candidatesState()).toBe('ready');
    const sources = await review.candidateSources();
    const index = sources.indexOf('gazetteer');
    expect(index).toBeGreaterThanOrEqual(0);
    // The district centre the import used is offered too, as the fallback.
    expect(sources).toContain('centroid');
    expect(await review.candidate(index).innerText()).toContain('未知小区0北区');
    expect(await review.candidate(index).innerText()).toContain('地名库');
    expect(await review.candidateList().innerText()).toContain('区县中心');
    const { lng, lat } = await review.candidatePosition(index);
    expect(lng).toBeCloseTo(learned.lng, 6);
    expect(lat).toBeCloseTo(learned.lat, 6);
    expect(await review.confirmButton().isDisabled()).toBe(true);

    await review.pickCandidate(index);
    expect(await review.candidate(index).getAttribute('aria-pressed')).toBe('true');
    expect((await review.position())?.lng).toBeCloseTo(lng, 6);
    expect(await review.confirmButton().isEnabled()).toBe(true);
    if (shots !== undefined) await page.screenshot({ path: `${shots}/review-candidates.png` });

    await review.confirmButton().click();
    await expect.poll(() => wb.toast(), { timeout: 15_000 }).toContain('已确认「未知小区0」的位置（移动 2 个点位');
    await expect.poll(() => review.isPlacing()).toBe(false);
    // Both customers of 未知小区0 left the list.
    await expect.poll(() => review.count()).toBe(before - 2);
    const moved = query<PlaceRow>('SELECT fid AS id, lng, lat, source FROM places WHERE fid IN (?, ?) ORDER BY fid', first.id, second.id);
    expect(moved).toHaveLength(2);
    for (const p of moved) {
      expect(p.source).toBe('user');
      expect(Math.abs(p.lng - lng)).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(p.lat - lat)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('places a point by clicking the map, confirms with Enter, and the answer enters the gazetteer', async () => {
    const { review, page } = wb;
    const [first, second] = query<PlaceRow>("SELECT fid AS id, lng, lat FROM places WHERE name = '未知小区2' ORDER BY fid");
    if (first === undefined || second === undefined) throw new Error('expected two 未知小区2 places');
    const before = await review.count();

    await review.choose(first.id);
    expect(await review.placing().innerText()).toContain('在地图上点击以放置');
    await review.marker().waitFor();
    // A district centre is no answer: nothing to confirm until the point is placed.
    expect(await review.confirmButton().isDisabled()).toBe(true);

    // Right of the placing card and below the zoom buttons.
    const box = await wb.map.box();
    await wb.map.click([[box.width * 0.7, box.height * 0.65]]);
    await expect.poll(() => review.position()).not.toBeNull();
    const placed = await review.position();
    if (placed === null) throw new Error('no position after the click');
    const { lng, lat } = placed;
    expect(Math.abs(lng - first.lng) + Math.abs(lat - first.lat)).toBeGreaterThan(1e-4);
    expect(await review.confirmButton().isEnabled()).toBe(true);
    if (shots !== undefined) await page.screenshot({ path: `${shots}/review-selected.png` });

    await page.keyboard.press('Enter');
    await expect.poll(() => wb.toast(), { timeout: 15_000 }).toContain('已确认「未知小区2」的位置（移动 2 个点位');
    await expect.poll(() => review.isPlacing()).toBe(false);
    await wb.waitReady(10);
    // Both customers of 未知小区2 left the list.
    await expect.poll(() => review.count()).toBe(before - 2);
    expect(await review.item(first.id).count()).toBe(0);
    expect(await review.item(second.id).count()).toBe(0);

    const moved = query<PlaceRow>('SELECT fid AS id, lng, lat, source, precision FROM places WHERE fid IN (?, ?) ORDER BY fid', first.id, second.id);
    for (const p of moved) {
      expect(p.source).toBe('user');
      expect(p.lng).toBeCloseTo(lng, 6);
      expect(p.lat).toBeCloseTo(lat, 6);
    }
    const entries = query<{ confirmed: number; source: string; lng: number; lat: number }>("SELECT confirmed, source, lng, lat FROM gazetteer WHERE name = '未知小区2'");
    expect(entries).toHaveLength(1);
    expect(entries[0]?.confirmed).toBe(1);
    expect(entries[0]?.source).toBe('user');
    expect(entries[0]?.lng).toBeCloseTo(lng, 6);
  });

  it('drags the marker, and Esc cancels the placement without changing anything', async () => {
    const { review, page } = wb;
    const [place] = query<PlaceRow>("SELECT fid AS id, lng, lat FROM places WHERE name = '未知小区1'");
    if (place === undefined) throw new Error('no 未知小区1 place');
    const before = await review.count();
    // The camera flies to the place first: the marker is grabbed once the map reports that flight ended.
    await review.choose(place.id);
    await review.marker().waitFor();
    await review.dragMarker(60, 30);
    await expect.poll(() => review.position()).not.toBeNull();
    await page.keyboard.press('Escape');
    await expect.poll(() => review.isPlacing()).toBe(false);
    expect(await review.marker().count()).toBe(0);
    expect(await review.count()).toBe(before);
    const [after] = query<PlaceRow>('SELECT lng, lat, source FROM places WHERE fid = ?', place.id);
    expect(after?.source).not.toBe('user');
    expect(after?.lng).toBe(place.lng);
  });

  it('re-locates offline when no key is given, and says what it found', async () => {
    const { review, page } = wb;
    const before = await review.count();
    await review.openGeocode();
    expect(await review.geocodeDialog().innerText()).toContain('只保存在这台电脑上');
    expect(await review.geocodeKey().inputValue()).toBe('');
    expect(await review.geocodeRun().count()).toBe(0);
    if (shots !== undefined) await page.screenshot({ path: `${shots}/geocode-dialog.png` });
    await review.geocodeOffline().click();
    await expect.poll(() => review.geocodeResult().count(), { timeout: 15_000 }).toBe(1);
    // Nothing in the gazetteer knows the communities still listed, and offline nothing else is asked.
    expect(await review.geocodeResult().innerText()).toContain(`改进 0 个，未变 ${before} 个`);
    // Typing a key turns the action into an online run.
    await review.geocodeKey().fill('test-key');
    expect(await review.geocodeRun().isVisible()).toBe(true);
    expect(await review.geocodeOffline().count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => review.geocodeDialog().count()).toBe(0);
    expect(await review.count()).toBe(before);
  });
});
