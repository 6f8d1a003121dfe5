import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KetuError } from '../contract/errors.js';
import type { WireError } from '../contract/errors.js';
import { readSheet } from './sheet-reader.js';
import type { PendingRow, SheetEvent, SheetReaderInput } from './sheet-reader.js';

export interface ReaderWorkerData {
  input: SheetReaderInput;
  /** Row chunks the worker may post before it waits for the main thread. */
  credit: number;
}
/**
 * An event as JSON, or a part of a rows chunk: its rows as a JSON array, their attributes apart (one
 * JSON text a line, in row order); `last` ends the chunk (credit is counted in chunks).
 */
export type ReaderMessage = { json: string } | { rows: string; attributes: string; last: boolean } | { error: WireError };
export type ReaderControl = { credit: number };

/** The reader thread is faster than the writes: two chunks ahead keep it busy, and hold less in the queue. */
const IN_FLIGHT_CHUNKS = 2;
const workerFile = fileURLToPath(new URL('./reader-worker.js', import.meta.url));

/**
 * The sheet's events, read on a worker thread: parsing and mapping (one core) run beside the main
 * thread's writes (the other). Every build has the compiled worker next to this module; only a test
 * runner executing the TypeScript sources has none, and there the same reader runs in-thread.
 */
export function sheetEvents(input: SheetReaderInput, signal?: AbortSignal): AsyncGenerator<SheetEvent> {
  return existsSync(workerFile) ? eventsFromWorker(input, signal) : readSheet(input, signal);
}

async function* eventsFromWorker(input: SheetReaderInput, signal?: AbortSignal): AsyncGenerator<SheetEvent> {
  // A young generation of 32 MB: the reader's row objects still die young, and the thread holds 64 MB less than with 96 MB (the main thread, not the reader, sets the pace).
  const worker = new Worker(workerFile, { resourceLimits: { maxYoungGenerationSizeMb: 32 }, workerData: { input, credit: IN_FLIGHT_CHUNKS } satisfies ReaderWorkerData });
  const queue: ReaderMessage[] = [];
  let wake: (() => void) | null = null;
  // A holder, not a `let`: the callbacks set it, and the loop must see their writes.
  const state: { failure: Error | null } = { failure: null };
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: ReaderMessage) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (err) => {
    state.failure = err;
    notify();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && state.failure === null) state.failure = new Error(`读取线程异常退出（${code}）`);
    notify();
  });
  signal?.addEventListener('abort', notify);
  try {
    for (;;) {
      if (signal?.aborted === true) throw new KetuError('CANCELLED', '导入已取消，项目文件未改动');
      const m = queue.shift();
      if (m === undefined) {
        if (state.failure !== null) throw state.failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if ('error' in m) throw new KetuError(m.error.code, m.error.message, m.error.details);
      let event: SheetEvent;
      if ('rows' in m) {
        // Each part is its own event: its row objects die before the young generation's next
        // collections would promote them (a 1000-row event's rows lived through several).
        const rows = JSON.parse(m.rows) as PendingRow[];
        const attributes = m.attributes.split('\n');
        rows.forEach((r, i) => (r.customer.attributes = attributes[i] ?? '{}'));
        if (m.last) worker.postMessage({ credit: 1 } satisfies ReaderControl);
        event = { type: 'rows', rows };
      } else event = JSON.parse(m.json) as SheetEvent;
      yield event;
      if (event.type === 'end') return;
    }
  } finally {
    signal?.removeEventListener('abort', notify);
    await worker.terminate();
  }
}
