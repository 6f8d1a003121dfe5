import type { CellProblem } from '../contract/errors.js';
import type { TableCell } from '../export/xlsx-table.js';
import { writeXlsxTable } from '../export/xlsx-table.js';

/**
 * The full problem report of an import as .xlsx: one row per problem, in sheet order, a row's errors
 * first. A row has one outcome: a row refused for any reason is 未导入 on every line, never also
 * 「已导入，待核对」 for its flags. A preview says what would happen. `pages` come in report order (by
 * row; a stored batch's are read from its rows a page at a time), so a row is complete when the next begins.
 */
export async function writeImportReport(out: string, title: string, pages: Iterable<readonly CellProblem[]>, when: 'preview' | 'commit' | 'refused'): Promise<number> {
  const outcome = (refused: boolean): string => {
    if (refused) return when === 'preview' ? '不能导入' : '未导入';
    // A refused batch stores nothing: its other rows were not imported either.
    if (when === 'refused') return '未导入（整批未执行）';
    return when === 'preview' ? '可导入，待核对' : '已导入，待核对';
  };
  /** One sheet row at a time: a row's problems are held until the next row begins, never the whole report. */
  function* rows(): Generator<TableCell[]> {
    let group: CellProblem[] = [];
    function* endGroup(): Generator<TableCell[]> {
      const errors = group.filter((p) => p.severity === 'error');
      const said = outcome(errors.length > 0);
      for (const p of [...errors, ...group.filter((x) => x.severity !== 'error')]) yield [p.sheet, p.row, p.column, p.value ?? '', p.reason, said];
      group = [];
    }
    for (const page of pages) {
      for (const p of page) {
        const last = group[0];
        if (last !== undefined && (last.sheet !== p.sheet || last.row !== p.row)) yield* endGroup();
        group.push(p);
      }
    }
    yield* endGroup();
  }
  return writeXlsxTable(out, '导入报告', { sheet: '导入报告', title, header: ['工作表', '行', '列', '原值', '问题', '处理'], widths: [14, 8, 16, 24, 48, 16], rows: rows() });
}

/** Problems from elsewhere (a refusal's details) in report order: by sheet, then row. */
export function inReportOrder(problems: readonly CellProblem[]): Array<readonly CellProblem[]> {
  return [[...problems].sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet < b.sheet ? -1 : 1))];
}
