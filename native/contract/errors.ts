/** Error codes the UI can translate; messages are zh-CN first because planners read them. */
export const errorCodes = [
  'INVALID_PARAMS',
  'UNKNOWN_METHOD',
  'FILE_NOT_FOUND',
  'FILE_EXISTS',
  'NOT_A_PROJECT',
  'PROJECT_CORRUPT',
  'PROJECT_TOO_NEW',
  /** A saved layer config written by a newer KeTu (see layer-migrations.ts). */
  'LAYER_TOO_NEW',
  /** A saved map version written by a newer KeTu (contract/revision.ts MAP_VERSION_FORMAT). */
  'VERSION_TOO_NEW',
  'NO_PROJECT_OPEN',
  'UNSUPPORTED_FILE',
  'IMPORT_NO_HEADER',
  'IMPORT_BAD_ROWS',
  /** A file could not be written, or there was nothing to write: details.reason 'AREA_EMPTY' for an area list of an area holding no customer (after the filter). */
  'EXPORT_FAILED',
  /** An output path that would replace a project, its -wal/-shm, a backup or another SQLite file; details.file names it. */
  'OUTPUT_REFUSED',
  /** Another process writes the project; details.holder (e.g. "ketu import") and details.pid when known. */
  'PROJECT_BUSY',
  /** The disk or the folder refused a write (full, read-only, no permission); details.reason says which. */
  'WRITE_FAILED',
  'CANCELLED',
  /** Online tiles unreachable (offline), refused (key) or a basemap file unreadable; details.reason says which. */
  'BASEMAP_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One problem with one cell, as the importer reports it (sheet, 1-based row, column header). */
export interface CellProblem {
  sheet: string;
  row: number;
  column: string;
  reason: string;
  severity?: 'error' | 'flag';
  value?: string;
}

export interface ErrorDetails {
  file?: string;
  problems?: CellProblem[];
  [key: string]: unknown;
}

/** The only error shape that crosses a transport: `{code, message, details}`. */
export interface WireError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export class KetuError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'KetuError';
    this.code = code;
    this.details = details;
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (errorCodes as readonly string[]).includes(v.code) && typeof v.message === 'string';
}
