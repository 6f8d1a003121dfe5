// Worker thread entry: summarises the project's fields (places.fields) on a read-only connection of its
// own and posts the list, so the engine's thread answers other calls during the minute 5M places take.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { KetuError } from '../contract/errors.js';
import type { FieldSummaryMessage, FieldSummaryWorkerData } from './field-summary-thread.js';
import { summariseFields } from './place-fields.js';

const port = parentPort;
if (port !== null) {
  const { path } = workerData as FieldSummaryWorkerData;
  let message: FieldSummaryMessage;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      message = { infos: summariseFields(db) };
    } finally {
      db.close();
    }
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) message = { sqlite: code, message: err instanceof Error ? err.message : String(err) };
    else message = { error: err instanceof KetuError ? err.toWire() : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
  }
  port.postMessage(message);
  port.close();
}
