// Worker thread entry: runs the reading half of an import (parse, map, validate, convert) and posts
// its events, so the spreadsheet's XML parsing runs beside the main thread's SQLite writes.
import { parentPort, workerData } from 'node:worker_threads';
import { KetuError } from '../contract/errors.js';
import { recordFieldValues } from '../store/record-field-values.js';
import { readSheet } from './sheet-reader.js';
import type { ReaderControl, ReaderMessage, ReaderWorkerData } from './reader-thread.js';
import type { SheetEvent } from './sheet-reader.js';

/**
 * Each row's attributes are JSON text already: sent beside the event, one line each (JSON.stringify
 * writes no raw line break), instead of quoted again inside it and unquoted again on the other side.
 */
function toMessage(event: SheetEvent): ReaderMessage {
  if (event.type !== 'rows') return { json: JSON.stringify(event) };
  const attributes = event.rows.map((r) => {
    const a = r.customer.attributes ?? {};
    if (typeof a === 'string') return a;
    // Worked out here, from the object, so the writer need not parse the JSON text again.
    r.customer.recordFields = recordFieldValues(a);
    return JSON.stringify(a);
  });
  for (const r of event.rows) r.customer.attributes = '';
  return { json: JSON.stringify(event), attributes: attributes.join('\n') };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const { input, credit: initial } = workerData as ReaderWorkerData;
  let credit = initial;
  let wake: (() => void) | null = null;
  port.on('message', (m: ReaderControl) => {
    credit += m.credit;
    wake?.();
    wake = null;
  });
  try {
    for await (const event of readSheet(input)) {
      if (event.type === 'rows') {
        // Back-pressure: a reader faster than the writes would otherwise queue the whole sheet in memory.
        while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
        credit--;
      }
      // JSON text: one string crosses threads far cheaper than thousands of small objects.
      port.postMessage(toMessage(event));
    }
  } catch (err) {
    port.postMessage({ error: err instanceof KetuError ? err.toWire() : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } } satisfies ReaderMessage);
  } finally {
    port.close();
  }
}

void main();
