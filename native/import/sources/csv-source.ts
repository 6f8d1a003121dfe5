import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { KetuError } from '../../contract/errors.js';
import { plainText } from '../cell-value.js';
import { checkAborted, noSuchSheetError, notATableError } from './source-errors.js';
import type { SourceRow, TableSource, TextEncodingName } from './source-types.js';
import { MAX_COLUMNS } from './excel-limits.js';

export type Delimiter = ',' | '\t' | ';';
const DELIMITERS: readonly Delimiter[] = [',', '\t', ';'];

/** A field this long is no cell (Excel stops at 32,767 characters): usually a quote never closed. */
export const MAX_CSV_FIELD = 1 << 20;

/** A record over Excel's 16,384 columns or a field over MAX_CSV_FIELD: refused before it grows further. */
export class CsvTooLongError extends Error {
  constructor(readonly what: 'field' | 'columns') {
    super(`CSV ${what} over the limit`);
    this.name = 'CsvTooLongError';
  }
}

/**
 * RFC 4180 records from text pushed in arbitrary chunks. Lenient where Excel is: a quote inside an
 * unquoted field is literal, text after a closing quote is kept, a lone CR ends a record.
 */
export class CsvParser {
  private field = '';
  private record: string[] = [];
  /** Inside a quoted field; at the end of input this means the file was cut off or malformed. */
  private inQuotes = false;
  private quoteSeen = false;
  private afterCr = false;
  private fieldStarted = false;
  /** Record number (1-based) of the record being built. */
  recordNumber = 1;

  constructor(private readonly delimiter: string) {}

  push(text: string, out: string[][]): void {
    const d = this.delimiter;
    const dCode = d.charCodeAt(0);
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] ?? '';
      if (this.afterCr) {
        this.afterCr = false;
        if (ch === '\n') continue;
      }
      if (this.inQuotes) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false;
          // fall through: the quote closed the field, this char is handled below
        } else {
          // Take the quoted run up to the next quote in one slice: per-character appends dominated big files.
          const q = text.indexOf('"', i);
          if (q === -1) {
            this.field += text.slice(i);
            i = text.length;
          } else {
            this.field += text.slice(i, q);
            this.quoteSeen = true;
            i = q;
          }
          continue;
        }
      }
      if (ch === d) {
        this.endField();
      } else if (ch === '\n' || ch === '\r') {
        this.endField();
        out.push(this.record);
        this.record = [];
        this.recordNumber++;
        this.afterCr = ch === '\r';
      } else if (ch === '"' && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
      } else {
        // An unquoted run ends at the next delimiter or line end: one slice, not a character at a time.
        let j = i + 1;
        while (j < text.length) {
          const c = text.charCodeAt(j);
          if (c === dCode || c === 10 || c === 13) break;
          j++;
        }
        this.field += text.slice(i, j);
        this.fieldStarted = true;
        i = j - 1;
      }
    }
    // Checked once a chunk: the field can outgrow the limit by one chunk at most.
    if (this.field.length > MAX_CSV_FIELD) throw new CsvTooLongError('field');
  }

  /** Flushes the last record (a file need not end with a newline); returns false if a quote was left open. */
  end(out: string[][]): boolean {
    if (this.inQuotes && this.quoteSeen) this.inQuotes = false;
    if (this.inQuotes) return false;
    if (this.fieldStarted || this.record.length > 0) {
      this.endField();
      out.push(this.record);
      this.record = [];
    }
    return true;
  }

  private endField(): void {
    // Line breaks inside quoted cells arrive as CRLF from Windows Excel; keep them as plain \n.
    this.record.push(this.field.includes('\r') ? this.field.replace(/\r\n?/g, '\n') : this.field);
    this.field = '';
    this.fieldStarted = false;
    if (this.record.length > MAX_COLUMNS) throw new CsvTooLongError('columns');
  }
}

/** Decodes the sniffed head; `complete` when the head is the whole file (no partial character to hold back). */
function decodes(head: Buffer, encoding: TextEncodingName, complete: boolean): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(head, { stream: !complete });
  } catch {
    return null;
  }
}

/** Control characters other than tab, CR, LF, FF (and optionally U+FFFD): text has almost none, binary many. */
function controlRatio(text: string, countReplacement: boolean): number {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f || (countReplacement && c === 0xfffd)) bad++;
  }
  return text.length === 0 ? 0 : bad / text.length;
}

export function detectEncoding(head: Buffer, complete: boolean): { encoding: TextEncodingName; text: string } | null {
  const utf8 = decodes(head, 'utf-8', complete);
  if (utf8 !== null) return { encoding: 'utf-8', text: utf8 };
  const gb = decodes(head, 'gb18030', complete);
  if (gb !== null) return { encoding: 'gb18030', text: gb };
  // A stray bad byte in an otherwise Chinese text file: accept GB18030 with replacement characters
  // (each becomes a flagged cell), however short the file; binary yields them by the hundred.
  const lenient = new TextDecoder('gb18030').decode(head, { stream: !complete });
  const replaced = lenient.split('\uFFFD').length - 1;
  return controlRatio(lenient, false) < 0.005 && (replaced <= 3 || replaced / lenient.length < 0.005) ? { encoding: 'gb18030', text: lenient } : null;
}

