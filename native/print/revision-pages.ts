import type { Area } from '../contract/methods.js';
import type { PrintLegend, PrintTable, RevisionPagePart } from '../contract/print-layout.js';
import { areaVerdicts, mixTitles, verdictColors } from '../contract/revision.js';
import type { MixDimension, Revision } from '../contract/revision.js';
import { compareRevision, summaryParts } from '../revision/compare.js';
import { salesProgress } from '../revision/progress.js';
import { rivalsInAreas } from '../revision/rivals.js';
import type { ProjectStore } from '../store/project-store.js';

/*
 * The 修订 template's three pages, from the same comparison the revision panel and `ketu revision` show
 * (revision.compare with its defaults: the live areas and every customer before a sale as the plan, the
 * deals up to the 1/3 day as actual).
 */

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const n = (v: number): string => v.toLocaleString('zh-CN');

export interface RevisionPrint {
  revision: Omit<Revision, 'report'>;
  /** The plan's areas coloured by verdict and named with it: what the map page draws instead of the live areas. */
  drawnAreas: Area[];
  legends: PrintLegend[];
  tables: PrintTable[];
  sections: Array<{ heading: string; lines: string[] }>;
  /** The pages' subtitle and source note. */
  subtitle: string;
  sourceNote: string;
}

export const revisionPartTitles: Record<RevisionPagePart, string> = { map: '计划与成交对比图', table: '计划与成交对比表', summary: '对不对 · 够不够 · 好不好' };

/** The comparison and everything the 修订 pages print of it, worked out once per document. */
export function revisionPrint(store: ProjectStore, resourcesDir: string, projectName: string): RevisionPrint {
  const revision = compareRevision(store, {}, resourcesDir);
  const progress = salesProgress(store);
  const live = new Map(store.areas.list().map((a) => [a.id, a]));
  const t = revision.thresholds;
  const drawnAreas = revision.areas.flatMap((row): Area[] => {
    const area = live.get(row.id);
    return area === undefined ? [] : [{ ...area, hidden: false, grade: null, color: verdictColors[row.grade], name: `${row.name} · ${row.grade}` }];
  });
  const legends: PrintLegend[] = [];
  if (revision.areas.length > 0) {
    legends.push({
      title: `目标区域评级（成交 / 计划，共 ${n(revision.actual.count)} / ${n(revision.plan.count)}）`,
      entries: revision.areas.map((a) => ({ label: `${a.name} · ${a.grade}（计划 ${n(a.plan)}）`, color: verdictColors[a.grade], count: a.actual, shape: 'square' as const })),
    });
    legends.push({
      title: `评级（成交占比 ÷ 计划占比）`,
      entries: areaVerdicts.map((v) => ({ label: v === '超预期' ? `超预期 ≥ ${t.strong}` : v === '偏弱' ? `偏弱 < ${t.weak}` : `已印证 ${t.weak}–${t.strong}`, color: verdictColors[v], count: revision.areas.filter((a) => a.grade === v).length, shape: 'square' as const })),
    });
  }

  const tables: PrintTable[] = [
    {
      title: `目标区域：计划与成交（计划 ${n(revision.plan.count)} 位客户，成交 ${n(revision.actual.count)} 户）`,
      columns: ['目标区域', '计划户数', '计划占比', '成交户数', '成交占比', '比值', '评级'],
      rows: revision.areas.map((a) => [a.name, n(a.plan), pct(a.planShare), n(a.actual), pct(a.actualShare), a.ratio === null ? '—' : a.ratio.toFixed(2), a.grade]),
    },
  ];
  if (revision.newSources.length > 0) {
    tables.push({
      title: '新增客源（前期地图未覆盖）',
      columns: ['客源', '类型', '成交户数', '成交占比', '计划户数'],
      rows: revision.newSources.slice(0, 10).map((s) => [s.name, s.kind === 'district' ? '区县' : '1 公里网格', n(s.actual), pct(s.actualShare), n(s.plan)]),
    });
  }
  const shifts = (Object.entries(revision.mix) as Array<[MixDimension, NonNullable<Revision['mix'][MixDimension]>]>).flatMap(([dim, rows]) => rows.filter((r) => r.flagged).map((r) => ({ dim, r })));
  shifts.sort((x, y) => Math.abs(y.r.deltaPp) - Math.abs(x.r.deltaPp));
  if (shifts.length > 0) {
    tables.push({
      title: `结构变化（相差 ≥ ${t.flagPp} 个百分点）`,
      columns: ['维度', '类别', '计划占比', '成交占比', '变化（百分点）'],
      rows: shifts.slice(0, 12).map(({ dim, r }) => [mixTitles[dim], r.name, pct(r.planShare), pct(r.actualShare), `${r.deltaPp > 0 ? '+' : ''}${r.deltaPp.toFixed(1)}`]),
    });
  }

  const parts = summaryParts(revision, progress, undefined);
  const rings = revision.areas.flatMap((a) => {
    const area = live.get(a.id);
    return area === undefined ? [] : [{ id: a.id, name: a.name, ring: area.ring }];
  });
  const rivals = rivalsInAreas(store, rings);
  const good =
    rivals.total === 0
      ? ['项目中没有竞品客户，无法比较（导入阶段为「竞品客户」的名单后可比较）']
      : revision.areas.map((a) => {
          const r = rivals.areas.find((x) => x.id === a.id)?.rivals ?? 0;
          const share = a.actual + r === 0 ? '—' : pct(a.actual / (a.actual + r));
          return `${a.name}：本案成交 ${n(a.actual)} 户，竞品客户 ${n(r)} 户，本案占 ${share}${a.actual < r ? '，竞品占优' : '，本案占优'}`;
        });
  const sections = [
    { heading: '总览', lines: parts.overview },
    { heading: '对不对：目标区域与客源是否准确', lines: parts.right.length > 0 ? parts.right : ['前期地图没有目标区域，也没有新增客源'] },
    { heading: '够不够：剩余货量的客户是否足够', lines: parts.enough.length > 0 ? parts.enough : ['未设货量，无法判断剩余货量与客户储备'] },
    { heading: '好不好：与竞品相比', lines: good },
  ];
  const until = revision.actual.until === null ? '全部成交' : `截至 ${revision.actual.until}${revision.actual.until === progress.thirdReachedOn ? '（达到 1/3）' : ''}`;
  const planWord = revision.plan.version ?? '成交前各阶段客户';
  return {
    revision,
    drawnAreas,
    legends,
    tables,
    sections,
    subtitle: `项目：${projectName} · 计划：${planWord}（${revision.plan.areas} 个目标区域） · 成交：${until} · 评级：比值 ≥ ${t.strong} 超预期，< ${t.weak} 偏弱`,
    sourceNote: `数据：前期地图客户 ${n(revision.plan.count)} 位，成交客户 ${n(revision.actual.count)} 户，${until}`,
  };
}
