import { basename } from 'node:path';
import { KetuError } from '../../contract/errors.js';
import { plainText } from '../cell-value.js';
import type { PlainCell } from '../cell-value.js';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS } from './excel-limits.js';
import type { SourceRow, UnreadCell } from './source-types.js';
import { decodeXmlText, MAX_XML_RUN, scanXml, XmlRunTooLongError, XmlScanner } from './xml-scan.js';
import type { ZipDirectory } from './zip-directory.js';

/** Where one sheet and the parts its cells refer to are in the zip (from workbook.xml and its rels). */
export interface SheetParts {
  /** The workbook file and the sheet's name, for messages. */
  file: string;
  name: string;
  sheet: string;
  /** Absent parts are fine: a workbook without text has no shared strings. */
  sharedStrings: string;
  styles: string;
  /** `<workbookPr date1904="1">`: serials count from 1904-01-01 (old Mac workbooks). */
  date1904: boolean;
}

/** Raw XML a cell's text may take while it is collected: every character as a 10-character reference, at most. */
const MAX_RAW_CELL = 10 * MAX_CELL_CHARS;
/** A sheet's XML, inflated: Excel's full grid of short values fits well below; more is a zip bomb or damage. */
export const MAX_SHEET_BYTES = 2 ** 30;
/** Shared strings are held in memory for the whole read. */
export const MAX_SHARED_STRINGS_BYTES = 2 ** 28;
/** workbook.xml, rels, styles: small parts read whole. */
export const MAX_SMALL_PART_BYTES = 2 ** 26;

