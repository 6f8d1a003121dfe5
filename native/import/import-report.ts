import type { CellProblem } from '../contract/errors.js';
import { writeXlsxTable } from '../export/xlsx-table.js';

/** The full problem report of an import as .xlsx: one row per problem, errors first, in sheet order. */
export async function writeImportReport(out: string, title: string, problems: readonly CellProblem[]): Promise<number> {
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? a.row - b.row : a.severity === 'error' ? -1 : 1));
  await writeXlsxTable(out, '导入报告', {
    sheet: '导入报告',
    title,
    header: ['工作表', '行', '列', '原值', '问题', '处理'],
    widths: [14, 8, 16, 24, 48, 16],
    rows: sorted.map((p) => [p.sheet, p.row, p.column, p.value ?? '', p.reason, p.severity === 'error' ? '未导入' : '已导入，待核对']),
  });
  return sorted.length;
}
