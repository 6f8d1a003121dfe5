import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mixDimensions } from '../../native/contract/revision.js';
import type { MixDimension, Revision } from '../../native/contract/revision.js';
import { ExcelJS } from '../../native/export/exceljs.js';
import { runCli } from '../../native/host/cli.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { tempDir, writeXlsx } from '../support/files.js';
import type { Cell } from '../support/files.js';
import { engineCall, refusalOf } from '../support/engine-call.js';
import { sqlRows } from '../support/sql-oracle.js';

/*
 * A plan of 300 prospects (西湖区 150 in area 西湖片区, 拱墅区 120 in area 拱墅片区, 滨江区 30, 萧山区 none)
 * and 101 deals that shift in known ways: every ten deals are 西湖 4, 拱墅 1, 滨江 1, 萧山 4, one every
 * two days from 2023-01-01. The inventory is 180 units, so the third (60 units) sold on deal 60.
 */
const header: Cell[] = ['姓名', '手机', '居住小区', '经度', '纬度', '工作单位', '所属行业', '单位经度', '单位纬度', '置业目的', '家庭结构', '年龄', '认知渠道', '产品类型', '面积', '成交日期', '房号', '家庭年收入'];
const clusters = { 西湖: [120.12, 30.26], 拱墅: [120.17, 30.28], 滨江: [120.21, 30.21], 萧山: [120.27, 30.18] } as const;
type Cluster = keyof typeof clusters;
const DAY0 = Date.UTC(2023, 0, 1);
const dayOf = (i: number): string => new Date(DAY0 + 2 * i * 86_400_000).toISOString().slice(0, 10);

function row(i: number, where: Cluster, phone: number, deal: { date: string; unit: string; product: string } | null): Cell[] {
  const [lng, lat] = clusters[where];
  // A small spiral keeps each cluster well inside its 1.5–2 km circle.
  const a = i * 2.4;
  const r = 0.0004 * Math.sqrt(i % 40);
  const finance = where === '西湖' || (deal !== null && where === '萧山' && i % 2 === 0);
  return [
    `客户${phone}`,
    phone,
    `${where}小区${i % 5}`,
    lng + r * Math.cos(a),
    lat + r * Math.sin(a),
    `${where}公司${i % 3}`,
    finance ? '金融业' : '软件和信息技术服务业',
    120.16,
    30.27,
    deal === null ? (i % 3 === 0 ? '投资' : '首置') : '改善',
    i % 2 === 0 ? '三口之家' : '二人世界',
    deal === null ? 32 + (i % 6) : 38 + (i % 12),
    deal === null ? '户外广告' : i % 4 === 0 ? '老带新' : '户外广告',
    deal?.product ?? (i % 2 === 0 ? '洋房' : '高层'),
    deal === null ? 89 + (i % 3) * 20 : 120 + (i % 4) * 10,
    deal?.date ?? null,
    deal?.unit ?? null,
    deal === null ? null : i % 2 === 0 ? '50-100万' : '30-50万',
  ];
}

const dealOrder: Cluster[] = ['西湖', '西湖', '西湖', '西湖', '拱墅', '滨江', '萧山', '萧山', '萧山', '萧山'];
const deals = Array.from({ length: 100 }, (_, i) => ({ where: dealOrder[i % 10] as Cluster, date: dayOf(i), unit: `${1 + Math.floor(i / 20)}-${101 + i}`, product: i % 2 === 0 ? '洋房' : '高层' }));
// A 房号 sold a second time, to another buyer: flagged, counted once.
deals.push({ where: '滨江', date: dayOf(100), unit: deals[99]?.unit ?? '', product: '高层' });
const THIRD = dayOf(59);

describe('the one-third revision', () => {
  const dir = tempDir();
  const project = dir.file('revision.ketu');
  const { dispatcher, engine } = createEngineHost();
  const call = engineCall(dispatcher);

  beforeAll(async () => {
    await call('project.create', { path: project, name: '云栖江澜府', site: { lng: 120.15, lat: 30.25 } });
    const planRows: Cell[][] = [];
    let phone = 13900000000;
    const plan: Array<[Cluster, number]> = [['西湖', 150], ['拱墅', 120], ['滨江', 30]];
    for (const [where, n] of plan) for (let i = 0; i < n; i++) planRows.push(row(i, where, phone++, null));
    await writeXlsx(dir.file('prospects.xlsx'), [header, ...planRows]);
    await writeXlsx(dir.file('deals.xlsx'), [header, ...deals.map((d, i) => row(i, d.where, 13700000000 + i, d))]);
    await call('import.commit', { file: dir.file('prospects.xlsx'), crs: 'wgs84', stage: 'prospects' });
    await call('areas.add', { name: '西湖片区', grade: 'A', shape: { kind: 'circle', lng: 120.12, lat: 30.26, radiusM: 2000 } });
    await call('areas.add', { name: '拱墅片区', grade: 'B', shape: { kind: 'circle', lng: 120.17, lat: 30.28, radiusM: 1500 } });
    await call('map.save', { filter: { stages: ['prospects'] } });
    await call('versions.save', { name: '前期定位版', view: { center: { lng: 120.15, lat: 30.25 }, zoom: 12 } });
    await call('import.commit', { file: dir.file('deals.xlsx'), crs: 'wgs84', stage: 'deals' });
    await call('units.set', { total: 180, products: { 洋房: 100, 高层: 80 } });
  });
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

  it('grades the plan areas and finds the new sources', async () => {
    const r = await call('revision.compare', {});
    expect(r.areas.map((a) => [a.name, a.plan, a.actual, a.grade])).toEqual([
      ['西湖片区', 150, 24, '已印证'],
      ['拱墅片区', 120, 6, '偏弱'],
    ]);
    expect(r.areas[0]?.ratio).toBe(0.8);
    const district = r.newSources.filter((s) => s.kind === 'district');
    expect(district.map((s) => [s.name, s.actual, s.plan])).toEqual([['萧山区', 24, 0]]);
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
    // A 销控表 replaces the totals: one unit per 房号 row, per 产品类型 too; the deals still count the sold.
    const sheet = dir.file('销控表.xlsx');
    const units: Cell[][] = Array.from({ length: 240 }, (_, i) => [`${1 + Math.floor(i / 20)}-${101 + i}`, i < 160 ? '洋房' : '商铺', 89 + (i % 3), i < 100 ? '已售' : '未售', i < 100 ? dayOf(i) : null]);
    await writeXlsx(sheet, [['房号', '产品类型', '面积', '状态', '成交日期'], ...units], { titleRows: ['云栖江澜府 销控表'] });
    const fromSheet = (await cli('units', project, '--from', sheet)) as Record<string, unknown>;
    expect(fromSheet).toMatchObject({ rows: 240, units: 240, sold: 100, source: 'sheet', thirdReachedOn: dayOf(79) });
    expect(fromSheet.byProduct).toEqual(expect.arrayContaining([expect.objectContaining({ product: '商铺', units: 80, sold: 0 })]));
    const versions = (await cli('versions', 'list', project)) as unknown[];
    expect(versions).toHaveLength(1);
  });
});
