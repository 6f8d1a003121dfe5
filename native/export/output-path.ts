import { closeSync, existsSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { KetuError } from '../contract/errors.js';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

function isSqliteFile(path: string): boolean {
  const header = Buffer.alloc(16);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

function refuse(path: string, why: string): never {
  throw new KetuError('OUTPUT_REFUSED', `不能写入 ${path}：${why}。请换一个输出文件名`, { file: path });
}

/**
 * The one check every output path passes (reports, lists, rankings, PNGs) before anything is done:
 * an output never replaces a project (open or not, under any name: recognised by its SQLite header),
 * its -wal/-shm/-journal, a backup (*.bak), or any .ketu. Returns the absolute path.
 */
export function checkOutputPath(out: string): string {
  const path = resolve(out);
  const name = basename(path).toLowerCase();
  if (name.endsWith('.ketu')) refuse(path, '这是项目文件（.ketu）的名字，输出不会覆盖项目');
  if (/-(wal|shm|journal|writer)$/.test(name)) refuse(path, '这是项目的日志文件（-wal/-shm），覆盖它会损坏项目');
  if (name.endsWith('.bak')) refuse(path, '这是项目的备份文件（.bak）');
  if (existsSync(path)) {
    const real = realpathSync(path);
    if (statSync(real).isDirectory()) refuse(path, '这是一个文件夹');
    if (isSqliteFile(real)) refuse(path, '这是一个项目或数据库文件');
  }
  return path;
}

/**
 * Checks `out`, lets `write` fill a temporary file beside it and renames that into place, so an
 * interrupted export never leaves half a file under the chosen name. `what` names the file in messages.
 */
export async function writeOutputFile(out: string, what: string, write: (tmp: string) => Promise<void> | void): Promise<string> {
  const path = checkOutputPath(out);
  const tmp = `${path}.${process.pid}.tmp${extname(path)}`;
  try {
    await write(tmp);
    // Checked again: the target may have become a project while the file was being written.
    checkOutputPath(path);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    if (err instanceof KetuError) throw err;
    throw new KetuError('EXPORT_FAILED', `无法写入${what}：${path}（${err instanceof Error ? err.message : String(err)}）`, { file: path });
  }
  return path;
}
