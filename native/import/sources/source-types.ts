import type { PlainCell } from '../cell-value.js';

/** What every source (csv, xlsx) yields; apart from table-source.ts so the sources need not import their opener. */
export interface SourceRow {
  /** 1-based row in the sheet (xlsx) or record in the file (csv), as Excel would number it. */
  number: number;
  /** Index 0 is column A. */
  values: PlainCell[];
  /** Cells the source could not read faithfully (a broken byte, a formula never calculated…): the import flags them. */
  unread?: UnreadCell[];
}

export interface UnreadCell {
  /** Index into `values` (0 is column A). */
  column: number;
  reason: string;
  /** What the file holds, as text. */
  value: string;
}

export type TextEncodingName = 'utf-8' | 'gb18030';

export interface TableSource {
  kind: 'xlsx' | 'csv';
  file: string;
  /** The encoding a CSV is decoded with (detected or chosen); absent for xlsx. */
  encoding?: TextEncodingName;
  /** Sheet names in workbook order; a CSV has one, named after the file. */
  sheets(): Promise<string[]>;
  /** The sheet read when none is chosen: the first visible one. */
  defaultSheet(): Promise<string>;
  /** Streams one sheet; each call starts a fresh pass over the file. */
  rows(sheet?: string, signal?: AbortSignal): AsyncIterable<SourceRow>;
}
