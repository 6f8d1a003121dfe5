import { basename } from 'node:path';
import { KetuError } from '../../contract/errors.js';
import type { PlainCell } from '../cell-value.js';
import { fieldForHeader } from '../header-map.js';
import type { SourceRow, TableSource } from './source-types.js';

/** How many non-blank rows are searched for the header (title rows, dates and notes come first). */
export const HEADER_SCAN_ROWS = 30;

export interface DetectedHeader {
  headerRow: number;
  /** Header text per column ('' where the cell is empty), trailing empty columns dropped. */
  headers: string[];
}

export function isBlankRow(values: readonly PlainCell[]): boolean {
  return values.every((v) => v === null || (typeof v === 'string' && v.trim() === ''));
}

const SUMMARY_WORDS = ['合计', '小计', '总计', '总数', '共计'];

/** True for 合计/小计/总计/总数 rows (also '合 计', '合计：128户'), judged by their first two non-empty cells. */
export function isSummaryRow(values: readonly PlainCell[]): boolean {
  let seen = 0;
  for (const v of values) {
    if (v === null) continue;
    if (typeof v === 'string') {
      const text = v.replace(/[\s\u3000]/g, '');
      for (const w of SUMMARY_WORDS) {
        if (text === w) return true;
        // '合计：35' or '总计(户)', but not a name that merely starts with the word.
        if (text.startsWith(w) && /^[:：(（\d]/.test(text.slice(w.length))) return true;
      }
    }
    if (++seen >= 2) return false;
  }
  return false;
}

function texts(values: readonly PlainCell[]): string[] {
  const out = values.map((v) => (v === null ? '' : String(v).trim()));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/** Whether a header means something to KeTu; callers add headers the user mapped before. */
export type HeaderRecogniser = (header: string) => boolean;

const knownHeader: HeaderRecogniser = (header) => fieldForHeader(header) !== null;

function recognised(values: readonly PlainCell[], recognise: HeaderRecogniser): number {
  let n = 0;
  for (const v of values) if (v !== null && recognise(String(v))) n++;
  return n;
}

/**
 * The header among the first rows: the row with most recognised headers (at least 2). Title rows
 * (a merged title has a value only in its first cell) and date lines score 0. On a tie the row with
 * more filled cells wins, so under a merged group row ('客户信息' over 姓名|电话|性别) the lower row is
 * taken; otherwise the earlier one.
 */
export function detectHeader(firstRows: readonly SourceRow[], recognise: HeaderRecogniser = knownHeader): DetectedHeader | null {
  const rows = firstRows.filter((r) => !isBlankRow(r.values)).slice(0, HEADER_SCAN_ROWS);
  let best: { index: number; score: number; filled: number } | null = null;
  for (const [index, candidate] of rows.entries()) {
    const score = recognised(candidate.values, recognise);
    if (score < 2) continue;
    const filled = candidate.values.filter((v) => v !== null).length;
    if (best === null || score > best.score || (score === best.score && filled > best.filled)) best = { index, score, filled };
  }
  if (best === null) return null;
  const index = best.index;
  const row = rows[index];
  if (row === undefined) return null;
  const headers = texts(row.values);
  // A header cell merged down from a group row above (e.g. 姓名 spanning two header rows) is empty here.
  const above = rows[index - 1];
  if (above !== undefined && above.number === row.number - 1 && recognised(above.values, recognise) > 0) {
    const upper = texts(above.values);
    for (let i = 0; i < headers.length; i++) if (headers[i] === '' && (upper[i] ?? '') !== '') headers[i] = upper[i] ?? '';
  }
  return { headerRow: row.number, headers };
}

export interface SkippedRows {
  /** Blank rows after the header. */
  blank: number;
  /** Row numbers of 合计/小计 rows; one before the last data row means a subtotal inside the data. */
  summary: number[];
  /** The last data row yielded, to compare with `summary`. */
  lastDataRow: number;
}

export interface TableRead {
  sheet: string;
  headerRow: number;
  headers: string[];
  /** Data rows below the header, blank and summary rows left out. Iterate once. */
  rows: AsyncIterable<SourceRow>;
  /** Filled in while `rows` is iterated; complete after it ends. */
  skipped: SkippedRows;
}

/** Finds the header of one sheet and streams the data rows below it. */
export async function readTable(source: TableSource, sheet?: string, signal?: AbortSignal, recognise: HeaderRecogniser = knownHeader): Promise<TableRead> {
  const name = sheet ?? (await source.defaultSheet());
  const iterator = source.rows(name, signal)[Symbol.asyncIterator]();
  const buffered: SourceRow[] = [];
  let nonBlank = 0;
  let done = false;
  try {
    while (nonBlank < HEADER_SCAN_ROWS) {
      const next = await iterator.next();
      if (next.done === true) {
        done = true;
        break;
      }
      buffered.push(next.value);
      if (!isBlankRow(next.value.values)) nonBlank++;
    }
  } catch (err) {
    await iterator.return?.();
    throw err;
  }
  const header = detectHeader(buffered, recognise);
  if (header === null) {
    if (!done) await iterator.return?.();
    throw new KetuError(
      'IMPORT_NO_HEADER',
      `工作表「${name}」的前 ${HEADER_SCAN_ROWS} 行中找不到可识别的表头（如 姓名、电话、居住小区、经度、纬度）：${basename(source.file)}`,
      { file: source.file, sheet: name },
    );
  }
  const skipped: SkippedRows = { blank: 0, summary: [], lastDataRow: header.headerRow };
  const keep = (row: SourceRow): boolean => {
    if (row.number <= header.headerRow) return false;
    if (isBlankRow(row.values)) {
      skipped.blank++;
      return false;
    }
    if (isSummaryRow(row.values)) {
      skipped.summary.push(row.number);
      return false;
    }
    skipped.lastDataRow = row.number;
    return true;
  };
  async function* dataRows(): AsyncGenerator<SourceRow> {
    try {
      for (const row of buffered) if (keep(row)) yield row;
      buffered.length = 0;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        if (keep(next.value)) yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  return { sheet: name, headerRow: header.headerRow, headers: header.headers, rows: dataRows(), skipped };
}
