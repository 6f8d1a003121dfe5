import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verdictColors } from '../../native/contract/revision.js';
import type { Revision } from '../../native/contract/revision.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { pageJobs, templatePages } from '../../native/print/page-jobs.js';
import type { PageJob } from '../../native/print/page-jobs.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { engineCall } from '../support/engine-call.js';
import { tempDir, writeXlsx } from '../support/files.js';
import { resourcesDir } from '../support/resources.js';
import { buildRevisionScenario, clusters, THIRD } from '../support/revision-scenario.js';
import { sqlRows } from '../support/sql-oracle.js';

/*
 * The 修订 print template's pages (plan-vs-actual map, comparison table, 对不对/够不够/好不好) worked out
 * from the revision scenario plus competitors' customers, against revision.compare and against SQL.
 */

/** Competitors' customers: 20 around 西湖 (inside 西湖片区), 12 around 拱墅 (inside 拱墅片区). */
const RIVALS: Array<[keyof typeof clusters, number]> = [
  ['西湖', 20],
  ['拱墅', 12],
];

describe('the 修订 print pages', () => {
  const dir = tempDir();
  const project = dir.file('revision-print.ketu');
  let compared: Revision;
  let jobs: PageJob[];

  beforeAll(async () => {
    const { dispatcher, engine } = createEngineHost();
    const call = engineCall(dispatcher);
    await buildRevisionScenario(call, project, dir.file);
    const rows: Array<Array<string | number>> = [['姓名', '手机', '居住小区', '经度', '纬度']];
    let phone = 13500000000;
    for (const [where, n] of RIVALS) {
      const [lng, lat] = clusters[where];
      for (let i = 0; i < n; i++) rows.push([`竞品客户${phone}`, phone++, `${where}竞品小区`, lng + 0.0003 * Math.cos(i), lat + 0.0003 * Math.sin(i)]);
    }
    await writeXlsx(dir.file('rivals.xlsx'), rows);
    await call('import.commit', { file: dir.file('rivals.xlsx'), crs: 'wgs84', stage: 'competitors' });
    compared = await call('revision.compare', {});
    await call('project.close', {});
    engine.close();
    const store = ProjectStore.open(project);
    try {
      jobs = pageJobs(store, templatePages(store, ['修订']), {}, '2026-12-05', resourcesDir);
    } finally {
      store.close();
    }
  });
  afterAll(() => dir.remove());

  /** Customers of `stageWhere` whose home lies inside the circle area named `name`, by haversine distance from SQL rows. */
  const inArea = (name: string, stageWhere: string, ...args: string[]): number => {
    const area = sqlRows<{ lng: number; lat: number; r: number }>(project, 'SELECT center_lng AS lng, center_lat AS lat, radius_m AS r FROM areas WHERE name = ?', name)[0];
    if (area === undefined) throw new Error(`no area ${name}`);
    const homes = sqlRows<{ c: number; lng: number; lat: number }>(project, `SELECT p.customer_id AS c, p.lng, p.lat FROM places p JOIN customer_records r ON r.id = p.record_id WHERE p.role = 'home' AND ${stageWhere}`, ...args);
    const rad = Math.PI / 180;
    const inside = homes.filter((h) => {
      const a = Math.sin(((h.lat - area.lat) * rad) / 2) ** 2 + Math.cos(h.lat * rad) * Math.cos(area.lat * rad) * Math.sin(((h.lng - area.lng) * rad) / 2) ** 2;
      return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a)) <= area.r;
    });
    return new Set(inside.map((h) => h.c)).size;
  };

  it('makes three pages: the map with the plan areas coloured by verdict, the comparison table and the summary', () => {
    expect(jobs.map((j) => j.page.part)).toEqual(['map', 'table', 'summary']);
    expect(jobs.map((j) => j.page.title)).toEqual(['云栖江澜府 1/3 修订 · 计划与成交对比图', '云栖江澜府 1/3 修订 · 计划与成交对比表', '云栖江澜府 1/3 修订 · 对不对 · 够不够 · 好不好']);
    const map = jobs[0]?.map;
    // The map draws the actual buyers (deals up to the third) and the plan's areas in their verdict's colour.
    expect(map?.filter).toEqual(compared.actual.filter);
    expect(map?.areas?.map((a) => [a.name, a.color])).toEqual([
      ['西湖片区 · 已印证', verdictColors.已印证],
      ['拱墅片区 · 偏弱', verdictColors.偏弱],
    ]);
    const legend = jobs[0]?.legends[0];
    expect(legend?.entries.map((e) => [e.label, e.count])).toEqual(compared.areas.map((a) => [`${a.name} · ${a.grade}（计划 ${a.plan}）`, a.actual]));
    expect(jobs[0]?.legends[1]?.entries.map((e) => [e.label.split(' ')[0], e.count])).toEqual([['已印证', 1], ['偏弱', 1], ['超预期', 0]]);
    expect(jobs[0]?.page.sourceNote).toBe(`数据：前期地图客户 ${compared.plan.count} 位，成交客户 60 户，截至 ${THIRD}（达到 1/3）`);
  });

  it('prints each area’s plan and actual counts and shares, ratio and verdict, as revision.compare and SQL count them', () => {
    const table = jobs[1]?.page.tables[0];
    expect(table?.columns).toEqual(['目标区域', '计划户数', '计划占比', '成交户数', '成交占比', '比值', '评级']);
    const planWhere = "r.stage <> 'deals'";
    const dealWhere = "r.stage = 'deals' AND json_extract(r.attributes, '$.dealDate') <= ?";
    const planTotal = sqlRows<{ n: number }>(project, `SELECT count(DISTINCT p.customer_id) AS n FROM places p JOIN customer_records r ON r.id = p.record_id WHERE p.role = 'home' AND ${planWhere}`)[0]?.n ?? 0;
    expect(planTotal).toBe(300 + 32);
    expect(compared.plan.count).toBe(planTotal);
    const pct = (a: number, b: number): string => `${((a / b) * 100).toFixed(1)}%`;
    const expected = ['西湖片区', '拱墅片区'].map((name) => {
      const plan = inArea(name, planWhere);
      const actual = inArea(name, dealWhere, THIRD);
      const ratio = Math.round((actual / 60 / (plan / planTotal)) * 100) / 100;
      return [name, String(plan), pct(plan, planTotal), String(actual), pct(actual, 60), ratio.toFixed(2), ratio >= 1.25 ? '超预期' : ratio < 0.75 ? '偏弱' : '已印证'];
    });
    // 西湖片区: 150 prospects + 20 rivals of 332, 24 of 60 deals; 拱墅片区: 120 + 12, 6 deals.
    expect(expected.map((r) => [r[1], r[3]])).toEqual([['170', '24'], ['132', '6']]);
    expect(table?.rows).toEqual(expected);
    expect(table?.rows).toEqual(compared.areas.map((a) => [a.name, String(a.plan), pct(a.plan, compared.plan.count), String(a.actual), pct(a.actual, compared.actual.count), a.ratio?.toFixed(2), a.grade]));
    // New sources and the flagged mix shifts follow, as the comparison found them.
    expect(jobs[1]?.page.tables[1]?.rows[0]).toEqual(['萧山区', '区县', '24', '40.0%', '0']);
    const district = compared.mix.district?.find((m) => m.name === '萧山区');
    expect(jobs[1]?.page.tables[2]?.rows).toContainEqual(['区县', '萧山区', '0.0%', '40.0%', `+${district?.deltaPp.toFixed(1)}`]);
  });

  it('sums up 对不对, 够不够 and 好不好 from the figures: the competitors counted in each area against its deals', () => {
    const sections = jobs[2]?.page.sections ?? [];
    expect(sections.map((s) => s.heading)).toEqual(['总览', '对不对：目标区域与客源是否准确', '够不够：剩余货量的客户是否足够', '好不好：与竞品相比']);
    // The same sentences as the panel's summary, split by question.
    expect(sections.slice(0, 3).flatMap((s) => s.lines)).toEqual(compared.summary);
    expect(sections[2]?.lines.join('\n')).toContain('剩余 80 套');
    const rivals = ['西湖片区', '拱墅片区'].map((name) => inArea(name, "r.stage = 'competitors'"));
    expect(rivals).toEqual([20, 12]);
    expect(sections[3]?.lines).toEqual([`西湖片区：本案成交 24 户，竞品客户 ${rivals[0]} 户，本案占 54.5%，本案占优`, `拱墅片区：本案成交 6 户，竞品客户 ${rivals[1]} 户，本案占 33.3%，竞品占优`]);
  });
});
