import { ExcelJS } from './exceljs.js';
import { guardFormula } from './formula-guard.js';
import { checkOutputPath, writeOutputFile } from './output-path.js';

export type TableCell = string | number;

export interface XlsxSheet {
  sheet: string;
  title: string;
  header: string[];
  widths: number[];
  rows: TableCell[][];
}

/**
 * One sheet as planners hand it on: a bold title row, a bold header row frozen in place, the rows, and
 * column widths. Written beside the target and renamed, so a failed write never leaves half a file.
 */
export async function writeXlsxTable(out: string, what: string, opts: XlsxSheet): Promise<void> {
  await writeXlsxTables(out, what, [opts]);
}

/** Several such sheets in one workbook (a report with one table per sheet). */
export async function writeXlsxTables(out: string, what: string, sheets: readonly XlsxSheet[]): Promise<void> {
  checkOutputPath(out);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KeTu 客图';
  for (const opts of sheets) {
    const ws = wb.addWorksheet(opts.sheet);
    // Names and notes come from imported sheets: none may reach the reader's spreadsheet as a formula.
    ws.addRow([guardFormula(opts.title)]);
    ws.getRow(1).font = { bold: true, size: 13 };
    ws.addRow(opts.header.map(guardFormula));
    ws.getRow(2).font = { bold: true };
    for (const row of opts.rows) ws.addRow(row.map(guardFormula));
    ws.columns.forEach((c, i) => (c.width = opts.widths[i] ?? 12));
    ws.views = [{ state: 'frozen', ySplit: 2 }];
  }
  await writeOutputFile(out, what, (tmp) => wb.xlsx.writeFile(tmp));
}