/** The delimiter that splits the first records into the same number (>1) of fields most often. */
export function detectDelimiter(sample: string): Delimiter {
  let best: Delimiter = ',';
  let bestScore = [0, 0];
  for (const d of DELIMITERS) {
    const parser = new CsvParser(d);
    const records: string[][] = [];
    try {
      parser.push(sample, records);
    } catch (err) {
      // Over 16,384 fields a record with this delimiter: not the one (reading will say so if none fits).
      if (err instanceof CsvTooLongError) continue;
      throw err;
    }
    const counts = new Map<number, number>();
    for (const r of records.filter((rec) => rec.some((f) => f.trim() !== '')).slice(0, 20)) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let mode = 0;
    let freq = 0;
    for (const [len, n] of counts) if (n > freq || (n === freq && len > mode)) [mode, freq] = [len, n];
    if (mode < 2) continue;
    const score = [freq, mode];
    if ((score[0] ?? 0) > (bestScore[0] ?? 0) || (score[0] === bestScore[0] && (score[1] ?? 0) > (bestScore[1] ?? 0))) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

export function openCsvSource(file: string, head: Buffer, size: number, requested: 'auto' | TextEncodingName): Promise<TableSource> {
  const name = basename(file);
  if (head.includes(0)) {
    // NUL bytes: binary, or UTF-16 text (Excel's "Unicode 文本") which we do not read.
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      throw new KetuError('UNSUPPORTED_FILE', `${name} 是 UTF-16 编码的文本（Excel「Unicode 文本」），请另存为 .xlsx 或「CSV UTF-8」后再导入`, { file });
    }
    throw notATableError(file);
  }
  const complete = head.length >= size;
  let encoding: TextEncodingName;
  let sample: string;
  if (requested === 'auto') {
    const detected = detectEncoding(head, complete);
    if (detected === null) throw notATableError(file, '（无法识别文字编码）');
    ({ encoding, text: sample } = detected);
  } else {
    encoding = requested;
    sample = new TextDecoder(encoding).decode(head, { stream: !complete });
  }
  // Replacement characters are the user's chosen encoding at work, not a sign of binary data.
  if (controlRatio(sample, false) > 0.01) throw notATableError(file);
  const start = sample.replace(/^\uFEFF/, '').trimStart().slice(0, 200).toLowerCase();
  // Many CRMs save an HTML table or Excel 2003 XML under an .xls name; say what it is.
  if (start.startsWith('<')) {
    const what = start.includes('<workbook') || start.includes('urn:schemas-microsoft-com:office:spreadsheet') ? 'Excel 2003 XML 表格' : '网页（HTML）格式的表格';
    throw new KetuError('UNSUPPORTED_FILE', `${name} 是${what}，请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入`, { file });
  }
  const delimiter = detectDelimiter(sample.replace(/^\uFEFF/, ''));
  const sheetName = basename(file, extname(file)) || name;

  async function* rows(sheet?: string, signal?: AbortSignal): AsyncGenerator<SourceRow> {
    if (sheet !== undefined && sheet !== sheetName) throw noSuchSheetError(file, sheet, [sheetName]);
    checkAborted(signal, file);
    // TextDecoder strips a UTF-8 BOM by default and holds back characters split across chunks.
    const decoder = new TextDecoder(encoding);
    const parser = new CsvParser(delimiter);
    const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
    let number = 1;
    const out: string[][] = [];
    const unreadable = `文字编码有误：有字节无法按 ${encoding === 'gb18030' ? 'GBK/GB18030' : 'UTF-8'} 识别（显示为 �），内容可能已损坏，请核对原文件`;
    /** A record as a row; characters the decoder could not read are flagged per cell, never kept in silence. */
    const row = (record: string[]): SourceRow => {
      const values = record.map(plainText);
      const unread = record.flatMap((field, column) => (field.includes('\uFFFD') ? [{ column, reason: unreadable, value: field }] : []));
      return unread.length === 0 ? { number: number++, values } : { number: number++, values, unread };
    };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        checkAborted(signal, file);
        parser.push(decoder.decode(chunk, { stream: true }), out);
        for (const record of out) {
          checkAborted(signal, file);
          yield row(record);
        }
        out.length = 0;
      }
      parser.push(decoder.decode(), out);
      const closed = parser.end(out);
      for (const record of out) yield row(record);
      if (!closed) {
        throw new KetuError('UNSUPPORTED_FILE', `${name} 第 ${parser.recordNumber} 行的引号没有闭合，文件可能不完整或格式有误`, { file, row: parser.recordNumber });
      }
    } catch (err) {
      if (!(err instanceof CsvTooLongError)) throw err;
      const what = err.what === 'field' ? `有一个超过 ${MAX_CSV_FIELD.toLocaleString('en-US')} 个字符的单元格（常见原因：引号没有闭合）` : `超过 ${MAX_COLUMNS.toLocaleString('en-US')} 列（Excel 的上限）`;
      throw new KetuError('UNSUPPORTED_FILE', `${name} 第 ${parser.recordNumber} 行${what}，文件可能已损坏或不是表格`, { file, row: parser.recordNumber });
    } finally {
      stream.destroy();
    }
  }

  const source: TableSource = {
    kind: 'csv',
    file,
    encoding,
    sheets: () => Promise.resolve([sheetName]),
    defaultSheet: () => Promise.resolve(sheetName),
    rows,
  };
  return Promise.resolve(source);
}
