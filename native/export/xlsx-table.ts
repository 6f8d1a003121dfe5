import { ExcelJS } from './exceljs.js';
import { guardFormula } from './formula-guard.js';
import { checkOutputPath, writeOutputFile } from './output-path.js';

export type TableCell = string | number;

export interface XlsxTable {
  sheet: string;
  title: string;
  /** A line under the title (what the sheet was made from, e.g. its filter in words); none when absent. */
  note?: string;
  header: string[];
  widths: number[];
  rows: TableCell[][];
  /** Excel number formats by column ('0.0%' for shares kept as numbers); absent = General. */
  numFmts?: ReadonlyArray<string | undefined>;
}

/**
 * One sheet as planners hand it on: a bold title row (and a note row), a bold header row frozen in
 * place, the rows, and column widths. Written beside the target and renamed, so a failed write never
 * leaves half a file.
 */
export async function writeXlsxTable(out: string, what: string, opts: XlsxTable): Promise<void> {
  await writeXlsxTables(out, what, [opts]);
}

/** Several such sheets in one workbook (a report with one table per sheet). */
export async function writeXlsxTables(out: string, what: string, sheets: readonly XlsxTable[]): Promise<void> {
  checkOutputPath(out);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KeTu 客图';
  for (const opts of sheets) {
    const ws = wb.addWorksheet(opts.sheet);
    // Names and notes come from imported sheets: none may reach the reader's spreadsheet as a formula.
    ws.addRow([guardFormula(opts.title)]);
    ws.getRow(1).font = { bold: true, size: 13 };
    if (opts.note !== undefined) ws.addRow([guardFormula(opts.note)]);
    const headerRow = ws.addRow(opts.header.map(guardFormula));
    headerRow.font = { bold: true };
    for (const row of opts.rows) {
      const added = ws.addRow(row.map(guardFormula));
      opts.numFmts?.forEach((fmt, i) => {
        if (fmt !== undefined) added.getCell(i + 1).numFmt = fmt;
      });
    }
    ws.columns.forEach((c, i) => (c.width = opts.widths[i] ?? 12));
    ws.views = [{ state: 'frozen', ySplit: headerRow.number }];
  }
  await writeOutputFile(out, what, (tmp) => wb.xlsx.writeFile(tmp));
}

/**
 * The same sheet, its rows streamed to the file as they come (exceljs's WorkbookWriter): for a table
 * too long to hold (an import's problem report has a row per problem, a million at 1,000,000 rows).
 */
export async function writeXlsxTableStream(out: string, what: string, head: Omit<XlsxTable, 'rows' | 'numFmts'>, rows: Iterable<TableCell[]>): Promise<number> {
  checkOutputPath(out);
  let written = 0;
  await writeOutputFile(out, what, async (tmp) => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
    wb.creator = 'KeTu 客图';
    const ySplit = head.note === undefined ? 2 : 3;
    const ws = wb.addWorksheet(head.sheet, { views: [{ state: 'frozen', ySplit }] });
    // Widths go before the first row: the streamed sheet writes its columns ahead of its rows.
    ws.columns = head.widths.map((width) => ({ width }));
    const title = ws.addRow([guardFormula(head.title)]);
    title.font = { bold: true, size: 13 };
    title.commit();
    if (head.note !== undefined) ws.addRow([guardFormula(head.note)]).commit();
    const header = ws.addRow(head.header.map(guardFormula));
    header.font = { bold: true };
    header.commit();
    for (const row of rows) {
      ws.addRow(row.map(guardFormula)).commit();
      // The zip compresses on later turns of the event loop: let it, or the sheet's XML piles up unsent.
      if (++written % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    ws.commit();
    await wb.commit();
  });
  return written;
}
