import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointInRing } from '../../native/analysis/geometry.js';
import type { AreaGrading, Ranking } from '../../native/contract/methods.js';
import { generateDemo } from '../../native/demo/generate-demo.js';
import type { Worksheet } from 'exceljs';
import { ExcelJS } from '../../native/export/exceljs.js';
import { runCli } from '../../native/host/cli.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { CallRefused, engineCall } from '../support/engine-call.js';
import { tempDir } from '../support/files.js';
import { resourcesDir } from '../support/resources.js';
import { sqlRows } from '../support/sql-oracle.js';

interface PlaceRow {
  lng: number;
  lat: number;
  customer_id: number;
  stage: string | null;
  product: string | null;
}

/** The demo's places with their record's stage and product, read straight from the file. */
function readPlaces(project: string): PlaceRow[] {
  return sqlRows<PlaceRow>(project, "SELECT p.lng, p.lat, p.customer_id, r.stage, json_extract(r.attributes, '$.product') AS product FROM places p LEFT JOIN customer_records r ON r.id = p.record_id");
}

async function sheetOf(path: string): Promise<Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (ws === undefined) throw new Error('no sheet');
  return ws;
}

const thresholds = { A: { prospects: 0, visitors: 1, deals: 1 }, B: { prospects: 0, visitors: 1, deals: 0 }, C: { prospects: 0, visitors: 1, deals: 0 } };

/** The grade by the same rule from independent counts. */
function gradeFrom(people: { prospects: number; visitors: number; deals: number }): string {
  return (['A', 'B', 'C'] as const).find((g) => people.prospects >= thresholds[g].prospects && people.visitors >= thresholds[g].visitors && people.deals >= thresholds[g].deals) ?? 'D';
}

