import { rankingTitles } from '../contract/methods.js';
import type { Ranking } from '../contract/methods.js';
import { writeXlsxTable } from './xlsx-table.js';

/** A ranking as the sheet planners paste into reports: rank, key, customers, share. */
export async function writeRankingSheet(out: string, ranking: Ranking): Promise<number> {
  const title = rankingTitles[ranking.by];
  await writeXlsxTable(out, '排名', {
    sheet: title,
    title: `${title}排名（共 ${ranking.total} 位客户）`,
    header: ['名次', title, '客户数', '占比'],
    widths: [6, 28, 10, 10],
    rows: ranking.rows.map((r, i) => [i + 1, r.key, r.count, `${(r.share * 100).toFixed(1)}%`]),
  });
  return ranking.rows.length;
}
