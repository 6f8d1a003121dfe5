import { basename, posix } from 'node:path';
import { Readable } from 'node:stream';
import type { Row } from 'exceljs';
import { ExcelJS } from '../exceljs.js';
import { KetuError } from '../../contract/errors.js';
import { plainCell } from '../cell-value.js';
import type { PlainCell } from '../cell-value.js';
import { checkAborted, corruptError, noSuchSheetError } from './source-errors.js';
import type { SourceRow, TableSource } from './table-source.js';
import { readZipDirectory, ZipFormatError } from './zip-directory.js';

interface SheetInfo {
  name: string;
  hidden: boolean;
  /** The name exceljs's streaming reader will give this sheet (see `exceljsName`). */
  readerName: string;
}

/** What of exceljs's WorksheetReader we use; its typings omit `name`. */
interface StreamedSheet extends AsyncIterable<Row> {
  name?: string;
  /** A temp-file stream when exceljs had to park the sheet on disk (shared strings came later in the zip). */
  iterator?: unknown;
}

/**
 * A streamed .xlsx. Sheet names and order come from xl/workbook.xml read through the zip directory,
 * because exceljs's streaming reader yields sheets in zip order and names them only when workbook.xml
 * happens to precede them in the archive.
 */
export async function openXlsxSource(file: string): Promise<TableSource> {
  const sheets = await readSheetList(file);
  const names = sheets.map((s) => s.name);
  const find = (sheet: string | undefined): SheetInfo => {
    const chosen = sheet === undefined ? (sheets.find((s) => !s.hidden) ?? sheets[0]) : sheets.find((s) => s.name === sheet);
    if (chosen === undefined) throw noSuchSheetError(file, sheet ?? '', names);
    return chosen;
  };
  return {
    kind: 'xlsx',
    file,
    sheets: () => Promise.resolve([...names]),
    defaultSheet: () => Promise.resolve(find(undefined).name),
    // find() runs on first iteration, so an unknown sheet rejects there like any other read error.
    rows: (sheet, signal) => streamSheet(file, () => find(sheet), signal),
  };
}

async function* streamSheet(file: string, choose: () => SheetInfo, signal: AbortSignal | undefined): AsyncGenerator<SourceRow> {
  const sheet = choose();
  checkAborted(signal, file);
  // styles are cached (not ignored) because without numFmts exceljs returns dates as serial numbers.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let found = false;
  try {
    for await (const ws of reader as AsyncIterable<StreamedSheet>) {
      if (ws.name !== sheet.readerName) {
        // Other sheets are not parsed: exceljs drains zip entries itself; a parked temp file is closed here.
        if (ws.iterator instanceof Readable) ws.iterator.destroy();
        continue;
      }
      found = true;
      let previous = 0;
      for await (const row of ws) {
        checkAborted(signal, file);
        // Some writers omit the optional r attribute on <row>; count on from the previous row then.
        const number = Number.isFinite(row.number) ? row.number : previous + 1;
        previous = number;
        yield { number, values: rowValues(row) };
      }
      break;
    }
  } catch (err) {
    if (err instanceof KetuError) throw err;
    throw corruptError(file);
  } finally {
    // Stop reading the file when the caller stops early or the chosen sheet is done.
    (reader as unknown as { stream?: Readable }).stream?.destroy();
  }
  if (!found) throw new KetuError('UNSUPPORTED_FILE', `无法读取 ${basename(file)} 的工作表「${sheet.name}」（格式不受支持），请在 Excel 中另存为 .xlsx 后再试`, { file, sheet: sheet.name });
}

function rowValues(row: Row): PlainCell[] {
  // exceljs's row.values is 1-based and sparse; holes become null so index i is column i+1.
  const raw = row.values as unknown[];
  const values: PlainCell[] = [];
  for (let i = 1; i < raw.length; i++) values.push(plainCell(raw[i]));
  return values;
}

async function readSheetList(file: string): Promise<SheetInfo[]> {
  let workbookXml: Buffer | null;
  let relsXml: Buffer | null;
  try {
    const zip = await readZipDirectory(file);
    // exceljs's streaming unzip hangs (never settles) on a corrupt entry, so every entry it will
    // inflate is checked against its CRC first: one extra sequential pass, ~0.2 s per 25 MB unpacked.
    for (const name of zip.entries.keys()) await zip.verify(name);
    workbookXml = await zip.read('xl/workbook.xml');
    relsXml = await zip.read('xl/_rels/workbook.xml.rels');
  } catch (err) {
    if (err instanceof ZipFormatError || (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('Z_'))) throw corruptError(file);
    throw err;
  }
  if (workbookXml === null || relsXml === null) {
    throw new KetuError('UNSUPPORTED_FILE', `${basename(file)} 是压缩包但不是 Excel 工作簿，请选择 .xlsx 或 .csv 文件`, { file });
  }
  const targets = new Map<string, string>();
  for (const attrs of elements(relsXml.toString('utf8'), 'Relationship')) {
    const id = attrs.get('Id');
    const target = attrs.get('Target');
    // Chart sheets and dialog sheets are listed in workbook.xml too but hold no rows.
    if (id !== undefined && target !== undefined && (attrs.get('Type') ?? '').endsWith('/worksheet')) targets.set(id, target);
  }
  const sheets: SheetInfo[] = [];
  for (const attrs of elements(workbookXml.toString('utf8'), 'sheet')) {
    const name = attrs.get('name');
    const rid = [...attrs.entries()].find(([k]) => k.endsWith(':id'))?.[1];
    const target = rid === undefined ? undefined : targets.get(rid);
    if (name === undefined || target === undefined) continue;
    sheets.push({ name, hidden: (attrs.get('state') ?? 'visible') !== 'visible', readerName: exceljsName(name, target) });
  }
  if (sheets.length === 0) throw new KetuError('UNSUPPORTED_FILE', `${basename(file)} 中没有工作表`, { file });
  return sheets;
}

/**
 * exceljs names a streamed sheet from workbook.xml only when the relationship target is literally
 * "worksheets/sheetN.xml"; otherwise it calls it "SheetN" after the part's file name.
 */
function exceljsName(name: string, target: string): string {
  if (/^worksheets\/sheet\d+\.xml$/.test(target)) return name;
  const part = posix.basename(target);
  const n = /^sheet(\d+)\.xml$/.exec(part)?.[1];
  return n === undefined ? `\u0000unreadable:${target}` : `Sheet${n}`;
}

/** Attributes of every `<tag …>` (any namespace prefix) in a small XML part; enough for workbook.xml and rels. */
function* elements(xml: string, tag: string): Generator<Map<string, string>> {
  const re = new RegExp(`<(?:[\\w.-]+:)?${tag}\\s([^>]*?)/?>`, 'g');
  for (const m of xml.matchAll(re)) {
    const attrs = new Map<string, string>();
    for (const a of (m[1] ?? '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attrs.set(a[1] ?? '', decodeXml(a[2] ?? a[3] ?? ''));
    }
    yield attrs;
  }
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()] ?? '';
  });
}
