// Worker thread entry: one field job (places.fields' list, or a places.field column) on a read-only
// connection of its own, posted back, so the engine's thread answers other calls meanwhile.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { KetuError } from '../contract/errors.js';
import type { FieldWorkerData, FieldWorkerMessage } from './field-thread.js';
import { PlaceFieldStore } from './place-fields.js';

const port = parentPort;
if (port !== null) {
  const { path, job } = workerData as FieldWorkerData;
  let message: FieldWorkerMessage;
  const transfer: ArrayBuffer[] = [];
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const store = new PlaceFieldStore(db);
      if (job.kind === 'list') message = { infos: store.list() };
      else {
        const column = store.column(job.field);
        // The column's one array moves to the engine's thread instead of being copied.
        transfer.push((column.kind === 'category' ? column.codes : column.values).buffer);
        message = { column };
      }
    } finally {
      db.close();
    }
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) message = { sqlite: code, message: err instanceof Error ? err.message : String(err) };
    else message = { error: err instanceof KetuError ? err.toWire() : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
  }
  port.postMessage(message, transfer);
  port.close();
}
