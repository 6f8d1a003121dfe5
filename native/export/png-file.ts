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

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The PNG with its resolution written in a pHYs chunk (pixels per metre), placed right after IHDR, so print
 * and layout programs place it at its true size. An existing pHYs is replaced.
 */
export function withDpi(png: Uint8Array, dpi: number): Uint8Array<ArrayBuffer> {
  pngSize(png);
  const ppm = Math.round(dpi / 0.0254);
  const chunk = new Uint8Array(21);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  view.setUint32(8, ppm);
  view.setUint32(12, ppm);
  chunk[16] = 1; // unit: metre
  view.setUint32(17, crc32(chunk.subarray(4, 17)));
  const parts: Uint8Array[] = [png.subarray(0, 33)];
  // Walk the chunks after IHDR, dropping any pHYs already there.
  const src = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 33;
  parts.push(chunk);
  while (at + 8 <= png.byteLength) {
    const len = src.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const end = at + 12 + len;
    if (type !== 'pHYs') parts.push(png.subarray(at, end));
    at = end;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}
