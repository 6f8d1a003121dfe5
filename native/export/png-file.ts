import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { KetuError } from '../contract/errors.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk; throws if the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  if (png.byteLength < 24 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) {
    throw new KetuError('EXPORT_FAILED', '导出的图像不是有效的 PNG 数据');
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Writes through a temporary file so a crash never leaves half a PNG under the chosen name. */
export function writePng(path: string, png: Uint8Array, overwrite: boolean): { width: number; height: number } {
  const size = pngSize(png);
  if (!overwrite && existsSync(path)) throw new KetuError('FILE_EXISTS', `文件已存在：${path}`, { file: path });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, png);
    renameSync(tmp, path);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new KetuError('EXPORT_FAILED', `无法写入 PNG 文件：${path}（${message}）`, { file: path });
  }
  return size;
}
