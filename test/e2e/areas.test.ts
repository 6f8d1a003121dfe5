import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceM, pointInRing } from '../../native/analysis/geometry.js';
import type { Area } from '../../native/contract/methods.js';
import { ExcelJS } from '../../native/export/exceljs.js';
import { demoCopy, Workbench } from './workbench-page.js';
const shots = process.env.KETU_SHOTS;

interface PlaceRow {
  lng: number;
  lat: number;
  customer_id: number;
}

/** Places straight from the file: the independent side of every count shown in the panel. */
function readPlaces(path: string): PlaceRow[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT lng, lat, customer_id FROM places').all() as PlaceRow[];
  } finally {
    db.close();
  }
}

describe('target areas in the workbench: draw, list, count, undo, export', () => {
  const { dir, project } = demoCopy('ketu-e2e-areas-');
  let wb: Workbench;
  let places: PlaceRow[] = [];

  const listAreas = async (): Promise<Area[]> => {
    const r = await wb.dispatcher.call('areas.list', {});
    if (!r.ok) throw new Error(r.error.message);
    return r.result as Area[];
  };
  const area = async (name: string): Promise<Area> => {
    const found = (await listAreas()).find((a) => a.name === name);
    if (found === undefined) throw new Error(`no area ${name}`);
    return found;
  };
  const inside = (a: Area): number => places.filter((p) => pointInRing(p.lng, p.lat, a.ring)).length;
  const customersInside = (a: Area): number => new Set(places.filter((p) => pointInRing(p.lng, p.lat, a.ring)).map((p) => p.customer_id)).size;
  const shot = async (name: string): Promise<void> => {
    if (shots !== undefined) await wb.page.screenshot({ path: `${shots}/${name}.png` });
  };
  const clickMap = (points: ReadonlyArray<readonly [number, number]>): Promise<void> => wb.map.click(points);
  const areaCount = (): Promise<number> => listAreas().then((list) => list.length);
  const notice = (): Promise<string> => wb.textOf('area-notice');

  beforeAll(async () => {
    places = readPlaces(project);
    wb = await Workbench.start(project);
    await wb.waitReady();
    await wb.areas.open();
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('draws a polygon by clicking on the map and lists it with its count', async () => {
    const { page, areas: panel } = wb;
    await page.keyboard.press('p');
    await expect.poll(() => panel.tool('polygon').getAttribute('aria-pressed')).toBe('true');
    await clickMap([
      [300, 250],
      [500, 230],
      [560, 420],
      [320, 450],
    ]);
    await shot('areas-drawing');
    // Closing on the first corner saves it.
    await clickMap([[300, 250]]);
    await expect.poll(areaCount, { timeout: 30_000 }).toBe(1);
    const polygon = await area('区域1');
    expect(polygon.kind).toBe('polygon');
    expect(polygon.ring.length).toBe(5);
    await expect.poll(() => panel.row('区域1').count()).toBe(1);
    await panel.tab('counts');
    await expect.poll(() => panel.total('区域1'), { timeout: 30_000 }).toBe(String(inside(polygon)));
    expect(inside(polygon)).toBeGreaterThan(0);
  });

  it('draws a rectangle and a circle with a typed radius', async () => {
    const { page, areas: panel } = wb;
    await panel.tool('rectangle').click();
    await clickMap([
      [280, 520],
      [420, 640],
    ]);
    await expect.poll(areaCount, { timeout: 30_000 }).toBe(2);
    const rect = await area('区域2');
    const xs = new Set(rect.ring.map((p) => p[0].toFixed(6)));
    const ys = new Set(rect.ring.map((p) => p[1].toFixed(6)));
    expect([xs.size, ys.size]).toEqual([2, 2]);

    await page.keyboard.press('c');
    await panel.circleRadius().fill('1500');
    await clickMap([[450, 600]]);
    await expect.poll(areaCount, { timeout: 30_000 }).toBe(3);
    const circle = await area('区域3');
    expect(circle).toMatchObject({ kind: 'circle', radiusM: 1500 });
    const centre = circle.center ?? { lng: 0, lat: 0 };
    for (const p of circle.ring) expect(distanceM([centre.lng, centre.lat], p)).toBeCloseTo(1500, -1);
    await panel.tab('counts');
    for (const name of ['区域2', '区域3']) {
      const a = await area(name);
      await expect.poll(() => panel.total(name), { timeout: 30_000 }).toBe(String(inside(a)));
    }
    await shot('areas-counts');
  });

  it('makes rings around 本案 with their counts', async () => {
    const { areas: panel } = wb;
    await panel.tab('rings');
    await panel.createRings('1, 3');
    await expect.poll(areaCount, { timeout: 30_000 }).toBe(5);
    const db = new Database(project, { readonly: true });
    const site = db.prepare("SELECT fid FROM sites WHERE kind = 'project'").get() as { fid: number };
    db.close();
    const info = await wb.dispatcher.call('project.info', {});
    const s = info.ok ? (info.result as { sites: Array<{ id: number; lng: number; lat: number }> }).sites.find((x) => x.id === site.fid) : undefined;
    if (s === undefined) throw new Error('no 本案');
    for (const km of [1, 3]) {
      const ring = await area(`本案${km}公里`);
      expect(ring).toMatchObject({ kind: 'circle', radiusM: km * 1000, center: { lng: s.lng, lat: s.lat } });
      await expect.poll(() => panel.ringResults().innerText(), { timeout: 30_000 }).toContain(`本案${km}公里：${inside(ring).toLocaleString('zh-CN')} 个地点`);
    }
    expect(inside(await area('本案3公里'))).toBeGreaterThan(inside(await area('本案1公里')));
    await shot('areas-rings');
  });

  it('makes a catchment ring around a point clicked on the map', async () => {
    const { areas: panel } = wb;
    const before = await areaCount();
    await panel.pickRingCentre();
    await expect.poll(() => panel.hint().innerText()).toContain('在地图上点击一点');
    await clickMap([[420, 330]]);
    await expect.poll(() => panel.ringCentre().innerText()).toContain('点选位置');
    await panel.createRings('2');
    await expect.poll(areaCount, { timeout: 30_000 }).toBe(before + 1);
    const ring = await area('点选位置2公里');
    expect(ring).toMatchObject({ kind: 'circle', radiusM: 2000 });
    const shown = /（([\d.]+), ([\d.]+)）/.exec(await panel.ringCentre().innerText());
    expect(ring.center?.lng).toBeCloseTo(Number(shown?.[1]), 4);
    expect(ring.center?.lat).toBeCloseTo(Number(shown?.[2]), 4);
    await expect.poll(() => panel.ringResults().innerText(), { timeout: 30_000 }).toContain(`点选位置2公里：${inside(ring).toLocaleString('zh-CN')} 个地点`);
    // Not needed further: removed through the engine so later counts stay as planned.
    await wb.dispatcher.call('areas.remove', { id: ring.id });
  });

  it('lists 机会战场 near 本案 and turns one into an area; grades areas by output with saved thresholds', async () => {
    const { page, areas: panel } = wb;
    await panel.tab('opportunities');
    // The demo's communities all have customers: cells worth a visit there hold a few dozen places.
    await panel.findOpportunities('6', '60');
    const expected = await wb.dispatcher.call('areas.opportunities', { by: 'grid', radiusM: 6000, cellM: 1000, maxCount: 60 });
    if (!expected.ok) throw new Error(expected.error.message);
    const cells = (expected.result as { cells: Array<{ label: string; count: number }> }).cells;
    await expect.poll(() => panel.oppRows().count(), { timeout: 30_000 }).toBe(cells.length);
    expect(cells.length).toBeGreaterThan(0);
    // Named by district and nearest known place, as the list shows them, not 「西1南1」.
    expect(await panel.oppRows().first().locator('td').first().innerText()).toBe(cells[0]?.label);
    for (const c of cells) expect(c.label).toMatch(/^\S+区 · 近\S+/);
    const before = await areaCount();
    await panel.convertFirstOpportunity();
    await expect.poll(areaCount, { timeout: 30_000 }).toBe(before + 1);
    expect((await listAreas()).map((a) => a.name)).toContain(`机会-${cells[0]?.label ?? ''}`);
    await shot('areas-opportunities');

    await panel.tab('grading');
    await panel.threshold('A', 'deals', '50');
    await panel.threshold('A', 'visitors', '0');
    await panel.threshold('B', 'deals', '1');
    await panel.threshold('B', 'visitors', '0');
    await panel.threshold('C', 'visitors', '1');
    await panel.threshold('C', 'prospects', '0');
    await panel.applyGrades();
    await expect.poll(notice, { timeout: 30_000 }).toContain('写入等级');
    // Deals per area counted here from the file: customers (not places) of stage deals inside each area.
    const db = new Database(project, { readonly: true });
    const deals = db.prepare("SELECT p.lng, p.lat, p.customer_id c FROM places p JOIN customer_records r ON r.id = p.record_id WHERE r.stage = 'deals'").all() as Array<{ lng: number; lat: number; c: number }>;
    const visits = db.prepare("SELECT p.lng, p.lat, p.customer_id c FROM places p JOIN customer_records r ON r.id = p.record_id WHERE r.stage = 'visitors'").all() as Array<{ lng: number; lat: number; c: number }>;
    db.close();
    for (const a of await listAreas()) {
      const d = new Set(deals.filter((p) => pointInRing(p.lng, p.lat, a.ring)).map((p) => p.c)).size;
      const v = new Set(visits.filter((p) => pointInRing(p.lng, p.lat, a.ring)).map((p) => p.c)).size;
      expect(a.grade, a.name).toBe(d >= 50 ? 'A' : d >= 1 ? 'B' : v >= 1 ? 'C' : 'D');
    }
    const saved = await wb.dispatcher.call('areas.grade', {});
    expect(saved.ok ? (saved.result as { thresholds: unknown }).thresholds : null).toEqual({
      A: { prospects: 0, visitors: 0, deals: 50 },
      B: { prospects: 0, visitors: 0, deals: 1 },
      C: { prospects: 0, visitors: 1, deals: 0 },
    });
    await panel.byGrade().check();
    await shot('areas-grading');
    await panel.byGrade().uncheck();
    // Graded with one undo step.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await listAreas()).every((a) => a.grade === null), { timeout: 30_000 }).toBe(true);
    await panel.tab('list');
  });

  it('renames, grades and deletes an area, with undo and redo', async () => {
    const { page, areas: panel } = wb;
    await panel.tab('list');
    await panel.rename('区域1', '滨江板块');
    await expect.poll(async () => (await listAreas()).map((a) => a.name)).toContain('滨江板块');
    await panel.setGrade('滨江板块', 'A');
    await expect.poll(async () => (await area('滨江板块')).grade).toBe('A');

    // Undo and redo are the workbench's (one history with layer edits and imports): they report in the toast.
    const toast = (): Promise<string> => wb.toast();
    const all = await areaCount();
    await panel.remove('区域2');
    await expect.poll(notice).toContain('已删除区域「区域2」');
    expect(await areaCount()).toBe(all - 1);
    // Each step waits for the panel to report it: keys pressed faster would find the step still running.
    const step = async (keys: string, reported: string): Promise<void> => {
      await page.keyboard.press(keys);
      await expect.poll(toast, { timeout: 30_000 }).toContain(reported);
    };
    await step('Control+z', '已撤销：删除区域「区域2」');
    expect((await listAreas()).map((a) => a.name)).toContain('区域2');
    await step('Control+Shift+z', '已重做：删除区域「区域2」');
    expect((await listAreas()).map((a) => a.name)).not.toContain('区域2');
    await panel.undo();
    await expect.poll(toast, { timeout: 30_000 }).toContain('已撤销：删除区域「区域2」');
    expect((await listAreas()).map((a) => a.name)).toContain('区域2');
    // Further back: the grade, then the name.
    await step('Control+z', '已撤销：设置区域「滨江板块」的等级');
    expect((await area('滨江板块')).grade).toBe(null);
    await step('Control+z', '已撤销：重命名区域「滨江板块」');
    expect((await listAreas()).map((a) => a.name)).toContain('区域1');
    await step('Control+Shift+z', '已重做：重命名区域「滨江板块」');
    await step('Control+Shift+z', '已重做：设置区域「滨江板块」的等级');
    expect((await area('滨江板块')).grade).toBe('A');
    // The import list's Ctrl+Z (undo last import) did not fire: no confirmation was asked.
    expect(await wb.shell.modalBackdrop().count()).toBe(0);
    await shot('areas-list');
  });

  it('refuses a self-crossing polygon with the engine’s message', async () => {
    const { page } = wb;
    const before = await areaCount();
    await page.keyboard.press('p');
    await clickMap([
      [300, 300],
      [460, 420],
      [460, 300],
      [300, 420],
      [300, 300],
    ]);
    await expect.poll(() => wb.dialogError(), { timeout: 30_000 }).toContain('自相交');
    expect(await areaCount()).toBe(before);
    await shot('areas-refused');
    await page.keyboard.press('Escape');
  });

  it('moves a corner of a polygon in the select tool; undo puts it back; Delete removes the area', async () => {
    const { page, areas: panel } = wb;
    const before = await areaCount();
    await page.keyboard.press('p');
    await clickMap([
      [320, 260],
      [480, 260],
      [480, 400],
      [320, 400],
      [320, 260],
    ]);
    await expect.poll(areaCount, { timeout: 30_000 }).toBe(before + 1);
    const drawn = (await listAreas()).reduce((a, b) => (b.id > a.id ? b : a));
    await page.keyboard.press('v');
    // A click inside picks the area on the map and loads it for editing.
    await clickMap([[400, 330]]);
    await expect.poll(() => panel.row(drawn.name).getAttribute('class')).toBe('selected');
    await shot('areas-editing');
    await wb.map.drag([480, 400], [540, 460]);
    await expect.poll(notice, { timeout: 30_000 }).toBe('');
    await expect.poll(async () => JSON.stringify((await area(drawn.name)).ring), { timeout: 30_000 }).not.toBe(JSON.stringify(drawn.ring));
    const moved = await area(drawn.name);
    // One corner moved down and right; the others stayed.
    expect(moved.ring.filter((p) => drawn.ring.some((q) => q[0] === p[0] && q[1] === p[1])).length).toBe(4);
    await page.keyboard.press('Control+z');
    await expect.poll(() => wb.toast(), { timeout: 30_000 }).toContain(`已撤销：修改区域「${drawn.name}」的形状`);
    expect((await area(drawn.name)).ring).toEqual(drawn.ring);
    await clickMap([[400, 330]]);
    await expect.poll(() => panel.row(drawn.name).getAttribute('class')).toBe('selected');
    await page.keyboard.press('Delete');
    await expect.poll(areaCount, { timeout: 30_000 }).toBe(before);
  });

  it('snaps a polygon corner to a district boundary when asked', async () => {
    const { page, areas: panel } = wb;
    // Where two pixels lie, read off the status bar: enough to place boundary corners on screen at this scale.
    const a = await wb.map.lngLatAt(250, 200);
    const b = await wb.map.lngLatAt(600, 600);
    const toPx = (p: readonly [number, number]): [number, number] => [250 + ((p[0] - a[0]) / (b[0] - a[0])) * 350, 200 + ((p[1] - a[1]) / (b[1] - a[1])) * 400];
    const file = JSON.parse(readFileSync(fileURLToPath(new URL('../../resources/basemap/districts.geojson', import.meta.url)), 'utf8')) as {
      features: Array<{ geometry: { type: string; coordinates: unknown } }>;
    };
    const corners = file.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates as number[][][]] : (f.geometry.coordinates as number[][][][]))).flat(2) as Array<[number, number]>;
    const onScreen = corners.map((c) => ({ c, px: toPx(c) })).filter(({ px }) => px[0] > 280 && px[0] < 560 && px[1] > 230 && px[1] < 560);
    // A corner with no other boundary corner within 25 px: the snap has one answer.
    const target = onScreen.find(({ c, px }) => onScreen.every((o) => (o.c[0] === c[0] && o.c[1] === c[1]) || Math.hypot(o.px[0] - px[0], o.px[1] - px[1]) > 25));
    if (target === undefined) throw new Error('no district boundary corner in view to snap to');
    await panel.snap().check();
    await expect.poll(() => panel.snap().getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    const before = await areaCount();
    const [x, y] = target.px;
    await page.keyboard.press('p');
    const far = x < 420 ? 1 : -1;
    await clickMap([
      [x + 7, y + 5],
      [x + far * 120, y + 10],
      [x + far * 80, y + 110],
      [x + 7, y + 5],
    ]);
    await shot('areas-snap');
    await expect.poll(areaCount, { timeout: 30_000 }).toBe(before + 1);
    const drawn = (await listAreas()).reduce((p, q) => (q.id > p.id ? q : p));
    expect(drawn.ring.some((c) => Math.abs(c[0] - target.c[0]) < 1e-6 && Math.abs(c[1] - target.c[1]) < 1e-6)).toBe(true);
    await panel.snap().uncheck();
    await wb.dispatcher.call('areas.remove', { id: drawn.id });
  });

  it('exports an area’s list with chosen columns, phones masked, and reads it back', async () => {
    const { areas: panel } = wb;
    await panel.tab('export');
    const target = await area('本案3公里');
    await panel.exportArea().selectOption(String(target.id));
    await panel.exportColumn('address').uncheck();
    await panel.exportColumn('channel').check();
    const out = dir.file('本案3公里-清单.xlsx');
    await panel.exportPath().fill(out);
    await panel.runExport();
    await expect.poll(() => panel.exportResult().innerText(), { timeout: 30_000 }).toContain(out);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.worksheets[0];
    if (sheet === undefined) throw new Error('no sheet');
    // One row per customer (the engine's default), the places inside under 住家/工作/娱乐, under a note row.
    expect(sheet.getRow(2).getCell(1).text).toMatch(/^筛选条件：/);
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(header).toEqual(['序号', '姓名', '电话', '住家', '工作', '娱乐', '行业', '客户阶段', '产品类型', '面积(㎡)', '渠道']);
    expect(sheet.rowCount - 3).toBe(customersInside(target));
    expect(sheet.getRow(4).getCell(3).text).toMatch(/^1\d{2}\*{4}\d{4}$/);
    await shot('areas-export');
  });

  it('keeps the areas after reopening the project', async () => {
    const names = (await listAreas()).map((a) => a.name);
    await wb.close();
    wb = await Workbench.start(project);
    await wb.waitReady();
    await wb.areas.open();
    for (const name of names) await expect.poll(() => wb.areas.row(name).count(), { timeout: 30_000 }).toBe(1);
    expect(names).toEqual(expect.arrayContaining(['滨江板块', '区域2', '区域3', '本案1公里', '本案3公里']));
  });
});
