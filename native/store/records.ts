import type { CellProblem } from '../contract/errors.js';
import type { RecordFieldValues } from './record-field-values.js';
import type { ImportField, PlacePrecision, PlaceRole } from '../contract/methods.js';

/** The 区县 and 城市 a position lies in; the store is handed the lookup (analysis/district-index.ts). */
export type DivisionLookup = (lng: number, lat: number) => { district: string | null; city: string | null };

export interface NewPlace {
  role: PlaceRole;
  lng: number;
  lat: number;
  name?: string | null;
  address?: string | null;
  industry?: string | null;
  /** Where the position came from: 'import' (the sheet's own coordinates), 'gazetteer', a provider … */
  source?: string;
  precision?: PlacePrecision;
  /** Problems kept with the place rather than silently accepted (swapped axes, outlier …). */
  flags?: string[];
}

export interface NewCustomer {
  name: string | null;
  /** Text; the same phone in several batches is one customer with several records. */
  phone: string | null;
  /**
   * Stored as JSON text; the import's reader thread hands them over as that text already, so the
   * main thread neither parses nor writes them again for each row.
   */
  attributes?: Record<string, string | number | null> | string;
  /** The record's revision columns, worked out where the attributes were still an object (the reader thread). */
  recordFields?: RecordFieldValues;
  /** 1-based row of the source sheet, kept on the record for the report. */
  row?: number;
  places: NewPlace[];
}

export interface NewBatch {
  sourceFile: string;
  sheet: string | null;
  stage: string | null;
  crs: string;
  mapping: Record<string, string>;
  rowsRead: number;
  customers: NewCustomer[];
  /** Fixed by the demo generator so its file is the same on every machine. */
  createdAt?: string;
  /** Remembered with the batch, in the same transaction: the column layout and the mapping used. */
  mappingLayout?: string;
  columnMapping?: Record<string, ImportField | null>;
  /** The problems found (flags and skipped cells), kept for the batch's report. */
  report?: CellProblem[];
}