/** 28 → 'AB'. */
export function columnName(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function mib(bytes: number): string {
  return `${Math.ceil(bytes / 2 ** 20).toLocaleString('en-US')} MB`;
}

/** A workbook refused for what one sheet holds: names file, sheet and where. */
function sheetError(parts: SheetParts, detail: string, where: Record<string, unknown> = {}): KetuError {
  return new KetuError('UNSUPPORTED_FILE', `${basename(parts.file)} 的工作表「${parts.name}」${detail}`, { file: parts.file, sheet: parts.name, ...where });
}

/** Refuses a part whose declared inflated size is over `limit` before reading a byte of it. */
export function checkPartSize(zip: ZipDirectory, part: string, limit: number, refuse: (size: number) => KetuError): void {
  const size = zip.entries.get(part)?.size ?? 0;
  if (size > limit) throw refuse(size);
}

/**
 * A shared string as a cell gives it (trimmed, blank → null), or undefined where exceljs had no value
 * (an empty `<si>`): such a cell then counts as absent, which decides how long a row's values run.
 */
type SharedString = string | null | undefined;

/**
 * The rows of one sheet, streamed from its XML: index 0 is column A, holes are null, and a row ends at
 * its last cell holding a value, as exceljs's WorkbookReader gave them (deliberate differences are
 * listed in test/engine/sources-xlsx-reader.test.ts). Parts are CRC-checked as they stream, so damage
 * surfaces as a ZipFormatError, possibly after some rows.
 */
export async function* readSheetRows(zip: ZipDirectory, parts: SheetParts): AsyncGenerator<SourceRow> {
  const name = basename(parts.file);
  checkPartSize(zip, parts.sheet, MAX_SHEET_BYTES, (size) => sheetError(parts, `解压后有 ${mib(size)}，超过 KeTu 能读的 ${mib(MAX_SHEET_BYTES)}，请拆分成几个文件后再导入`));
  checkPartSize(zip, parts.styles, MAX_SMALL_PART_BYTES, (size) => new KetuError('UNSUPPORTED_FILE', `${name} 的样式表解压后有 ${mib(size)}，不是正常的 Excel 文件，文件可能已损坏`, { file: parts.file }));
  const shared = zip.entries.has(parts.sharedStrings) ? await readSharedStrings(zip, parts) : [];
  const styleBytes = await zip.read(parts.styles);
  const dateStyles = styleBytes === null ? [] : readDateStyles(styleBytes);
  const dates = serialDates(parts.date1904);

  const xml = new XmlScanner();
  const ready: SourceRow[] = [];
  let inSheetData = false;
  let inRow = false;
  let rowNumber = 0;
  let values: PlainCell[] = [];
  let unread: UnreadCell[] | null = null;
  let inCell = false;
  let column = 0;
  let style = 0;
  let type = '';
  let hasFormula = false;
  let hasValue = false;
  let hasInline = false;
  let phonetic = false;
  /** Which text is being collected: the cell's `<v>` or its inline string's `<t>` runs. */
  let capture: 'none' | 'value' | 'inline' = 'none';
  let valueText = '';
  let inlineText = '';

  const endRow = (): void => {
    ready.push(unread === null ? { number: rowNumber, values } : { number: rowNumber, values, unread });
    inRow = false;
  };
  const cellRef = (): string => `${columnName(column)}${rowNumber}`;
  /** A cell that holds something KeTu cannot read: kept empty, and said (never an empty value in silence). */
  const cannotRead = (reason: string, value: string): void => {
    (unread ??= []).push({ column: column - 1, reason, value });
  };
  const cellTooLong = (): KetuError =>
    sheetError(parts, `单元格 ${cellRef()} 的内容超过 ${MAX_CELL_CHARS.toLocaleString('en-US')} 个字符（Excel 单元格的上限），文件可能已损坏或不是 Excel 生成的`, { row: rowNumber, cell: cellRef() });
  const checkLength = (raw: string): void => {
    if (raw.length > MAX_RAW_CELL) throw cellTooLong();
  };
  const endCell = (): void => {
    inCell = false;
    capture = 'none';
    let value: PlainCell = null;
    const raw = hasInline ? inlineText : valueText;
    if (hasFormula) {
      // A formula's cached result reads as a plain cell's; one never calculated (written by a program) has none.
      if (hasValue) value = cellValue(type, valueText, dateStyles[style] === true ? dates : null);
      else cannotRead('公式没有计算结果，请在 Excel 中重新计算后保存', '');
    } else if (hasValue || hasInline) {
      if (type === 's') {
        const index = Number(valueText.trim());
        if (!Number.isInteger(index) || index < 0 || index >= shared.length) {
          cannotRead(`共享文本编号 ${valueText.trim()} 不存在（共有 ${shared.length} 条），文件可能已损坏`, valueText.trim());
        } else {
          const text = shared[index];
          if (text === undefined) return;
          value = text;
        }
      } else {
        if (raw.length > MAX_CELL_CHARS && decodeXmlText(raw).length > MAX_CELL_CHARS) throw cellTooLong();
        value = cellValue(type, raw, dateStyles[style] === true ? dates : null);
      }
    } else return;
    if ((type === '' || type === 'n') && !hasInline && typeof value === 'string' && !Number.isFinite(parseFloat(valueText))) {
      // A number cell whose text is no number (`<v>NaN</v>`): the text is kept, so it reads as invalid rather than empty.
      cannotRead(`数值无效：${value}`, value);
    }
    while (values.length < column - 1) values.push(null);
    values[column - 1] = value;
  };

  const onTag = (): void => {
    if (capture !== 'none') {
      const text = xml.cdata === null ? xml.text() : xml.text() + escapeCdata(xml.cdata);
      if (capture === 'value') checkLength((valueText += text));
      else checkLength((inlineText += text));
    }
    if (xml.closing) {
      if (inCell) {
        if (xml.is('v') || xml.is('t')) capture = 'none';
        else if (xml.is('rPh')) phonetic = false;
        else if (xml.is('c')) endCell();
      } else if (inRow) {
        if (xml.is('row')) endRow();
      } else if (xml.is('sheetData')) inSheetData = false;
      return;
    }
    if (inCell) {
      if (xml.is('v')) {
        hasValue = true;
        valueText = '';
        capture = xml.selfClosing ? 'none' : 'value';
      } else if (xml.is('f')) hasFormula = true;
      else if (xml.is('is')) {
        hasInline = true;
        inlineText = '';
      } else if (xml.is('t')) {
        if (hasInline && !phonetic && !xml.selfClosing) capture = 'inline';
      } else if (xml.is('rPh')) phonetic = !xml.selfClosing;
    } else if (inRow) {
      if (!xml.is('c')) return;
      const ref = xml.attr('r');
      const col = ref === undefined ? 0 : columnOf(ref);
      // Without r (some writers omit it), a cell is the one after the previous.
      column = col > 0 ? col : column + 1;
      if (column > MAX_COLUMNS) {
        const shown = ref ?? cellRef();
        throw sheetError(parts, `单元格 ${shown.length > 20 ? `${shown.slice(0, 20)}…` : shown} 超出 Excel 的范围（最多 ${MAX_COLUMNS.toLocaleString('en-US')} 列，到 XFD 列），文件可能已损坏或不是 Excel 生成的`, { row: rowNumber, cell: shown });
      }
      const s = xml.attr('s');
      style = s === undefined ? 0 : parseInt(s, 10);
      type = xml.attr('t') ?? '';
      hasFormula = hasValue = hasInline = phonetic = false;
      valueText = inlineText = '';
      inCell = true;
      if (xml.selfClosing) endCell();
    } else if (inSheetData) {
      if (!xml.is('row')) return;
      const r = xml.attr('r');
      const n = r === undefined ? NaN : parseInt(r, 10);
      // Without r, a row is the one after the previous.
      rowNumber = Number.isFinite(n) ? n : rowNumber + 1;
      if (rowNumber > MAX_ROWS || rowNumber < 1) {
        throw sheetError(parts, `第 ${r ?? rowNumber} 行超出 Excel 的范围（第 1 到 ${MAX_ROWS.toLocaleString('en-US')} 行），文件可能已损坏或不是 Excel 生成的`, { row: rowNumber });
      }
      values = [];
      unread = null;
      column = 0;
      inRow = true;
      if (xml.selfClosing) endRow();
    } else if (xml.is('sheetData')) inSheetData = !xml.selfClosing;
  };

  const tooLong = (): KetuError =>
    sheetError(parts, `第 ${rowNumber} 行附近有一段超过 ${MAX_XML_RUN.toLocaleString('en-US')} 个字符的连续内容，不是正常的 Excel 工作表，文件可能已损坏`, { row: rowNumber });
  try {
    for await (const chunk of zip.stream(parts.sheet)) {
      xml.push(chunk);
      while (xml.next()) onTag();
      for (const row of ready) yield row;
      ready.length = 0;
    }
    xml.end();
    while (xml.next()) onTag();
  } catch (err) {
    if (err instanceof XmlRunTooLongError) throw tooLong();
    throw err;
  }
  yield* ready;
}


/** CDATA is text as written; escaping its '&' lets it join the raw text that is entity-decoded later. */
function escapeCdata(text: string): string {
  return text.replace(/&/g, '&amp;');
}

const A = 0x41;
const Z = 0x5a;

/** 'AB12' → 28; 0 when the reference has no column letters. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~0x20;
    if (c < A || c > Z) break;
    col = col * 26 + (c - A + 1);
  }
  return col;
}

function text(raw: string): string | null {
  return plainText(decodeXmlText(raw));
}

/** A serial as 'YYYY-MM-DD' (null beyond JS dates); null itself for a cell whose style is no date. */
type DateOf = (serial: number) => string | null;

/** A number cell; text that is no finite number (`NaN`, `1e999`) comes back as text, for the caller to flag. */
function number(raw: string, dateOf: DateOf | null): PlainCell {
  const n = parseFloat(raw);
  if (!Number.isFinite(n)) return text(raw);
  return dateOf === null ? n : (dateOf(n) ?? n);
}

/** A cell's value (or a formula's cached result) by its type attribute; shared strings are resolved by the caller. */
function cellValue(type: string, raw: string, dateOf: DateOf | null): PlainCell {
  switch (type) {
    case 'inlineStr':
    case 'str':
      return text(raw);
    case 'b':
      return parseInt(raw, 10) !== 0 ? 'TRUE' : 'FALSE';
    case 'e':
      return null;
    case 'd':
      return isoDate(raw);
    default:
      return number(raw, dateOf);
  }
}


const DAY_MS = 86_400_000;
const MAX_DATE_MS = 8.64e15;

/**
 * Excel serials as 'YYYY-MM-DD', with exceljs's arithmetic (utils.excelToDate: the UTC day after
 * rounding to the millisecond), so dates read as they did through exceljs. Whole days are remembered:
 * a date column repeats a few hundred days across 100,000 rows.
 */
function serialDates(date1904: boolean): DateOf {
  const days = new Map<number, string | null>();
  return (serial) => {
    const known = days.get(serial);
    if (known !== undefined) return known;
    const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS);
    const date = Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString().slice(0, 10) : null;
    if (Number.isInteger(serial)) days.set(serial, date);
    return date;
  };
}

