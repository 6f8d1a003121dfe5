import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { KetuError } from '../contract/errors.js';

/**
 * Who is writing a project, in a small JSON file beside it (`<project>-writer`) while a long write
 * (an import) holds SQLite's write lock: another process that finds the file busy can then say who
 * holds it instead of SQLite's "database is locked". A record whose process is gone is ignored.
 */
export interface WriterRecord {
  /** The program, e.g. "ketu import" or "KeTu 工作台". */
  holder: string;
  /** What it is doing, as a noun: 导入, 迁移. */
  activity: string;
  pid: number;
  since: string;
}

export const writerRecordPath = (project: string): string => `${project}-writer`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live record of the project's writer, or null (none, unreadable, or its process has ended). */
export function currentWriter(project: string): WriterRecord | null {
  let record: Partial<WriterRecord>;
  try {
    record = JSON.parse(readFileSync(writerRecordPath(project), 'utf8')) as Partial<WriterRecord>;
  } catch {
    return null;
  }
  if (typeof record.pid !== 'number' || typeof record.holder !== 'string' || !alive(record.pid)) return null;
  return { holder: record.holder, activity: typeof record.activity === 'string' ? record.activity : '写入', pid: record.pid, since: record.since ?? '' };
}

/** PROJECT_BUSY naming the writer when its record is there. */
export function busyError(project: string): KetuError {
  const writer = currentWriter(project);
  if (writer === null) return new KetuError('PROJECT_BUSY', `项目正被另一个程序写入，请稍后再试：${project}`, { file: project });
  return new KetuError('PROJECT_BUSY', `项目正被另一个${writer.activity}占用（${writer.holder}，进程 ${writer.pid}），请稍后再试`, {
    file: project,
    holder: writer.holder,
    pid: writer.pid,
    activity: writer.activity,
  });
}

/**
 * Records this process as the writer; refuses at once (no 5-second wait on the lock) when another live
 * process holds the record. Returns the release, which removes the record only if it is still ours.
 */
export function claimWriter(project: string, holder: string, activity: string): () => void {
  const other = currentWriter(project);
  if (other !== null && other.pid !== process.pid) throw busyError(project);
  const record: WriterRecord = { holder, activity, pid: process.pid, since: new Date().toISOString() };
  try {
    writeFileSync(writerRecordPath(project), JSON.stringify(record));
  } catch {
    // A read-only folder still lets SQLite refuse or allow the write; the record is only a courtesy.
    return () => undefined;
  }
  return () => {
    if (currentWriter(project)?.pid === process.pid) rmSync(writerRecordPath(project), { force: true });
  };
}

const BUSY_CODES = /^SQLITE_(BUSY|LOCKED)/;

/** True for SQLite's "database is locked/busy" errors (better-sqlite3 puts the extended code in `code`). */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && BUSY_CODES.test(code);
}
