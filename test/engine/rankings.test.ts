import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../native/host/cli.js';
import { createEngineHost } from '../../native/host/in-process.js';
import type { Ranking } from '../../native/contract/methods.js';
import { generateDemo } from '../../native/demo/generate-demo.js';
import { tempDir, writeXlsx } from '../support/files.js';
import { resourcesDir } from '../support/resources.js';
import { sqlColumn, sqlNumber, sqlRows } from '../support/sql-oracle.js';

interface Row {
  customer: number;
  role: string;
  name: string | null;
  industry: string | null;
  district: string | null;
  city: string | null;
  stage: string | null;
  product: string | null;
}

/** Rankings counted again in plain JS from raw rows, to hold the engine's SQL to. */
function countDistinct(rows: Row[], key: (r: Row) => string | null, top: number): Array<[string, number]> {
  const sets = new Map<string, Set<number>>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const s = sets.get(k) ?? new Set<number>();
    s.add(r.customer);
    sets.set(k, s);
  }
  return [...sets.entries()]
    .map(([k, s]): [string, number] => [k, s.size])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, top);
}

describe('rankings on the demo project', () => {
  const dir = tempDir();
  const project = dir.file('demo.ketu');
  const { dispatcher, engine } = createEngineHost();
  let rows: Row[] = [];

  beforeAll(async () => {
    generateDemo(project, resourcesDir);
    rows = sqlRows<Row>(
      project,
      `SELECT p.customer_id AS customer, p.role, p.name, p.industry, p.district, p.city, r.stage, json_extract(r.attributes, '$.product') AS product
       FROM places p JOIN customer_records r ON r.id = p.record_id`,
    );
    await dispatcher.call('project.open', { path: project });
  });
  afterAll(() => {
    engine.close();
    dir.remove();
  });

  const ranking = async (params: unknown): Promise<Ranking> => {
    const r = await dispatcher.call('stats.ranking', params);
    if (!r.ok) throw new Error(r.error.message);
    return r.result as Ranking;
  };

  it('居住小区前15位 equals an independent count of households per community', async () => {
    const r = await ranking({ by: 'community', top: 15 });
    const homes = rows.filter((x) => x.role === 'home');
    expect(r.rows.map((x) => [x.key, x.count])).toEqual(countDistinct(homes, (x) => x.name, 15));
    expect(r.total).toBe(new Set(homes.filter((x) => x.name !== null).map((x) => x.customer)).size);
    expect(r.rows[0]?.share).toBeCloseTo((r.rows[0]?.count ?? 0) / r.total, 10);
  });

  it('行业分布 and 区县分布 equal independent counts, and districts are Hangzhou districts', async () => {
    const work = rows.filter((x) => x.role === 'work');
    const industry = await ranking({ by: 'industry', top: 30 });
    expect(industry.rows.map((x) => [x.key, x.count])).toEqual(countDistinct(work, (x) => x.industry ?? '未分类', 30));
    const homes = rows.filter((x) => x.role === 'home');
    const district = await ranking({ by: 'district', top: 30 });
    expect(district.rows.map((x) => [x.key, x.count])).toEqual(countDistinct(homes, (x) => x.district ?? x.city ?? '未知', 30));
    expect(district.rows.map((x) => x.key)).toEqual(expect.arrayContaining(['西湖区', '拱墅区', '滨江区']));
    const city = await ranking({ by: 'city', top: 5 });
    expect(city.rows[0]?.key).toBe('杭州市');
  });

  it('filters by stage and by product', async () => {
    const deals = await ranking({ by: 'community', top: 10, filter: { stages: ['deals'] } });
    const homes = rows.filter((x) => x.role === 'home' && x.stage === 'deals');
    expect(deals.rows.map((x) => [x.key, x.count])).toEqual(countDistinct(homes, (x) => x.name, 10));
    expect(deals.total).toBeLessThan((await ranking({ by: 'community', top: 10 })).total);
    const villas = await ranking({ by: 'district', top: 10, filter: { products: ['别墅'] } });
    const villaHomes = rows.filter((x) => x.role === 'home' && x.product === '别墅');
    expect(villaHomes.length).toBeGreaterThan(0);
    expect(villas.rows.map((x) => [x.key, x.count])).toEqual(countDistinct(villaHomes, (x) => x.district ?? x.city ?? '未知', 10));
  });

  it('gives the places behind a row, and exports the ranking as .xlsx', async () => {
    const top = await ranking({ by: 'community', top: 1 });
    const key = top.rows[0]?.key ?? '';
    const reply = await dispatcher.call('stats.members', { by: 'community', key });
    if (!reply.ok) throw new Error(reply.error.message);
    const ids = (reply.result as { ids: Uint32Array }).ids;
    const expected = sqlColumn<number>(project, "SELECT fid FROM places WHERE role = 'home' AND name = ? ORDER BY fid", key);
    expect(Array.from(ids)).toEqual(expected);
    const out = dir.file('排名.xlsx');
    const exported = await dispatcher.call('stats.export', { by: 'district', top: 5, out });
    expect(exported).toMatchObject({ ok: true, result: { rows: 5 } });
    const { ExcelJS } = await import('../../native/export/exceljs.js');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets[0]?.getRow(2).values).toEqual([undefined, '筛选条件：无（全部客户）']);
    expect(wb.worksheets[0]?.getRow(3).values).toEqual([undefined, '名次', '区县', '客户数', '占比']);
  });

  it('写字楼 ranks work places by the building in their address, or an employer named after its park', async () => {
    const copy = dir.file('buildings.ketu');
    copyFileSync(project, copy);
    const sheet = dir.file('写字楼.xlsx');
    const header = ['姓名', '手机', '工作单位', '单位地址', '单位经度', '单位纬度'];
    await writeXlsx(sheet, [
      header,
      ['甲', '13900000001', '华润置地', '浙江省杭州市上城区钱江路1366号华润大厦A座2001室', 120.213, 30.252],
      ['乙', '13900000002', '浙商银行', '杭州市上城区钱江路1366号华润大厦B座8楼', 120.213, 30.252],
      ['丙', '13900000003', '某律所', '钱江路1366号华润大厦', 120.213, 30.252],
      ['丁', '13900000004', '某软件公司', '杭州市西湖区文三路 90 号东部软件园 1 号楼 5 层', 120.125, 30.276],
      ['戊', '13900000005', '另一软件公司', '杭州市西湖区文三路90号东部软件园3号楼', 120.125, 30.276],
      ['己', '13900000006', '个体', '杭州市余杭区文一西路969号', 120.02, 30.28],
    ]);
    const host = createEngineHost();
    try {
      const opened = await host.dispatcher.call('project.open', { path: copy });
      expect(opened.ok).toBe(true);
      const imported = await host.dispatcher.call('import.commit', { file: sheet, crs: 'wgs84', stage: 'visitors' });
      expect(imported.ok).toBe(true);
      const reply = await host.dispatcher.call('stats.ranking', { by: 'building', top: 50 });
      if (!reply.ok) throw new Error(reply.error.message);
      const r = reply.result as Ranking;
      const count = (key: string): number | undefined => r.rows.find((x) => x.key === key)?.count;
      // The demo's employers named after a building (海创园, 华润大厦 …) have no address; the sheet's rows have one.
      const named = (name: string): number => sqlNumber(copy, "SELECT count(DISTINCT customer_id) FROM places WHERE role = 'work' AND address IS NULL AND name = ?", name);
      const tower = sqlColumn<number>(copy, "SELECT fid FROM places WHERE role = 'work' AND (address LIKE '%华润大厦%' OR (address IS NULL AND name = '华润大厦')) ORDER BY fid");
      const expected = { tower: named('华润大厦') + 3, software: named('东部软件园') + 2, park: named('海创园') };
      expect(expected.park).toBeGreaterThan(0);
      expect(count('华润大厦')).toBe(expected.tower);
      expect(count('东部软件园')).toBe(expected.software);
      expect(count('海创园')).toBe(expected.park);
      // Neither the address without a building nor an employer that is no building is ranked.
      expect(r.rows.some((x) => x.key.includes('文一西路') || x.key === '个体' || x.key === '恒生电子')).toBe(false);
      const members = await host.dispatcher.call('stats.members', { by: 'building', key: '华润大厦' });
      if (!members.ok) throw new Error(members.error.message);
      expect(Array.from((members.result as { ids: Uint32Array }).ids)).toEqual(tower);
      const lines: string[] = [];
      expect(await runCli(['stats', copy, '--by', 'building', '--top', '3'], (l) => lines.push(l))).toBe(0);
      expect(lines.join('\n')).toMatch(/写字楼排名（共 \d+ 位客户）/);
    } finally {
      host.engine.close();
    }
  });

  it('ketu stats prints the ranking, and --json gives the same numbers', async () => {
    const copy = dir.file('copy.ketu');
    copyFileSync(project, copy);
    const lines: string[] = [];
    expect(await runCli(['stats', copy, '--by', 'community', '--top', '3'], (l) => lines.push(l))).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/居住小区排名（共 \d+ 位客户）/);
    const json: string[] = [];
    await runCli(['stats', copy, '--by', 'community', '--top', '3', '--filter', 'stage=deals,visitors', '--json'], (l) => json.push(l));
    const parsed = JSON.parse(json[0] ?? '{}') as Ranking;
    expect(parsed.rows).toHaveLength(3);
    const bad: string[] = [];
    expect(await runCli(['stats', copy, '--by', 'colour', '--json'], (l) => bad.push(l))).toBe(1);
    expect(bad[0]).toContain('INVALID_PARAMS');
  });
});
