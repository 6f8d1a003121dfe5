import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { KetuError } from '../../contract/errors.js';
import { openCsvSource } from './csv-source.js';
import { SNIFF_BYTES } from './source-errors.js';
import type { TableSource, TextEncodingName } from './source-types.js';
import { openXlsxSource } from './xlsx-source.js';

export type { SourceRow, TableSource, TextEncodingName, UnreadCell } from './source-types.js';

export interface OpenOptions {
  /** 'auto' (default) tries strict UTF-8 and falls back to GB18030; CSV only. */
  encoding?: 'auto' | TextEncodingName;
}

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * Opens a customer list by what its bytes are, not by its extension: CRMs routinely save CSV or
 * HTML under .xls/.xlsx names, and users rename files.
 */
export async function openTableSource(file: string, opts: OpenOptions = {}): Promise<TableSource> {
  const name = basename(file);
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new KetuError('UNSUPPORTED_FILE', `${name} 不是文件`, { file });
    size = st.size;
  } catch (err) {
    if (err instanceof KetuError) throw err;
    throw new KetuError('FILE_NOT_FOUND', `找不到文件：${file}`, { file });
  }
  if (size === 0) throw new KetuError('UNSUPPORTED_FILE', `${name} 是空文件`, { file });

  const head = await readHead(file, Math.min(size, SNIFF_BYTES));
  if (head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50) return openXlsxSource(file);
  if (head.length >= 8 && head.subarray(0, 8).equals(OLE2_MAGIC)) {
    // Password-protected .xlsx files are OLE2 containers too; calling them ".xls" would mislead.
    const tail = size > SNIFF_BYTES ? await readHead(file, SNIFF_BYTES, size - SNIFF_BYTES) : Buffer.alloc(0);
    if (head.includes(ENCRYPTED_PACKAGE) || tail.includes(ENCRYPTED_PACKAGE)) {
      throw new KetuError('UNSUPPORTED_FILE', `${name} 设置了打开密码，请在 Excel 或 WPS 中取消密码并另存为 .xlsx 后再导入`, { file });
    }
    throw new KetuError('UNSUPPORTED_FILE', `${name} 是旧版 Excel (.xls) 文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入`, { file });
  }
  return openCsvSource(file, head, size, opts.encoding ?? 'auto');
}

async function readHead(file: string, length: number, position = 0): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
