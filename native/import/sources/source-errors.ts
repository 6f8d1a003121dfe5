import { basename } from 'node:path';
import { KetuError } from '../../contract/errors.js';

/** Bytes looked at to decide what a file is (and, for CSV, its encoding and delimiter). */
export const SNIFF_BYTES = 64 * 1024;

export function cancelledError(file: string): KetuError {
  return new KetuError('CANCELLED', `导入已取消：${basename(file)}`, { file });
}

export function notATableError(file: string, why = ''): KetuError {
  return new KetuError('UNSUPPORTED_FILE', `${basename(file)} 不是表格文件${why}，请选择 .xlsx 或 .csv 文件`, { file });
}

export function corruptError(file: string): KetuError {
  return new KetuError('UNSUPPORTED_FILE', `${basename(file)} 文件已损坏或不完整，无法读取。请重新导出或另存后再试`, { file });
}

export function noSuchSheetError(file: string, sheet: string, sheets: string[]): KetuError {
  return new KetuError('INVALID_PARAMS', `${basename(file)} 中没有名为「${sheet}」的工作表（现有：${sheets.join('、')}）`, { file, sheet, sheets });
}

/** Checked per row; a function so TypeScript does not narrow `aborted` to false after the first check. */
export function checkAborted(signal: AbortSignal | undefined, file: string): void {
  if (signal?.aborted === true) throw cancelledError(file);
}