/** `t="d"` cells hold ISO 8601 text ('2024-01-05T00:00:00'): the date part, else the text itself. */
function isoDate(raw: string): PlainCell {
  const value = text(raw);
  if (value === null) return null;
  return /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] ?? value;
}

async function readSharedStrings(zip: ZipDirectory, parts: SheetParts): Promise<SharedString[]> {
  const part = parts.sharedStrings;
  const name = basename(parts.file);
  const refuse = (detail: string): KetuError => new KetuError('UNSUPPORTED_FILE', `${name} 的共享文本（sharedStrings.xml）${detail}，文件可能已损坏或不是 Excel 生成的`, { file: parts.file });
  checkPartSize(zip, part, MAX_SHARED_STRINGS_BYTES, (size) => refuse(`解压后有 ${mib(size)}，超过 KeTu 能读的 ${mib(MAX_SHARED_STRINGS_BYTES)}`));
  const tooLong = (): KetuError => refuse(`第 ${strings.length + 1} 条超过 ${MAX_CELL_CHARS.toLocaleString('en-US')} 个字符（Excel 单元格的上限）`);
  const strings: SharedString[] = [];
  const xml = new XmlScanner();
  let inItem = false;
  let runs = false;
  let phonetic = false;
  let capture = false;
  let raw = '';
  const onTag = (): void => {
    if (capture) {
      raw += xml.cdata === null ? xml.text() : xml.text() + escapeCdata(xml.cdata);
      if (raw.length > MAX_RAW_CELL) throw tooLong();
    }
    if (xml.closing) {
      if (xml.is('t')) capture = false;
      else if (xml.is('rPh')) phonetic = false;
      else if (xml.is('si')) {
        if (raw.length > MAX_CELL_CHARS && decodeXmlText(raw).length > MAX_CELL_CHARS) throw tooLong();
        // exceljs kept an item without text (`<si><t/></si>`) as no value at all; see SharedString.
        strings.push(runs || raw !== '' ? text(raw) : undefined);
        inItem = false;
      }
      return;
    }
    if (xml.is('si')) {
      inItem = !xml.selfClosing;
      if (xml.selfClosing) strings.push(undefined);
      runs = phonetic = false;
      raw = '';
    } else if (!inItem) return;
    else if (xml.is('t')) capture = !phonetic && !xml.selfClosing;
    else if (xml.is('r')) runs = true;
    // Phonetic guides (furigana / pinyin runs) are a reading aid, not part of the text.
    else if (xml.is('rPh')) phonetic = !xml.selfClosing;
  };
  try {
    for await (const chunk of zip.stream(part)) {
      xml.push(chunk);
      while (xml.next()) onTag();
    }
    xml.end();
    while (xml.next()) onTag();
  } catch (err) {
    if (err instanceof XmlRunTooLongError) throw refuse(`第 ${strings.length + 1} 条附近有一段超过 ${MAX_XML_RUN.toLocaleString('en-US')} 个字符的连续内容`);
    throw err;
  }
  return strings;
}

