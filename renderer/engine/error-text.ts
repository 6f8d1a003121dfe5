import type { ErrorCode } from '../../native/contract/index.js';
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

/**
 * An error as the planner reads it. Engine errors are translated by code; in zh-CN the engine's own message
 * (already Chinese, and more specific: which file, which row) is shown, with the code's text only when the
 * engine gave none. In English the code's text is shown with the file it names, if any. Other errors
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
    return typeof file === 'string' && file !== '' ? `${byCode}: ${file}` : byCode;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
