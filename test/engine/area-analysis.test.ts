import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceM, pointInRing } from '../../native/analysis/geometry.js';
import type { Area, AreaGrading } from '../../native/contract/methods.js';
import { generateDemo } from '../../native/demo/generate-demo.js';
import { runCli } from '../../native/host/cli.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { ExcelJS } from '../../native/export/exceljs.js';
import { tempDir } from '../support/files.js';
import { resourcesDir } from '../support/resources.js';
import { engineCall } from '../support/engine-call.js';
import { sqlRows } from '../support/sql-oracle.js';

interface PlaceRow {
  fid: number;
  lng: number;
  lat: number;
  role: string;
  customer_id: number;
  district: string | null;
  stage: string | null;
  attributes: string | null;
}

/** Every place with its record, read straight from the file: the independent side of every count. */
function readPlaces(project: string): PlaceRow[] {
  return sqlRows<PlaceRow>(project, 'SELECT p.fid, p.lng, p.lat, p.role, p.customer_id, p.district, r.stage, r.attributes FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ORDER BY p.fid');
}

async function readSheet(path: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (ws === undefined) throw new Error('no sheet');
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.text));
    rows.push(cells);
  });
  return rows;
}

describe('area analysis on the demo project: 面积段, grading, 机会战场, lists', () => {
  const dir = tempDir();
  const project = dir.file('analysis.ketu');
  const { dispatcher, engine } = createEngineHost();
  const call = engineCall(dispatcher);
  const site: [number, number] = [0, 0];
  let places: PlaceRow[] = [];

  beforeAll(async () => {
    const info = generateDemo(project, resourcesDir);
    const s = info.sites.find((x) => x.kind === 'project');
    if (s === undefined) throw new Error('demo has no 本案');
    site[0] = s.lng;
    site[1] = s.lat;
    await call('project.open', { path: project });
    places = readPlaces(project);
    await call('areas.add', { name: '本案3公里', shape: { kind: 'circle', lng: site[0], lat: site[1], radiusM: 3000 } });
    await call('areas.add', { name: '西湖', shape: { kind: 'polygon', ring: [[120.08, 30.2], [120.2, 30.2], [120.2, 30.3], [120.08, 30.3]] } });
    await call('areas.add', { name: '空白', shape: { kind: 'circle', lng: 121.5, lat: 31.2, radiusM: 500 } });
  });
  afterAll(() => {
    engine.close();
    dir.remove();
  });

  it('counts by 面积段 with the planner’s cut points, equal to a plain loop', async () => {
    const counts = await call('areas.count', { by: 'areaBand', bands: [90, 144] });
    const areas = await call('areas.list', {});
    for (const area of areas) {
      const expected: Record<string, number> = {};
      for (const p of places) {
        if (!pointInRing(p.lng, p.lat, area.ring)) continue;
        const a = (JSON.parse(p.attributes ?? '{}') as { area?: number }).area;
        const band = a === undefined ? '未标注' : a < 90 ? '<90㎡' : a < 144 ? '90–144㎡' : '≥144㎡';
        expected[band] = (expected[band] ?? 0) + 1;
      }
      expect(counts.areas.find((x) => x.id === area.id)?.counts).toEqual(expected);
    }
    expect(Object.keys(counts.areas[0]?.counts ?? {}).sort()).toEqual(['90–144㎡', '<90㎡', '≥144㎡', '未标注'].filter((k) => k in (counts.areas[0]?.counts ?? {})).sort());
    expect(counts.areas[0]?.total).toBeGreaterThan(0);
  });

  it('grades areas by visits and deals (distinct customers), saves the thresholds and applies the grades', async () => {
    const thresholds = { A: { prospects: 0, visitors: 40, deals: 20 }, B: { prospects: 0, visitors: 10, deals: 1 }, C: { prospects: 0, visitors: 1, deals: 0 } };
    const graded = await call('areas.grade', { thresholds, apply: true });
    const areas = await call('areas.list', {});
    for (const area of areas) {
      const people = { prospects: new Set<number>(), visitors: new Set<number>(), deals: new Set<number>() };
      for (const p of places) {
        if (pointInRing(p.lng, p.lat, area.ring) && (p.stage === 'prospects' || p.stage === 'visitors' || p.stage === 'deals')) people[p.stage].add(p.customer_id);
      }
      const out = { prospects: people.prospects.size, visitors: people.visitors.size, deals: people.deals.size };
      const grade = (['A', 'B', 'C'] as const).find((g) => out.prospects >= thresholds[g].prospects && out.visitors >= thresholds[g].visitors && out.deals >= thresholds[g].deals) ?? 'D';
      const got = graded.areas.find((a) => a.id === area.id);
      expect(got).toMatchObject({ ...out, grade });
      expect(area.grade).toBe(grade);
    }
    expect(graded.areas.find((a) => a.name === '空白')?.grade).toBe('D');
    expect(graded.areas.find((a) => a.name === '本案3公里')?.deals).toBeGreaterThan(0);
    // Saved in the project: asked again without thresholds, the same ones come back, also after reopening.
    await call('project.open', { path: project });
    expect((await call('areas.grade', {})).thresholds).toEqual(thresholds);
  });

  it('finds 机会战场: grid cells near 本案 with few places, counted as a plain loop counts them', async () => {
    // Counting only here: the worth-a-visit limits (distance, known communities) are in opportunity-names.test.ts.
    const all = { minDistanceM: 0, minCommunities: 0 };
    const result = await call('areas.opportunities', { by: 'grid', radiusM: 4000, cellM: 1000, maxCount: 2, ...all });
    expect(result.center).toEqual(site);
    expect(result.cells.length).toBeGreaterThan(0);
    for (const cell of result.cells) {
      expect(cell.distanceM).toBeLessThanOrEqual(4000);
      const [w, s] = cell.ring[0] ?? [0, 0];
      const [e, n] = cell.ring[2] ?? [0, 0];
      // Cells are half-open; points on a shared edge are rare enough in the demo to ignore.
      const inside = places.filter((p) => p.lng >= w && p.lng < e && p.lat >= s && p.lat < n).length;
      expect(cell.count).toBe(inside);
      expect(cell.count).toBeLessThanOrEqual(2);
    }
    // Nearest first; a cell with more places than allowed never shows.
    const distances = result.cells.map((c) => c.distanceM);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    const crowded = await call('areas.opportunities', { by: 'grid', radiusM: 4000, cellM: 1000, maxCount: 100_000, ...all });
    expect(crowded.cells.length).toBeGreaterThan(result.cells.length);
    expect(crowded.cells.reduce((n, c) => n + c.count, 0)).toBe(
      places.filter((p) => crowded.cells.some((c) => p.lng >= (c.ring[0]?.[0] ?? 0) && p.lng < (c.ring[2]?.[0] ?? 0) && p.lat >= (c.ring[0]?.[1] ?? 0) && p.lat < (c.ring[2]?.[1] ?? 0))).length,
    );

    const districts = await call('areas.opportunities', { by: 'district', radiusM: 15_000, maxCount: 100_000, ...all });
    expect(districts.cells.length).toBeGreaterThan(0);
    for (const d of districts.cells) expect(d.count).toBe(places.filter((p) => p.district === d.key).length);
    // A cell becomes an area as drawn.
    const first = result.cells[0];
    if (first === undefined) throw new Error('no cell');
    const area = await call('areas.add', { name: first.label, shape: { kind: 'polygon', ring: first.ring } });
    expect(area.kind).toBe('polygon');
    await call('areas.remove', { id: area.id });
  });

  it('exports an area list with the chosen columns, phones masked unless asked', async () => {
    const out = dir.file('清单.xlsx');
    const result = await call('areas.export', { area: '本案3公里', out, columns: ['name', 'phone', 'product', 'area', 'channel'], rows: 'place' });
    const rows = await readSheet(out);
    expect(rows[1]).toEqual(['筛选条件：无（全部客户）']);
    expect(rows[2]).toEqual(['序号', '姓名', '电话', '产品类型', '面积(㎡)', '渠道']);
    const ring = (await call('areas.list', {})).find((a) => a.name === '本案3公里')?.ring ?? [];
    expect(result.rows).toBe(places.filter((p) => pointInRing(p.lng, p.lat, ring)).length);
    expect(rows.length - 3).toBe(result.rows);
    expect(rows[3]?.[2]).toMatch(/^1\d{2}\*{4}\d{4}$/);
    await call('areas.export', { area: '本案3公里', out, columns: ['phone'], maskPhones: false });
    expect((await readSheet(out))[3]?.[1]).toMatch(/^1\d{10}$/);
  });

  it('moves and reshapes an area, and keeps it hidden', async () => {
    const areas = await call('areas.list', {});
    const circle = areas.find((a) => a.name === '本案3公里');
    if (circle === undefined) throw new Error('no circle');
    const moved = await call('areas.update', { id: circle.id, hidden: true, shape: { kind: 'circle', lng: site[0] + 0.01, lat: site[1], radiusM: 2000 } });
    expect(moved).toMatchObject({ kind: 'circle', radiusM: 2000, hidden: true, center: { lng: site[0] + 0.01, lat: site[1] } });
    for (const p of moved.ring) expect(distanceM([site[0] + 0.01, site[1]], p)).toBeCloseTo(2000, -1);
    const reshaped = await call('areas.update', { id: circle.id, shape: { kind: 'polygon', ring: [[120.1, 30.1], [120.2, 30.1], [120.15, 30.2]] } });
    expect(reshaped).toMatchObject({ kind: 'polygon', center: null, radiusM: null, hidden: true });
    const bad = await dispatcher.call('areas.update', { id: circle.id, shape: { kind: 'polygon', ring: [[120, 30], [120.1, 30.1], [120.1, 30], [120, 30.1]] } });
    expect(bad.ok ? '' : bad.error.message).toMatch(/自相交/);
    expect((await call('areas.list', {})).find((a) => a.id === circle.id)?.kind).toBe('polygon');
  });

  it('ketu list --columns, ketu areas grade and opportunities', async () => {
    const copy = dir.file('cli.ketu');
    generateDemo(copy, resourcesDir);
    const out: string[] = [];
    const cli = (...args: string[]): Promise<number> => runCli(args, (l) => out.push(l));
    expect(await cli('areas', 'add', copy, '--circle', `${site[0]},${site[1]},2000`, '--name', '2公里')).toBe(0);
    const list = dir.file('2km.xlsx');
    expect(await cli('list', copy, '--area', '2公里', '--out', list, '--columns', 'name,phone,stage')).toBe(1);
    expect(await cli('areas', 'add', copy, '--circle', '120.15,30.25,5000', '--name', '西湖')).toBe(0);
    expect(await cli('list', copy, '--area', '西湖', '--out', list, '--columns', 'name,phone,stage')).toBe(0);
    expect((await readSheet(list))[2]).toEqual(['序号', '姓名', '电话', '客户阶段', '住家', '工作', '娱乐']);
    expect(await cli('list', copy, '--area', '2公里', '--out', list, '--columns', 'name,shoe')).toBe(1);
    out.length = 0;
    expect(await cli('areas', 'grade', copy, '--thresholds', 'A=deals:1000;B=deals:0;C=visits:0', '--apply', '--json')).toBe(0);
    const graded = JSON.parse(out[0] ?? '{}') as AreaGrading;
    expect(graded.thresholds.A).toEqual({ prospects: 0, visitors: 0, deals: 1000 });
    expect(graded.areas[0]?.grade).toBe('B');
    out.length = 0;
    expect(await cli('areas', 'list', copy, '--json')).toBe(0);
    expect((JSON.parse(out[0] ?? '[]') as Area[])[0]?.grade).toBe('B');
    out.length = 0;
    expect(await cli('areas', 'opportunities', copy, '--radius', '3000', '--max', '0')).toBe(0);
    expect(out.join('\n')).toMatch(/机会战场 \d+ 处/);
    expect(await cli('areas', 'grade', copy, '--thresholds', 'E=deals:1')).toBe(1);
  });
});
