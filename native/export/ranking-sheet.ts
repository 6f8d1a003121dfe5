import { rankingTitles } from '../contract/methods.js';
import type { Ranking } from '../contract/methods.js';
import { writeXlsxTable } from './xlsx-table.js';

/**
 * A ranking as the sheet planners paste into reports: rank, key, customers, share. The filter it was
 * made with is said in the title and in a note row; shares are numbers shown as percentages, so the
 * sheet can sum and chart them.
 */
export async function writeRankingSheet(out: string, ranking: Ranking, filterText: string): Promise<number> {
  const title = rankingTitles[ranking.by];
  const scope = filterText === '' ? '' : `，筛选：${filterText}`;
  await writeXlsxTable(out, '排名', {
    sheet: title,
    title: `${title}排名（共 ${ranking.total} 位客户${scope}）`,
    note: filterText === '' ? '筛选条件：无（全部客户）' : `筛选条件：${filterText}`,
    header: ['名次', title, '客户数', '占比'],
    widths: [6, 28, 10, 10],
    rows: ranking.rows.map((r, i) => [i + 1, r.key, r.count, r.share]),
    numFmts: [undefined, undefined, undefined, '0.0%'],
  });
  return ranking.rows.length;
}
