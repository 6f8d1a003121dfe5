import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KetuError } from '../contract/errors.js';
import type { WireError } from '../contract/errors.js';
import type { FieldColumn, PlaceFieldInfo } from '../contract/layers.js';

/** What a field worker computes: places.fields' list, or one places.field column. */
export type FieldJob = { kind: 'list' } | { kind: 'column'; field: string };
export interface FieldWorkerData {
  path: string;
  job: FieldJob;
}
/** SQLite's own errors cross as their code, so the dispatcher words them as it does the engine's. */
export type FieldWorkerMessage = { infos: PlaceFieldInfo[] } | { column: FieldColumn } | { error: WireError } | { sqlite: string; message: string };

const workerFile = fileURLToPath(new URL('./field-worker.js', import.meta.url));

/**
 * A field job over the project file at `path`, on a worker thread with its own read-only connection (WAL
 * lets it read beside the engine's), so the engine keeps answering: at 5,000,000 places the list takes a
 * minute and a column many seconds. As with the import's reader thread, only a run from the TypeScript
 * sources (no compiled worker) or an in-memory database computes in-thread, through `inThread`.
 */
function onThread(path: string, memory: boolean, job: FieldJob, inThread: () => FieldWorkerMessage): Promise<FieldWorkerMessage> {
  if (memory || path === '' || !existsSync(workerFile)) return Promise.resolve().then(inThread);
  return new Promise<FieldWorkerMessage>((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { path, job } satisfies FieldWorkerData });
    let answered = false;
    worker.on('message', (m: FieldWorkerMessage) => {
      answered = true;
      if ('error' in m) reject(new KetuError(m.error.code, m.error.message, m.error.details));
      else if ('sqlite' in m) reject(Object.assign(new Error(m.message), { code: m.sqlite }));
      else resolve(m);
    });
    worker.on('error', (err) => {
      answered = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!answered) reject(new KetuError('INTERNAL', `字段统计线程异常退出（${code}）`));
    });
  });
}

/** places.fields' list, off the engine's thread. */
export async function listOnThread(path: string, memory: boolean, inThread: () => PlaceFieldInfo[]): Promise<PlaceFieldInfo[]> {
  const m = await onThread(path, memory, { kind: 'list' }, () => ({ infos: inThread() }));
  if (!('infos' in m)) throw new KetuError('INTERNAL', '字段统计线程的回答不是字段列表');
  return m.infos;
}

/** One places.field column, off the engine's thread. */
export async function columnOnThread(path: string, memory: boolean, field: string, inThread: () => FieldColumn): Promise<FieldColumn> {
  const m = await onThread(path, memory, { kind: 'column', field }, () => ({ column: inThread() }));
  if (!('column' in m)) throw new KetuError('INTERNAL', '字段统计线程的回答不是字段列');
  return m.column;
}
