import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KetuError } from '../contract/errors.js';
import type { WireError } from '../contract/errors.js';
import type { PlaceFieldInfo } from '../contract/layers.js';

export interface FieldSummaryWorkerData {
  path: string;
}
/** SQLite's own errors cross as their code, so the dispatcher words them as it does the engine's. */
export type FieldSummaryMessage = { infos: PlaceFieldInfo[] } | { error: WireError } | { sqlite: string; message: string };

const workerFile = fileURLToPath(new URL('./field-summary-worker.js', import.meta.url));

/**
 * places.fields' summary of the project file at `path`, computed on a worker thread over its own read-only
 * connection (WAL lets it read beside the engine's connection), so the engine keeps answering. As with
 * the import's reader thread, only a run from the TypeScript sources (no compiled worker) or an in-memory
 * database summarises in-thread, through `inThread`.
 */
export function summariseOnThread(path: string, memory: boolean, inThread: () => PlaceFieldInfo[]): Promise<PlaceFieldInfo[]> {
  if (memory || path === '' || !existsSync(workerFile)) return Promise.resolve().then(inThread);
  return new Promise<PlaceFieldInfo[]>((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { path } satisfies FieldSummaryWorkerData });
    let answered = false;
    worker.on('message', (m: FieldSummaryMessage) => {
      answered = true;
      if ('infos' in m) resolve(m.infos);
      else if ('error' in m) reject(new KetuError(m.error.code, m.error.message, m.error.details));
      else reject(Object.assign(new Error(m.message), { code: m.sqlite }));
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
