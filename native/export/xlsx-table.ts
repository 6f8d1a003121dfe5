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
  /** Any iterable: a long table (an import's problem report, a row per problem) is streamed, never held. */
  rows: Iterable<TableCell[]>;
  /** Excel number formats by column ('0.0%' for shares kept as numbers); absent = General. */
  numFmts?: ReadonlyArray<string | undefined>;
}

/**
 * One sheet as planners hand it on: a bold title row (and a note row), a bold header row frozen in
 * place, the rows, and column widths. Written beside the target and renamed, so a failed write never
 * leaves half a file. Returns the rows written under the header.
 */
export async function writeXlsxTable(out: string, what: string, opts: XlsxTable): Promise<number> {
  return (await writeXlsxTables(out, what, [opts]))[0] ?? 0;
}

/**
 * Several such sheets in one workbook (a report with one table per sheet), each streamed to the file as its
 * rows come (exceljs's WorkbookWriter): the same file for ten rows or a million. Rows written per sheet.
 */
export async function writeXlsxTables(out: string, what: string, sheets: readonly XlsxTable[]): Promise<number[]> {
  checkOutputPath(out);
  const written: number[] = [];
  await writeOutputFile(out, what, async (tmp) => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
    wb.creator = 'KeTu 客图';
    for (const opts of sheets) {
      const ws = wb.addWorksheet(opts.sheet, { views: [{ state: 'frozen', ySplit: opts.note === undefined ? 2 : 3 }] });
      // Widths go before the first row: the streamed sheet writes its columns ahead of its rows.
      ws.columns = Array.from({ length: Math.max(opts.header.length, opts.widths.length) }, (_, i) => ({ width: opts.widths[i] ?? 12 }));
      // Names and notes come from imported sheets: none may reach the reader's spreadsheet as a formula.
      const title = ws.addRow([guardFormula(opts.title)]);
      title.font = { bold: true, size: 13 };
      title.commit();
      if (opts.note !== undefined) ws.addRow([guardFormula(opts.note)]).commit();
      const header = ws.addRow(opts.header.map(guardFormula));
      header.font = { bold: true };
      header.commit();
      let n = 0;
      for (const row of opts.rows) {
        const added = ws.addRow(row.map(guardFormula));
        opts.numFmts?.forEach((fmt, i) => {
          if (fmt !== undefined) added.getCell(i + 1).numFmt = fmt;
        });
        added.commit();
        // The zip compresses on later turns of the event loop: let it, or the sheet's XML piles up unsent.
        if (++n % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      ws.commit();
      written.push(n);
    }
    await wb.commit();
  });
  return written;
}
