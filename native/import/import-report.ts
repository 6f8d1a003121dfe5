import type { CellProblem } from '../contract/errors.js';
import { writeXlsxTable } from '../export/xlsx-table.js';

/**
 * The full problem report of an import as .xlsx: one row per problem, in sheet order, a row's errors
 * first. A row has one outcome: a row refused for any reason is 未导入 on every line, never also
 * 「已导入，待核对」 for its flags. A preview says what would happen.
 */
export async function writeImportReport(out: string, title: string, problems: readonly CellProblem[], when: 'preview' | 'commit' | 'refused'): Promise<number> {
  const key = (p: CellProblem): string => `${p.sheet}\u0000${p.row}`;
  const refused = new Set(problems.filter((p) => p.severity === 'error').map(key));
  const sorted = [...problems].sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet < b.sheet ? -1 : 1) || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const outcome = (p: CellProblem): string => {
    if (refused.has(key(p))) return when === 'preview' ? '不能导入' : '未导入';
    // A refused batch stores nothing: its other rows were not imported either.
    if (when === 'refused') return '未导入（整批未执行）';
    return when === 'preview' ? '可导入，待核对' : '已导入，待核对';
  };
  await writeXlsxTable(out, '导入报告', {
    sheet: '导入报告',
    title,
    header: ['工作表', '行', '列', '原值', '问题', '处理'],
    widths: [14, 8, 16, 24, 48, 16],
    rows: sorted.map((p) => [p.sheet, p.row, p.column, p.value ?? '', p.reason, outcome(p)]),
  });
  return sorted.length;
}