describe('figures a planner hands on: grading, area lists, ranking sheets', () => {
  const dir = tempDir();
  const project = dir.file('figures.ketu');
  const { dispatcher, engine } = createEngineHost();
  const call = engineCall(dispatcher);
  let places: PlaceRow[] = [];
  let ring: Array<[number, number]> = [];

  beforeAll(async () => {
    const info = generateDemo(project, resourcesDir);
    const site = info.sites.find((s) => s.kind === 'project');
    if (site === undefined) throw new Error('demo has no 本案');
    await call('project.open', { path: project });
    places = readPlaces(project);
    ring = (await call('areas.add', { name: '本案3公里', shape: { kind: 'circle', lng: site.lng, lat: site.lat, radiusM: 3000 } })).ring;
    await call('areas.add', { name: '空白', shape: { kind: 'circle', lng: 121.5, lat: 31.2, radiusM: 500 } });
  });
  afterAll(() => {
    engine.close();
    dir.remove();
  });

  it('grades by every stage whatever the map filter: a 成交 filter no longer turns the area into a D', async () => {
    const inside = places.filter((p) => pointInRing(p.lng, p.lat, ring));
    const count = (rows: PlaceRow[], stage: string): number => new Set(rows.filter((p) => p.stage === stage).map((p) => p.customer_id)).size;
    const all = { prospects: count(inside, 'prospects'), visitors: count(inside, 'visitors'), deals: count(inside, 'deals') };
    expect(all.visitors).toBeGreaterThan(0);
    expect(all.deals).toBeGreaterThan(0);
    // What the old grading counted under a 成交 filter: deals only, so no visits, so D.
    const dealsOnly = inside.filter((p) => p.stage === 'deals');
    expect(gradeFrom({ prospects: 0, visitors: count(dealsOnly, 'visitors'), deals: count(dealsOnly, 'deals') })).toBe('D');
    expect(gradeFrom(all)).toBe('A');

    const graded = await call('areas.grade', { thresholds, filter: { stages: ['deals'] }, apply: true });
    const area = graded.areas.find((a) => a.name === '本案3公里');
    expect(area).toMatchObject({ ...all, grade: 'A' });
    expect(graded).toMatchObject({ filtered: false, filter: {}, filterText: '', filterIgnored: true });
    expect((await call('areas.list', {})).find((a) => a.name === '本案3公里')?.grade).toBe('A');
    expect((await call('areas.grade', {})).filterIgnored).toBe(false);

    // Asked to grade within a filter: the filter narrows, its stage part never does, and the result says which it used.
    const product = places.find((p) => p.product !== null)?.product ?? '';
    const within = await call('areas.grade', { filter: { stages: ['deals'], products: [product] }, useFilter: true });
    const mine = inside.filter((p) => p.product === product);
    expect(within.areas.find((a) => a.name === '本案3公里')).toMatchObject({ prospects: count(mine, 'prospects'), visitors: count(mine, 'visitors'), deals: count(mine, 'deals') });
    expect(within).toMatchObject({ filtered: true, filter: { products: [product] }, filterText: `产品类型：${product}`, filterIgnored: false });
  });

  it('lists an area one row per customer (places in 住家/工作/娱乐 columns), counting distinct customers as SQL does', async () => {
    const inside = places.filter((p) => pointInRing(p.lng, p.lat, ring));
    const customers = new Set(inside.map((p) => p.customer_id)).size;
    expect(customers).toBeLessThan(inside.length);
    const out = dir.file('清单.xlsx');
    const result = await call('areas.export', { area: '本案3公里', out, columns: ['name', 'phone', 'role', 'place', 'stage'] });
    expect(result).toMatchObject({ rows: customers, customers, places: inside.length, rowsPer: 'customer', filterText: '' });
    const ws = await sheetOf(out);
    expect(ws.getRow(1).getCell(1).text).toContain(`${customers} 位客户`);
    expect(ws.getRow(2).getCell(1).value).toBe('筛选条件：无（全部客户）');
    expect(ws.getRow(3).values).toEqual([undefined, '序号', '姓名', '电话', '住家', '工作', '娱乐', '客户阶段']);
    expect(ws.rowCount - 3).toBe(customers);
    // Nobody twice: one row per phone (masked phones differ in their visible digits only by chance, so compare names+phones).
    const people = new Set<string>();
    for (let r = 4; r <= ws.rowCount; r++) people.add(`${ws.getRow(r).getCell(2).text}|${ws.getRow(r).getCell(3).text}`);
    expect(people.size).toBe(customers);
    // A customer with places of two roles inside (home and leisure, home and work …) has two columns filled.
    const mixed = [...new Set(inside.map((p) => p.customer_id))].filter((id) => {
      const mine = sqlRows<{ role: string; lng: number; lat: number }>(project, 'SELECT role, lng, lat FROM places WHERE customer_id = ?', id).filter((p) => pointInRing(p.lng, p.lat, ring));
      return new Set(mine.map((p) => p.role)).size > 1;
    }).length;
    expect(mixed).toBeGreaterThan(0);
    let filled = 0;
    for (let r = 4; r <= ws.rowCount; r++) if ([4, 5, 6].filter((c) => ws.getRow(r).getCell(c).text !== '').length > 1) filled++;
    expect(filled).toBe(mixed);

    const perPlace = await call('areas.export', { area: '本案3公里', out, rows: 'place' });
    expect(perPlace).toMatchObject({ rows: inside.length, customers, places: inside.length, rowsPer: 'place' });

    const filtered = await call('areas.export', { area: '本案3公里', out, filter: { stages: ['deals'] } });
    expect(filtered.customers).toBe(new Set(inside.filter((p) => p.stage === 'deals').map((p) => p.customer_id)).size);
    expect(filtered.filterText).toBe('客户阶段：成交客户');
    expect((await sheetOf(out)).getRow(2).getCell(1).value).toBe('筛选条件：客户阶段：成交客户');
  });

  it('refuses an empty area (EXPORT_FAILED, reason AREA_EMPTY) and writes no file', async () => {
    const out = dir.file('空白.xlsx');
    const refused = await call('areas.export', { area: '空白', out }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(CallRefused);
    expect((refused as CallRefused).wire).toMatchObject({ code: 'EXPORT_FAILED', details: { reason: 'AREA_EMPTY', area: '空白' } });
    expect((refused as CallRefused).wire.message).toContain('区域「空白」内没有客户');
    expect(existsSync(out)).toBe(false);
  });

  it('ranking sheets say their filter in the title and a note row, and keep 占比 as a percentage-formatted number', async () => {
    const out = dir.file('排名.xlsx');
    const result = await call('stats.export', { by: 'district', top: 5, filter: { stages: ['deals'] }, out });
    expect(result.filterText).toBe('客户阶段：成交客户');
    const ranking = await call('stats.ranking', { by: 'district', top: 5, filter: { stages: ['deals'] } });
    const ws = await sheetOf(out);
    expect(ws.getRow(1).getCell(1).text).toContain('筛选：客户阶段：成交客户');
    expect(ws.getRow(2).getCell(1).value).toBe('筛选条件：客户阶段：成交客户');
    const first = ws.getRow(4).getCell(4);
    expect(typeof first.value).toBe('number');
    expect(first.value).toBeCloseTo(ranking.rows[0]?.share ?? -1, 10);
    expect(first.numFmt).toBe('0.0%');

    // The CLI writes the same sheet with --out.
    const lines: string[] = [];
    const cliOut = dir.file('cli-排名.xlsx');
    expect(await runCli(['stats', project, '--by', 'district', '--top', '5', '--filter', 'stage=deals', '--out', cliOut, '--json'], (l) => lines.push(l))).toBe(0);
    expect((JSON.parse(lines[0] ?? '{}') as Ranking).rows.length).toBe(5);
    expect((await sheetOf(cliOut)).getRow(4).getCell(4).numFmt).toBe('0.0%');
  });

  it('ketu areas count --by stage speaks Chinese; areas grade lets OR be written and says both in its help', async () => {
    const lines: string[] = [];
    const cli = (...args: string[]): Promise<number> => runCli(args, (l) => lines.push(l));
    expect(await cli('areas', 'count', project, '--by', 'stage')).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('成交客户');
    expect(text).not.toMatch(/\bdeals\b|\bvisitors\b/);
    lines.length = 0;
    expect(await cli('areas', 'count', project, '--by', 'role')).toBe(0);
    expect(lines.join('\n')).toMatch(/住家 \d+/);

    lines.length = 0;
    // OR: an A needs 100000 deals, or 1 visit; AND would give no A.
    expect(await cli('areas', 'grade', project, '--thresholds', 'A=deals:100000|visits:1;B=deals:100000;C=deals:100000', '--json')).toBe(0);
    const graded = JSON.parse(lines[0] ?? '{}') as AreaGrading;
    expect(graded.thresholds.A).toEqual({ prospects: 0, visitors: 0, deals: 100000 });
    expect(graded.thresholds.or).toEqual({ A: [{ prospects: 0, visitors: 1, deals: 0 }] });
    expect(graded.areas.find((a) => a.name === '本案3公里')?.grade).toBe('A');
    expect(graded.areas.find((a) => a.name === '空白')?.grade).toBe('D');
    lines.length = 0;
    expect(await cli('areas', 'grade', project)).toBe(0);
    expect(lines.join('\n')).toContain('成交≥100000，或 登记≥0 且 来访≥1');
    expect(lines.join('\n')).toContain('不受地图筛选影响');
    lines.length = 0;
    expect(await cli('help')).toBe(0);
    expect(lines.join('\n')).toMatch(/逗号表示「且」/);
    expect(lines.join('\n')).toMatch(/竖线 \| 表示「或」/);
  });

  it('ketu areas grade --use-filter counts within --filter (its stage part aside) and says so; without it the filter is left aside', async () => {
    const lines: string[] = [];
    const cli = (...args: string[]): Promise<number> => runCli(args, (l) => lines.push(l));
    const inside = places.filter((p) => pointInRing(p.lng, p.lat, ring));
    const product = places.find((p) => p.product !== null)?.product ?? '';
    const mine = inside.filter((p) => p.product === product);
    const count = (rows: PlaceRow[], stage: string): number => new Set(rows.filter((p) => p.stage === stage).map((p) => p.customer_id)).size;

    expect(await cli('areas', 'grade', project, '--use-filter', '--filter', 'stage=deals', '--filter', `product=${product}`, '--json')).toBe(0);
    const within = JSON.parse(lines[0] ?? '{}') as AreaGrading;
    expect(within).toMatchObject({ filtered: true, filterText: `产品类型：${product}`, filterIgnored: false });
    expect(within.areas.find((a) => a.name === '本案3公里')).toMatchObject({ prospects: count(mine, 'prospects'), visitors: count(mine, 'visitors'), deals: count(mine, 'deals') });

    lines.length = 0;
    expect(await cli('areas', 'grade', project, '--use-filter', '--filter', `product=${product}`)).toBe(0);
    expect(lines.join('\n')).toContain(`按筛选「产品类型：${product}」计数`);
    lines.length = 0;
    expect(await cli('areas', 'grade', project, '--filter', `product=${product}`)).toBe(0);
    expect(lines.join('\n')).toContain('--filter 未用于分级');
    expect(lines.join('\n')).toMatch(new RegExp(`本案3公里  登记 ${count(inside, 'prospects')} · 来访 ${count(inside, 'visitors')} · 成交 ${count(inside, 'deals')} `));
    lines.length = 0;
    expect(await cli('help', 'areas')).toBe(0);
    expect(lines.join('\n')).toContain('--use-filter');
  });
});
