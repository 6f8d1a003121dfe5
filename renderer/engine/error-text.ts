import type { ErrorCode, ErrorDetails } from '../../native/contract/index.js';
import { translate } from '../i18n/i18n.js';
import type { Lang } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { EngineError } from './engine-client.js';

/** Every error code of the contract, named in both UI languages (a new code fails to compile until named). */
export const errorKeys: Record<ErrorCode, MessageKey> = {
  INVALID_PARAMS: 'error.INVALID_PARAMS',
  UNKNOWN_METHOD: 'error.UNKNOWN_METHOD',
  FILE_NOT_FOUND: 'error.FILE_NOT_FOUND',
  FILE_EXISTS: 'error.FILE_EXISTS',
  NOT_A_PROJECT: 'error.NOT_A_PROJECT',
  PROJECT_CORRUPT: 'error.PROJECT_CORRUPT',
  PROJECT_TOO_NEW: 'error.PROJECT_TOO_NEW',
  LAYER_TOO_NEW: 'error.LAYER_TOO_NEW',
  VERSION_TOO_NEW: 'error.VERSION_TOO_NEW',
  NO_PROJECT_OPEN: 'error.NO_PROJECT_OPEN',
  UNSUPPORTED_FILE: 'error.UNSUPPORTED_FILE',
  IMPORT_NO_HEADER: 'error.IMPORT_NO_HEADER',
  IMPORT_BAD_ROWS: 'error.IMPORT_BAD_ROWS',
  EXPORT_FAILED: 'error.EXPORT_FAILED',
  OUTPUT_REFUSED: 'error.OUTPUT_REFUSED',
  PROJECT_BUSY: 'error.PROJECT_BUSY',
  WRITE_FAILED: 'error.WRITE_FAILED',
  CANCELLED: 'error.CANCELLED',
  BASEMAP_UNAVAILABLE: 'error.BASEMAP_UNAVAILABLE',
  INTERNAL: 'error.INTERNAL',
};

/** "sheet “S”, row R, column “C”" from the fields a detail names. */
function placeOf(sheet: unknown, row: unknown, column: unknown): string {
  const parts: string[] = [];
  if (typeof sheet === 'string' && sheet !== '') parts.push(translate('en', 'error.where.sheet', { sheet }));
  if (typeof row === 'number') parts.push(translate('en', 'error.where.row', { row }));
  if (typeof column === 'string' && column !== '') parts.push(translate('en', 'error.where.column', { column }));
  return parts.join(', ');
}

/**
 * Where in the file an English message points: the engine's Chinese text names the sheet, row and column,
 * so the English one must too (the first refused row of a refused import, with its reason as the engine wrote it).
 */
function whereInEnglish(details: ErrorDetails | undefined): string[] {
  if (details === undefined) return [];
  const first = details.problems?.[0];
  if (first !== undefined) return [translate('en', 'error.where.example', { where: placeOf(first.sheet, first.row, first.column), reason: first.reason })];
  const where = placeOf(details.sheet, details.row, details.column);
  return where === '' ? [] : [where];
}

/**
 * An error as the planner reads it. Engine errors are translated by code; in zh-CN the engine's own message
 * (already Chinese, and more specific: which file, which row) is shown, with the code's text only when the
 * engine gave none. In English the code's text is shown with the file, sheet, row and column it names. Other errors
 * (the page's own) are shown as they are.
 */
export function errorMessage(error: unknown, lang: Lang): string {
  if (error instanceof EngineError) {
    const byCode = translate(lang, errorKeys[error.code]);
    if (lang === 'zh-CN') return error.message.trim() === '' ? byCode : error.message;
    const holder = error.details?.holder;
    const pid = error.details?.pid;
    // Who holds the project matters more than which file: the planner can go and finish that import.
    if (error.code === 'PROJECT_BUSY' && typeof holder === 'string' && typeof pid === 'number') return translate(lang, 'error.PROJECT_BUSY.holder', { holder, pid });
    const file = error.details?.file;
    const named = typeof file === 'string' && file !== '' ? `${byCode}: ${file}` : byCode;
    return [named, ...whereInEnglish(error.details)].join(', ');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