/** exceljs's built-in format codes (xlsx/defaultnumformats.js) that name a date or time. */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);
/**
 * Built-in ids whose code depends on the locale: in a Chinese workbook all are dates or times
 * (27 'yyyy"年"m"月"', 31 'yyyy"年"m"月"d"日"', 32 'h"时"mm"分"' …). exceljs knows no code for them
 * and reads their cells as numbers; KeTu reads them as dates.
 */
const CHINESE_DATE_FORMATS = new Set([27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * Whether a custom format code shows a date, by exceljs's rule (utils.isDateFmt): after dropping
 * [colour/locale] and "quoted text", any of y m d h s b. Backslash escapes are unescaped first, as
 * exceljs's NumFmtXform does.
 */
function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/\\(.)/g, '$1')
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

/** styles.xml → per cell style index (`<c s>`, an index into cellXfs), whether its number format is a date. */
function readDateStyles(bytes: Uint8Array): boolean[] {
  const custom = new Map<number, string>();
  const formats: number[] = [];
  let inNumFmts = false;
  let inCellXfs = false;
  // Only numFmts' and cellXfs' children count: dxfs hold numFmt and cellStyleXfs hold xf elements too.
  scanXml(bytes, (xml) => {
    if (xml.is('numFmts')) inNumFmts = !xml.closing && !xml.selfClosing;
    else if (xml.is('cellXfs')) inCellXfs = !xml.closing && !xml.selfClosing;
    else if (xml.closing) return;
    else if (inNumFmts && xml.is('numFmt')) custom.set(parseInt(xml.attr('numFmtId') ?? '', 10), xml.attr('formatCode') ?? '');
    else if (inCellXfs && xml.is('xf')) formats.push(parseInt(xml.attr('numFmtId') ?? '', 10));
  });
  return formats.map((id) => {
    // Format 0 (General) and a missing id are never dates.
    if (!(id > 0)) return false;
    const code = custom.get(id);
    // As exceljs: an empty custom code falls back to the built-in one.
    if (code !== undefined && code !== '') return isDateFormat(code);
    return BUILTIN_DATE_FORMATS.has(id) || CHINESE_DATE_FORMATS.has(id);
  });
}
