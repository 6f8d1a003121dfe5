import { mixKeys, mixTitle } from '../contract/revision.js';
import type { Revision } from '../contract/revision.js';
import { writeXlsxTables } from './xlsx-table.js';
import type { XlsxTable } from './xlsx-table.js';

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** A sheet name Excel accepts (none of [ ] : * ? / \, at most 31 characters) and no other sheet has; a kept header can be anything. */
function sheetName(title: string, taken: readonly string[]): string {
  const base = title.replace(/[[\]:*?/\\]/g, '、').slice(0, 28) || '列';
  let name = base;
  for (let k = 2; taken.includes(name); k++) name = `${base} ${k}`;
  return name;
}

/** The revision report: the summary first, then one sheet per table (areas, new sources, each mix, the change map's cells, pace). */
export async function writeRevisionReport(out: string, r: Omit<Revision, 'report'>): Promise<number> {
  const sheets: XlsxTable[] = [
    { sheet: '摘要', title: `1/3 修订对比（前期 ${r.plan.count} 位客户，成交 ${r.actual.count} 户）`, header: ['要点'], widths: [100], rows: r.summary.map((s) => [s]) },
    {
      sheet: '目标区域',
      title: '前期目标区域的印证',
      header: ['区域', '前期客户', '前期占比', '成交', '成交占比', '比值', '结论'],
      widths: [24, 10, 10, 10, 10, 8, 10],
      rows: r.areas.map((a) => [a.name, a.plan, pct(a.planShare), a.actual, pct(a.actualShare), a.ratio ?? '—', a.grade]),
    },
    {
      sheet: '新增客源',
      title: '新增客源（前期地图未覆盖）',
      header: ['类型', '名称', '成交', '成交占比', '前期客户', '前期占比', '经度', '纬度'],
      widths: [8, 28, 10, 10, 10, 10, 12, 12],
      rows: r.newSources.map((s) => [s.kind === 'district' ? '区县' : '1公里网格', s.name, s.actual, pct(s.actualShare), s.plan, pct(s.planShare), Number(s.center[0].toFixed(5)), Number(s.center[1].toFixed(5))]),
    },
  ];
  for (const dim of mixKeys(r.mix)) {
    const rows = r.mix[dim];
    if (rows === undefined) continue;
    const title = mixTitle(dim);
    sheets.push({
      sheet: sheetName(title, sheets.map((x) => x.sheet)),
      title: `${title}结构变化（≥ ${r.thresholds.flagPp} 个百分点标 ★）`,
      header: [title, '前期', '前期占比', '成交', '成交占比', '变化（百分点）', ''],
      widths: [24, 10, 10, 10, 10, 14, 4],
      rows: rows.map((m) => [m.name, m.plan, pct(m.planShare), m.actual, pct(m.actualShare), m.deltaPp, m.flagged ? '★' : '']),
    });
  }
  sheets.push({
    sheet: '变化网格',
    title: '变化图的 1 公里网格：成交占比 − 前期占比（变化大的在前）',
    header: ['网格中心经度', '网格中心纬度', '前期客户', '成交', '变化（百分点）'],
    widths: [14, 14, 10, 10, 14],
    rows: r.changeCells.map((c) => [Number(((c.box[0] + c.box[2]) / 2).toFixed(5)), Number(((c.box[1] + c.box[3]) / 2).toFixed(5)), c.plan, c.actual, c.deltaPp]),
  });
  const p = r.pace;
  sheets.push({
    sheet: '够不够',
    title: '销售节奏与客户储备',
    header: ['指标', '数值'],
    widths: [36, 16],
    rows: [
      ['剩余货量（套）', p.unitsLeft ?? '—'],
      [`近 3 个月月均成交（${p.months.join('、')}）`, p.perMonth],
      ['按此节奏售罄约需（月）', p.monthsNeeded ?? '—'],
      ['已印证区域内未成交客户', p.openProspects],
      ['客户储备 / 剩余货量', p.prospectsPerUnit ?? '—'],
    ],
  });
  await writeXlsxTables(out, '修订报告', sheets);
  return sheets.length;
}
