import { basename, posix } from 'node:path';
import { KetuError } from '../../contract/errors.js';
import { checkAborted, corruptError, noSuchSheetError } from './source-errors.js';
import type { SourceRow, TableSource } from './source-types.js';
import { checkPartSize, MAX_SMALL_PART_BYTES, readSheetRows } from './xlsx-sheet.js';
import { scanXml, XmlRunTooLongError } from './xml-scan.js';
import { readZipDirectory, ZipFormatError } from './zip-directory.js';
import type { ZipDirectory } from './zip-directory.js';

interface SheetInfo {
  name: string;
  hidden: boolean;
  /** The sheet's part in the zip, e.g. 'xl/worksheets/sheet1.xml'. */
  part: string;
}

interface Workbook {
  zip: ZipDirectory;
  sheets: SheetInfo[];
  sharedStrings: string;
  styles: string;
  date1904: boolean;
}

/**
 * A streamed .xlsx: sheet names, order and parts come from xl/workbook.xml and its rels, read through
 * the zip directory; a sheet's rows come from its own XML (`xlsx-sheet.ts`).
 */
export async function openXlsxSource(file: string): Promise<TableSource> {
  const book = await readWorkbook(file);
  const names = book.sheets.map((s) => s.name);
  const find = (sheet: string | undefined): SheetInfo => {
    const chosen = sheet === undefined ? (book.sheets.find((s) => !s.hidden) ?? book.sheets[0]) : book.sheets.find((s) => s.name === sheet);
    if (chosen === undefined) throw noSuchSheetError(file, sheet ?? '', names);
    return chosen;
  };
  return {
    kind: 'xlsx',
    file,
    sheets: () => Promise.resolve([...names]),
    defaultSheet: () => Promise.resolve(find(undefined).name),
    // find() runs on first iteration, so an unknown sheet rejects there like any other read error.
    rows: (sheet, signal) => streamSheet(file, book, () => find(sheet), signal),
  };
}

async function* streamSheet(file: string, book: Workbook, choose: () => SheetInfo, signal: AbortSignal | undefined): AsyncGenerator<SourceRow> {
  const sheet = choose();
  checkAborted(signal, file);
  if (!book.zip.entries.has(sheet.part)) {
    throw new KetuError('UNSUPPORTED_FILE', `无法读取 ${basename(file)} 的工作表「${sheet.name}」（格式不受支持），请在 Excel 中另存为 .xlsx 后再试`, { file, sheet: sheet.name });
  }
  try {
    // Leaving this loop early (the caller stops) closes the file through the generators' finally blocks.
    for await (const row of readSheetRows(book.zip, { file, name: sheet.name, sheet: sheet.part, sharedStrings: book.sharedStrings, styles: book.styles, date1904: book.date1904 })) {
      checkAborted(signal, file);
      yield row;
    }
  } catch (err) {
    // A part failing its CRC check, or zlib refusing it: the import is all-or-nothing, so a late error is fine.
    if (err instanceof KetuError) throw err;
    throw corruptError(file);
  }
}

async function readWorkbook(file: string): Promise<Workbook> {
  let zip: ZipDirectory;
  let workbookXml: Buffer | null;
  let relsXml: Buffer | null;
  try {
    zip = await readZipDirectory(file);
    for (const part of ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels']) checkPartSize(zip, part, MAX_SMALL_PART_BYTES, () => corruptError(file));
    workbookXml = await zip.read('xl/workbook.xml');
    relsXml = await zip.read('xl/_rels/workbook.xml.rels');
  } catch (err) {
    if (err instanceof ZipFormatError) throw corruptError(file);
    throw err;
  }
  if (workbookXml === null || relsXml === null) {
    throw new KetuError('UNSUPPORTED_FILE', `${basename(file)} 是压缩包但不是 Excel 工作簿，请选择 .xlsx 或 .csv 文件`, { file });
  }
  try {
    return parseWorkbook(zip, workbookXml, relsXml, file);
  } catch (err) {
    if (err instanceof XmlRunTooLongError) throw corruptError(file);
    throw err;
  }
}

function parseWorkbook(zip: ZipDirectory, workbookXml: Buffer, relsXml: Buffer, file: string): Workbook {
  const worksheets = new Map<string, string>();
  let sharedStrings: string | null = null;
  let styles: string | null = null;
  scanXml(relsXml, (xml) => {
    if (xml.closing || !xml.is('Relationship')) return;
    const id = xml.attr('Id');
    const target = xml.attr('Target');
    if (id === undefined || target === undefined || xml.attr('TargetMode') === 'External') return;
    const type = xml.attr('Type') ?? '';
    // Chart sheets and dialog sheets are listed in workbook.xml too but hold no rows.
    if (type.endsWith('/worksheet')) worksheets.set(id, partPath(target));
    else if (type.endsWith('/sharedStrings')) sharedStrings = partPath(target);
    else if (type.endsWith('/styles')) styles = partPath(target);
  });
  const sheets: SheetInfo[] = [];
  let date1904 = false;
  scanXml(workbookXml, (xml) => {
    if (xml.closing) return;
    if (xml.is('workbookPr')) {
      const flag = xml.attr('date1904');
      date1904 = flag === '1' || flag === 'true';
    } else if (xml.is('sheet')) {
      const attrs = xml.attrs();
      const name = attrs.get('name');
      const rid = [...attrs.entries()].find(([k]) => k.endsWith(':id'))?.[1];
      const part = rid === undefined ? undefined : worksheets.get(rid);
      if (name !== undefined && part !== undefined) sheets.push({ name, hidden: (attrs.get('state') ?? 'visible') !== 'visible', part });
    }
  });
  if (sheets.length === 0) throw new KetuError('UNSUPPORTED_FILE', `${basename(file)} 中没有工作表`, { file });
  // Workbooks without rels entries for them still use the usual names.
  return { zip, sheets, sharedStrings: sharedStrings ?? 'xl/sharedStrings.xml', styles: styles ?? 'xl/styles.xml', date1904 };
}

/** A rels target as a zip path: relative to xl/ (where workbook.xml is), or absolute from the package root. */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target));
}
