import { existsSync, writeFileSync } from 'node:fs';
import { KetuError } from '../contract/errors.js';
import { checkOutputPath, writeOutputFile } from './output-path.js';

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
export async function writePng(path: string, png: Uint8Array, overwrite: boolean): Promise<{ width: number; height: number }> {
  const size = pngSize(png);
  const target = checkOutputPath(path);
  if (!overwrite && existsSync(target)) throw new KetuError('FILE_EXISTS', `文件已存在：${target}`, { file: target });
  await writeOutputFile(target, ' PNG 文件', (tmp) => writeFileSync(tmp, png));
  return size;
}
