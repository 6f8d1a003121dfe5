import { posix } from 'node:path';
import { Readable } from 'node:stream';
import type { Row } from 'exceljs';
import { ExcelJS } from '../../native/export/exceljs.js';
import { plainText } from '../../native/import/cell-value.js';
import type { PlainCell } from '../../native/import/cell-value.js';
import type { SourceRow } from '../../native/import/sources/table-source.js';
import { readZipDirectory } from '../../native/import/sources/zip-directory.js';

/**
 * The rows of one sheet as KeTu read them through exceljs 4.4's streaming WorkbookReader until its own
 * reader replaced it (native/import/sources/xlsx-sheet.ts): the reference that reader is held to.
 * Test-only; valid files only (exceljs's unzip never settles on a damaged entry).
 */
export async function readSheetWithExceljs(file: string, sheet: string): Promise<SourceRow[]> {
  const readerName = await exceljsSheetName(file, sheet);
  // styles are cached (not ignored) because without numFmts exceljs returns dates as serial numbers.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const rows: SourceRow[] = [];
  try {
    for await (const ws of reader as AsyncIterable<StreamedSheet>) {
      if (ws.name !== readerName) {
        if (ws.iterator instanceof Readable) ws.iterator.destroy();
        continue;
      }
      let previous = 0;
      for await (const row of ws) {
        const number = Number.isFinite(row.number) ? row.number : previous + 1;
        previous = number;
        // row.values is 1-based and sparse; holes become null so index i is column i+1.
        const raw = row.values as unknown[];
        const values: PlainCell[] = [];
        for (let i = 1; i < raw.length; i++) values.push(plainCell(raw[i]));
        rows.push({ number, values });
      }
      return rows;
    }
  } finally {
    (reader as unknown as { stream?: Readable }).stream?.destroy();
  }
  throw new Error(`exceljs did not stream sheet ${sheet} of ${file}`);
}

/** What of exceljs's WorksheetReader we use; its typings omit `name`. */
interface StreamedSheet extends AsyncIterable<Row> {
  name?: string;
  iterator?: unknown;
}

/**
 * exceljs names a streamed sheet from workbook.xml only when the relationship target is literally
 * "worksheets/sheetN.xml"; otherwise it calls it "SheetN" after the part's file name.
 */
async function exceljsSheetName(file: string, sheet: string): Promise<string> {
  const zip = await readZipDirectory(file);
  const workbook = (await zip.read('xl/workbook.xml'))?.toString('utf8') ?? '';
  const rels = (await zip.read('xl/_rels/workbook.xml.rels'))?.toString('utf8') ?? '';
  const attrs = (xml: string, tag: string): Array<Map<string, string>> =>
    [...xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${tag}\\s([^>]*?)/?>`, 'g'))].map((m) => new Map([...(m[1] ?? '').matchAll(/([\w.:-]+)\s*=\s*"([^"]*)"/g)].map((a) => [a[1] ?? '', a[2] ?? ''])));
  const entry = attrs(workbook, 'sheet').find((a) => a.get('name') === sheet.replace(/&/g, '&amp;'));
  const rid = entry === undefined ? undefined : [...entry.entries()].find(([k]) => k.endsWith(':id'))?.[1];
  const target = attrs(rels, 'Relationship').find((a) => a.get('Id') === rid)?.get('Target');
  if (target === undefined) throw new Error(`no sheet ${sheet} in ${file}`);
  if (/^worksheets\/sheet\d+\.xml$/.test(target)) return sheet;
  const n = /^sheet(\d+)\.xml$/.exec(posix.basename(target))?.[1];
  if (n === undefined) throw new Error(`exceljs cannot stream ${target}`);
  return `Sheet${n}`;
}

/** Flattens exceljs cell values (rich text, formulas, hyperlinks, dates) into plain JS values, as the importer did. */
export function plainCell(value: unknown): PlainCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return plainText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return plainCell((v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join(''));
    if ('result' in v) return plainCell(v.result);
    if ('text' in v) return plainCell(v.text);
    if ('error' in v) return null;
  }
  return null;
}
