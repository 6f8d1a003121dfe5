import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { distanceM, pointInRing } from '../../native/analysis/geometry.js';
import { mixDimensions } from '../../native/contract/revision.js';
import type { MixDimension, Revision } from '../../native/contract/revision.js';
import { ExcelJS } from '../../native/export/exceljs.js';
import { runCli } from '../../native/host/cli.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { tempDir, writeXlsx } from '../support/files.js';
import { buildRevisionScenario, clusters, dayOf, deals, scenarioHeader, setImportDays, THIRD } from '../support/revision-scenario.js';
import type { Cell } from '../support/files.js';
import { engineCall, refusalOf } from '../support/engine-call.js';
import { sqlRows } from '../support/sql-oracle.js';

describe('the one-third revision', () => {
  const dir = tempDir();
  const project = dir.file('revision.ketu');
  const { dispatcher, engine } = createEngineHost();
  const call = engineCall(dispatcher);

  beforeAll(() => buildRevisionScenario(call, project, dir.file));
  afterAll(() => {
    engine.close();
    dir.remove();
  });

  it('counts units sold by 房号 and finds the day the third was sold, per product too', async () => {
    const p = await call('progress.get', {});
    expect(p).toMatchObject({ units: 180, sold: 100, thirdReachedOn: THIRD, undated: 0, duplicates: [{ unit: deals[99]?.unit, customers: 2 }] });
    expect(p.share).toBeCloseTo(100 / 180, 6);
    // 洋房: every even deal; its third (34 of 100) is deal 66. 高层: every odd deal; 27 of 80 is deal 53.
    expect(p.byProduct.find((b) => b.product === '洋房')).toMatchObject({ units: 100, sold: 50, thirdReachedOn: dayOf(66) });
    expect(p.byProduct.find((b) => b.product === '高层')).toMatchObject({ units: 80, sold: 50, thirdReachedOn: dayOf(53) });
    const months = new Map<string, number>();
    for (const d of deals.slice(0, 100)) months.set(d.date.slice(0, 7), (months.get(d.date.slice(0, 7)) ?? 0) + 1);
    expect(p.byMonth.map((m) => [m.month, m.sold])).toEqual([...months]);
    expect(p.byMonth.at(-1)?.cumulative).toBe(100);
  });

  const oracle = (stageWhere: string, key: string, role: 'home' | 'work' = 'home', ...args: string[]): Map<string, number> =>
    new Map(
      sqlRows<{ k: string; n: number }>(
        project,
        `SELECT ${key} AS k, count(DISTINCT p.customer_id) AS n FROM places p JOIN customer_records r ON r.id = p.record_id
         WHERE p.role = '${role}' AND ${stageWhere} AND ${key} IS NOT NULL GROUP BY 1`,
        ...args,
      ).map((r) => [r.k, r.n]),
    );
  const oracleKeys: Record<MixDimension, { key: string; role?: 'work' }> = {
    district: { key: 'p.district' },
    city: { key: 'p.city' },
    industry: { key: 'p.industry', role: 'work' },
    purpose: { key: "json_extract(r.attributes, '$.purpose')" },
    family: { key: "json_extract(r.attributes, '$.family')" },
    ageBand: { key: "json_extract(r.attributes, '$.ageBand')" },
    income: { key: "json_extract(r.attributes, '$.\"家庭年收入\"')" },
    channel: { key: "json_extract(r.attributes, '$.channel')" },
    product: { key: "json_extract(r.attributes, '$.product')" },
    areaBand: {
      key: "CASE WHEN json_extract(r.attributes, '$.area') < 90 THEN '<90㎡' WHEN json_extract(r.attributes, '$.area') < 120 THEN '90–120㎡' WHEN json_extract(r.attributes, '$.area') < 144 THEN '120–144㎡' WHEN json_extract(r.attributes, '$.area') IS NOT NULL THEN '≥144㎡' END",
    },
  };

  it('compares the plan with the deals up to the third: every mix table against an independent count', async () => {
    const r = await call('revision.compare', {});
    expect(r.actual).toMatchObject({ count: 60, until: THIRD });
    expect(r.plan.count).toBe(300);
    const planWhere = "r.stage <> 'deals'";
    const actualWhere = "r.stage = 'deals' AND json_extract(r.attributes, '$.dealDate') <= ?";
    for (const dim of mixDimensions) {
      const { key, role } = oracleKeys[dim];
      const plan = oracle(planWhere, key, role);
      const actual = oracle(actualWhere, key, role, THIRD);
      const rows = r.mix[dim] ?? [];
      expect(new Map(rows.filter((m) => m.plan > 0).map((m) => [m.name, m.plan])), dim).toEqual(plan);
      expect(new Map(rows.filter((m) => m.actual > 0).map((m) => [m.name, m.actual])), dim).toEqual(actual);
      const abs = rows.map((m) => Math.abs(m.deltaPp));
      expect(abs, `${dim} sorted by shift`).toEqual([...abs].sort((a, b) => b - a));
      for (const m of rows) expect(m.flagged, `${dim} ${m.name}`).toBe(Math.abs(m.deltaPp) >= 5 && [...plan.values()].length > 0 && [...actual.values()].length > 0);
    }
    // The known shifts: 萧山区 from nothing to 24 of 60 deals; 西湖区 50% → 40%.
    expect(r.mix.district?.find((m) => m.name === '萧山区')).toMatchObject({ plan: 0, actual: 24, deltaPp: 40, flagged: true });
    expect(r.mix.district?.find((m) => m.name === '西湖区')).toMatchObject({ plan: 150, actual: 24, deltaPp: -10, flagged: true });
  });

  it('gives a column kept at import its own mix table, against an independent count; an id column is no mix', async () => {
    const r = await call('revision.compare', {});
    const key = "json_extract(r.attributes, '$.\"关注点\"')";
    const plan = oracle("r.stage <> 'deals'", key);
    const actual = oracle("r.stage = 'deals' AND json_extract(r.attributes, '$.dealDate') <= ?", key, 'home', THIRD);
    const rows = r.mix['attr:关注点'] ?? [];
    expect(new Map(rows.filter((m) => m.plan > 0).map((m) => [m.name, m.plan]))).toEqual(plan);
    expect(new Map(rows.filter((m) => m.actual > 0).map((m) => [m.name, m.actual]))).toEqual(actual);
    // 环境: none of the plan, half of the deals.
    expect(rows.find((m) => m.name === '环境')).toMatchObject({ plan: 0, actual: 30, deltaPp: 50, flagged: true });
    expect(Object.keys(r.mix)).not.toContain('attr:客户编号');
    // Kept columns follow the builtin tables, and speak in the summary like them.
    expect(Object.keys(r.mix).at(-1)).toBe('attr:关注点');
    expect(r.summary).toContain('关注点「交通」占比下降 66.7 个百分点（66.7% → 0.0%）');
  });

  it('grades the plan areas and finds the new sources', async () => {
    const r = await call('revision.compare', {});
    expect(r.areas.map((a) => [a.name, a.plan, a.actual, a.grade])).toEqual([
      ['西湖片区', 150, 24, '已印证'],
      ['拱墅片区', 120, 6, '偏弱'],
    ]);
    expect(r.areas[0]?.ratio).toBe(0.8);
    const district = r.newSources.filter((s) => s.kind === 'district');
    expect(district.map((s) => [s.name, s.actual, s.plan])).toEqual([['萧山区', 24, 0]]);
    // Outlined as the plan's areas are: the district's boundary (its largest part) around its buyers.
    const xiaoshan = district[0];
    expect(xiaoshan?.ring?.length).toBeGreaterThan(3);
    expect(pointInRing(xiaoshan?.center[0] ?? 0, xiaoshan?.center[1] ?? 0, xiaoshan?.ring ?? [])).toBe(true);
    const cells = r.newSources.filter((s) => s.kind === 'cell');
    expect(cells.reduce((n, s) => n + s.actual, 0)).toBe(24);
    for (const c of cells) expect(Math.abs(c.center[0] - 120.27) + Math.abs(c.center[1] - 30.18)).toBeLessThan(0.02);
    // Named as 机会战场 cells are (native/analysis/cell-names.ts): the district they lie in, never coordinates.
    for (const c of cells) expect(c.name).toMatch(/^萧山区( · 近\S+)?/);
    for (const c of cells) expect(c.name).not.toMatch(/\d+\.\d{3}/);
    expect(r.summary).toContain('萧山区为新增客源：成交 24 户（40.0%），前期地图未覆盖');
    // Stricter thresholds change the verdicts; the area's figures do not.
    const strict = await call('revision.compare', { thresholds: { weak: 0.9 } });
    expect(strict.areas[0]).toMatchObject({ actual: 24, grade: '偏弱' });
    // 够不够: 80 units left; the last three months with deals; 西湖片区's open prospects (all 150, none bought).
    expect(r.pace).toMatchObject({ unitsLeft: 80, openProspects: 150, prospectsPerUnit: 1.88 });
    const all = await call('revision.compare', { until: 'all' });
    expect(all.actual.count).toBe(101);
  });

  it('change map cells: customers of each side per 1 km cell and the shift in points, as a loop over SQL rows counts them', async () => {
    const r = await call('revision.compare', {});
    // Each customer's first home place (lowest fid) of the side, read from the file.
    const firstHomes = (where: string, ...args: string[]): Array<{ lng: number; lat: number }> =>
      sqlRows(project, `SELECT lng, lat FROM places WHERE fid IN (SELECT min(p.fid) FROM places p JOIN customer_records r ON r.id = p.record_id WHERE p.role = 'home' AND ${where} GROUP BY p.customer_id)`, ...args);
    const plan = firstHomes("r.stage <> 'deals'");
    const actual = firstHomes("r.stage = 'deals' AND json_extract(r.attributes, '$.dealDate') <= ?", THIRD);
    const meanLat = actual.reduce((s, q) => s + q.lat, 0) / actual.length;
    const dLat = 1000 / 111_320;
    const dLng = 1000 / (111_320 * Math.cos((meanLat * Math.PI) / 180));
    const key = (lng: number, lat: number): string => `${Math.floor(lat / dLat)}:${Math.floor(lng / dLng)}`;
    const want = new Map<string, { plan: number; actual: number }>();
    for (const [rows, side] of [[plan, 'plan'], [actual, 'actual']] as const) {
      for (const q of rows) {
        const cell = want.get(key(q.lng, q.lat)) ?? { plan: 0, actual: 0 };
        cell[side]++;
        want.set(key(q.lng, q.lat), cell);
      }
    }
    const got = new Map(r.changeCells.map((c) => [key((c.box[0] + c.box[2]) / 2, (c.box[1] + c.box[3]) / 2), { plan: c.plan, actual: c.actual }]));
    expect(got).toEqual(want);
    for (const c of r.changeCells) expect(c.deltaPp).toBe(Math.round((c.actual / actual.length - c.plan / plan.length) * 1000) / 10);
    // Each cell is 1 km square, the biggest shift first: the 萧山 cells, where the plan had nobody.
    const [w, s, e, n] = r.changeCells[0]?.box ?? [0, 0, 0, 0];
    expect(distanceM([w, s], [e, s])).toBeCloseTo(1000, -1);
    expect(distanceM([w, s], [w, n])).toBeCloseTo(1000, -1);
    expect(r.changeCells[0]).toMatchObject({ plan: 0 });
    const abs = r.changeCells.map((c) => Math.abs(c.deltaPp));
    expect(abs).toEqual([...abs].sort((a, b) => b - a));
  });

  it('保存为修订版: regrades the plan areas by the deals and adds the chosen new sources as areas, in a new version', async () => {
    const r = await call('revision.compare', { plan: '前期定位版' });
    const cell = r.newSources.find((s) => s.kind === 'cell');
    if (cell === undefined) throw new Error('the scenario has a new-source cell');
    const saved = await call('revision.saveRevised', { plan: '前期定位版', name: '1/3 修订版', addSources: ['萧山区', cell.name] });
    expect(saved).toMatchObject({ name: '1/3 修订版', areas: 4, added: ['萧山区', cell.name] });
    const v = await call('versions.get', { version: '1/3 修订版' });
    // 西湖片区 A 已印证 stays A; 拱墅片区 B 偏弱 drops to C; 萧山区 (24 of 60 deals, 40%) comes in at A, the cell by its share.
    const cellGrade = cell.actualShare >= 0.2 ? 'A' : cell.actualShare >= 0.1 ? 'B' : 'C';
    expect(v.areaList.map((a) => [a.name, a.grade])).toEqual([['西湖片区', 'A'], ['拱墅片区', 'C'], ['萧山区', 'A'], [cell.name, cellGrade]]);
    // The new areas hold the 萧山 buyers: every 萧山区 deal place (read from the file) lies in the district's outline.
    const xiaoshan = sqlRows<{ lng: number; lat: number }>(project, "SELECT p.lng, p.lat FROM places p JOIN customer_records r ON r.id = p.record_id WHERE p.role = 'home' AND r.stage = 'deals' AND p.district = '萧山区'");
    expect(xiaoshan).toHaveLength(40);
    const ring = v.areaList.find((a) => a.name === '萧山区')?.ring ?? [];
    expect(xiaoshan.filter((q) => pointInRing(q.lng, q.lat, ring))).toHaveLength(40);
    const inCell = xiaoshan.filter((q) => pointInRing(q.lng, q.lat, v.areaList[3]?.ring ?? []));
    expect(inCell.length).toBeGreaterThanOrEqual(cell.actual);
    // The live map is untouched: still the two areas as drawn.
    expect((await call('areas.list', {})).map((a) => [a.name, a.grade])).toEqual([['西湖片区', 'A'], ['拱墅片区', 'B']]);
    expect(await refusalOf(dispatcher, 'revision.saveRevised', { plan: '前期定位版', name: '1/3 修订版' })).toMatch(/^INVALID_PARAMS: 已有名为「1\/3 修订版」/);
    expect(await refusalOf(dispatcher, 'revision.saveRevised', { plan: '前期定位版', name: '另一版', addSources: ['西湖区'] })).toMatch(/^INVALID_PARAMS: 「西湖区」不是这次对比的新增客源/);
    expect((await call('versions.list', {})).map((x) => x.name)).toEqual(['前期定位版', '1/3 修订版']);
    await call('versions.remove', { version: '1/3 修订版' });
  });

  it('remembers in the project that the third-passed prompt was dismissed', async () => {
    expect(await call('revision.prompt', {})).toEqual({ dismissed: false });
    expect(await call('revision.prompt', { dismiss: true })).toEqual({ dismissed: true });
    await call('project.open', { path: project });
    expect(await call('revision.prompt', {})).toEqual({ dismissed: true });
  });

  it('keeps versions unchanged when the live map changes, across reopening, and readable by GDAL', async () => {
    const before = await call('versions.get', { version: '前期定位版' });
    expect(before).toMatchObject({ customers: 300, areas: 2, view: { zoom: 12 }, batches: [{ id: 1, customers: 300 }] });
    const live = await call('areas.list', {});
    await call('areas.update', { id: live[0]?.id ?? 0, grade: 'D', name: '西湖改名' });
    await call('areas.remove', { id: live[1]?.id ?? 0 });
    await call('map.save', { filter: { stages: ['deals'] } });
    await call('project.open', { path: project });
    const after = await call('versions.get', { version: '前期定位版' });
    expect(after).toEqual(before);
    expect(after.areaList.map((a) => [a.name, a.grade])).toEqual([['西湖片区', 'A'], ['拱墅片区', 'B']]);
    // The plan from the version is the same 300 prospects and its two areas, whatever the live map says now.
    const r = await call('revision.compare', { plan: '前期定位版' });
    expect(r.plan).toMatchObject({ count: 300, version: '前期定位版', areas: 2 });
    expect(r.areas.map((a) => a.grade)).toEqual(['已印证', '偏弱']);
    const gdal = execFileSync('ogrinfo', ['-ro', '-q', project, 'map_version_areas', '-where', "version_name = '前期定位版'"], { encoding: 'utf8' });
    expect(gdal).toContain('name (String) = 西湖片区');
    expect(gdal).toContain('POLYGON');
    await call('versions.rename', { version: '前期定位版', name: '前期版' });
    expect((await call('versions.list', {})).map((v) => v.name)).toEqual(['前期版']);
  });

  it('refuses a version written by a newer KeTu', async () => {
    await call('versions.save', { name: '未来版' });
    await call('project.close', {});
    const db = new Database(project);
    db.prepare("UPDATE map_versions SET format = 99 WHERE name = '未来版'").run();
    db.close();
    await call('project.open', { path: project });
    expect(await refusalOf(dispatcher, 'versions.get', { version: '未来版' })).toMatch(/^VERSION_TOO_NEW: 地图版本「未来版」由更新版本的 KeTu 保存/);
    expect(await refusalOf(dispatcher, 'revision.compare', { plan: '未来版' })).toMatch(/^VERSION_TOO_NEW/);
    expect((await call('versions.remove', { version: '未来版' })).removed).toBe(true);
  });

  it('CLI: units, progress and revision as JSON with the agreed names, and the .xlsx report', async () => {
    await call('project.close', {});
    const lines: string[] = [];
    const cli = async (...args: string[]): Promise<unknown> => {
      lines.length = 0;
      expect(await runCli([...args, '--json'], (l) => lines.push(l))).toBe(0);
      return JSON.parse(lines[0] ?? '{}') as unknown;
    };
    expect(await cli('units', project, '--total', '300', '--product', '洋房=150')).toMatchObject({ units: 300, sold: 100, thirdReachedOn: dayOf(99) });
    const progress = (await cli('progress', project)) as Record<string, unknown>;
    expect(Object.keys(progress)).toEqual(expect.arrayContaining(['units', 'sold', 'share', 'thirdReachedOn', 'byProduct', 'byMonth']));
    const out = dir.file('report.xlsx');
    const r = (await cli('revision', project, '--plan-filter', 'stage=prospects', '--until', THIRD, '--out', out)) as Revision;
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['plan', 'actual', 'areas', 'newSources', 'mix', 'pace', 'summary']));
    expect(r.actual).toMatchObject({ count: 60, until: THIRD });
    expect(r.newSources[0]).toMatchObject({ kind: 'district', name: '萧山区', actual: 24, plan: 0 });
    expect(Object.keys(r.mix.district?.[0] ?? {})).toEqual(expect.arrayContaining(['name', 'plan', 'planShare', 'actual', 'actualShare', 'deltaPp']));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name).slice(0, 4)).toEqual(['摘要', '目标区域', '新增客源', '区县']);
    const summary = wb.getWorksheet('摘要')?.getColumn(1).values.map(String) ?? [];
    expect(summary).toContain('萧山区为新增客源：成交 24 户（40.0%），前期地图未覆盖');
    // The change map's cells as a table: one row per cell, the deals in them add up to the deals placed.
    const cells = wb.getWorksheet('变化网格');
    const cellRows = (cells?.getSheetValues() ?? []).filter((row) => Array.isArray(row) && typeof row[1] === 'number') as unknown[][];
    expect(cellRows).toHaveLength(r.changeCells.length);
    expect(cellRows.reduce((n, row) => n + Number(row[4]), 0)).toBe(r.changeCells.reduce((n, c) => n + c.actual, 0));
    expect(r.changeCells.reduce((n, c) => n + c.actual, 0)).toBe(60);
    // A 销控表 replaces the totals: one unit per 房号 row, per 产品类型 too; the deals still count the sold.
    const sheet = dir.file('销控表.xlsx');
    const units: Cell[][] = Array.from({ length: 240 }, (_, i) => [`${1 + Math.floor(i / 20)}-${101 + i}`, i < 160 ? '洋房' : '商铺', 89 + (i % 3), i < 100 ? '已售' : '未售', i < 100 ? dayOf(i) : null]);
    await writeXlsx(sheet, [['房号', '产品类型', '面积', '状态', '成交日期'], ...units], { titleRows: ['云栖江澜府 销控表'] });
    const fromSheet = (await cli('units', project, '--from', sheet)) as Record<string, unknown>;
    expect(fromSheet).toMatchObject({ rows: 240, units: 240, sold: 100, source: 'sheet', thirdReachedOn: dayOf(79) });
    expect(fromSheet.byProduct).toEqual(expect.arrayContaining([expect.objectContaining({ product: '商铺', units: 80, sold: 0 })]));
    // 保存为修订版 from the CLI: the engine's rule, with the new source added as a target area.
    const saved = (await cli('revision', project, '--plan-filter', 'stage=prospects', '--until', THIRD, '--save', 'CLI 修订版', '--add-source', '萧山区')) as { name: string; added: string[]; areas: number };
    expect(saved).toMatchObject({ name: 'CLI 修订版', added: ['萧山区'] });
    const versions = (await cli('versions', 'list', project)) as Array<{ name: string }>;
    expect(versions).toHaveLength(2);
    expect(versions.map((v) => v.name)).toContain('CLI 修订版');
  });

  it('reads the data again after it changes: a new deal counts in the next comparison', async () => {
    await call('project.open', { path: project });
    const before = await call('revision.compare', { until: 'all' });
    await writeXlsx(dir.file('late-deal.xlsx'), [scenarioHeader, ['客户13600000000', 13600000000, '萧山小区9', 120.27, 30.18, '萧山公司', '金融业', 120.16, 30.27, '改善', '三口之家', 40, '老带新', '洋房', 130, '2023-12-30', '9-999', null, '海景', 'K1']]);
    await call('import.commit', { file: dir.file('late-deal.xlsx'), crs: 'wgs84', stage: 'deals' });
    const after = await call('revision.compare', { until: 'all' });
    expect(after.actual.count).toBe(before.actual.count + 1);
    expect(after.mix['attr:关注点']?.find((m) => m.name === '海景')).toMatchObject({ plan: 0, actual: 1 });
    expect(after.mix.district?.find((m) => m.name === '萧山区')?.actual).toBe((before.mix.district?.find((m) => m.name === '萧山区')?.actual ?? 0) + 1);
  });

  it('plan = the batches imported before a day: counts as SQL gives them, from the engine and the CLI', async () => {
    // A third batch: 30 visitors in 萧山, imported in March between the prospects (January) and the deals (June).
    await call('project.open', { path: project });
    const [lng, lat] = clusters.萧山;
    const visitors: Cell[][] = Array.from({ length: 30 }, (_, i) => [`来访${i}`, 13600000000 + i, '萧山小区', lng + 0.0003 * (i % 6), lat + 0.0003 * Math.floor(i / 6)]);
    await writeXlsx(dir.file('visitors.xlsx'), [['姓名', '手机', '居住小区', '经度', '纬度'], ...visitors]);
    const batch = await call('import.commit', { file: dir.file('visitors.xlsx'), crs: 'wgs84', stage: 'visitors' });
    await call('project.close', {});
    setImportDays(project, { 1: '2023-01-05', 2: '2023-06-01', [batch.batchId]: '2023-03-10' });
    await call('project.open', { path: project });
    const planBefore = (day: string, stages = "r.stage <> 'deals'"): Map<string, number> =>
      new Map(
        sqlRows<{ d: string; n: number }>(
          project,
          `SELECT p.district AS d, count(DISTINCT p.customer_id) AS n FROM places p JOIN customer_records r ON r.id = p.record_id JOIN imports i ON i.id = r.import_id
           WHERE p.role = 'home' AND ${stages} AND substr(i.created_at, 1, 10) < ? GROUP BY 1`,
          day,
        ).map((x) => [x.d, x.n]),
      );
    const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
    for (const [day, batches] of [['2023-02-01', [1]], ['2023-03-10', [1]], ['2023-03-11', [1, batch.batchId]]] as const) {
      const r = await call('revision.compare', { planBefore: day });
      const want = planBefore(day);
      expect(r.plan, day).toMatchObject({ count: total(want), before: day, version: null, filter: { batches } });
      expect(new Map((r.mix.district ?? []).filter((m) => m.plan > 0).map((m) => [m.name, m.plan])), day).toEqual(want);
      expect(r.summary[0]).toContain(`前期地图 ${total(want)} 位客户`);
    }
    expect(total(planBefore('2023-03-11'))).toBe(330);
    // With the March visitors in the plan, 萧山区 is no new source any more.
    expect((await call('revision.compare', { planBefore: '2023-03-11' })).newSources.filter((s) => s.kind === 'district')).toEqual([]);
    expect((await call('revision.compare', { planBefore: '2023-02-01' })).newSources[0]).toMatchObject({ kind: 'district', name: '萧山区' });
    // A stage narrows it; a day before every batch plans nobody.
    const visitorsOnly = await call('revision.compare', { planBefore: '2023-04-01', planFilter: { stages: ['visitors'] } });
    expect(visitorsOnly.plan.count).toBe(total(planBefore('2023-04-01', "r.stage = 'visitors'")));
    expect(visitorsOnly.plan.count).toBe(30);
    expect((await call('revision.compare', { planBefore: '2022-12-31' })).plan.count).toBe(0);
    expect(await refusalOf(dispatcher, 'revision.compare', { plan: 1, planBefore: '2023-02-01' })).toMatch(/^INVALID_PARAMS: 前期地图只能是一个版本或一个导入日期/);
    await call('project.close', {});
    const lines: string[] = [];
    expect(await runCli(['revision', project, '--plan-before', '2023-03-11', '--json'], (l) => lines.push(l))).toBe(0);
    expect((JSON.parse(lines[0] ?? '{}') as Revision).plan).toMatchObject({ count: 330, before: '2023-03-11' });
    expect(await runCli(['revision', project, '--plan-before', '3月1日'], (l) => lines.push(l))).not.toBe(0);
  });
});
