// Worker thread entry: runs the reading half of an import (parse, map, validate, convert) and posts
// its events, so the spreadsheet's XML parsing runs beside the main thread's SQLite writes.
import { parentPort, workerData } from 'node:worker_threads';
import { KetuError } from '../contract/errors.js';
import { recordFieldValues } from '../store/record-field-values.js';
import { readSheet } from './sheet-reader.js';
import type { ReaderControl, ReaderMessage, ReaderWorkerData } from './reader-thread.js';
import type { SheetEvent } from './sheet-reader.js';

/**
 * Characters of row JSON per message. V8 deserialises a message over 100 KB straight into the old
 * generation (its pretenuring threshold), so 1000-row messages (1.4 MB) piled up as garbage only a
 * major GC frees (100 MB of the main thread's heap at 1,000,000 rows); parts under it die young.
 * Two bytes a character at worst (Chinese text), with room for the message's own framing.
 */
const PART_CHARS = 40_000;

/**
 * An event as messages: a rows event in parts of whole rows, each row's attributes beside its JSON,
 * one line each (JSON.stringify writes no raw line break), not quoted again inside it.
 */
function toMessages(event: SheetEvent): ReaderMessage[] {
  if (event.type !== 'rows') return [{ json: JSON.stringify(event) }];
  const messages: ReaderMessage[] = [];
  let rows: string[] = [];
  let attributes: string[] = [];
  let chars = 0;
  const part = (last: boolean): void => {
    messages.push({ rows: `[${rows.join(',')}]`, attributes: attributes.join('\n'), last });
    rows = [];
    attributes = [];
    chars = 0;
  };
  for (const r of event.rows) {
    const a = r.customer.attributes ?? {};
    const text = typeof a === 'string' ? a : JSON.stringify(a);
    r.customer.recordFields ??= recordFieldValues(typeof a === 'string' ? (JSON.parse(a) as Record<string, unknown>) : a);
    r.customer.attributes = '';
    const json = JSON.stringify(r);
    if (rows.length > 0 && chars + json.length + text.length > PART_CHARS) part(false);
    rows.push(json);
    attributes.push(text);
    chars += json.length + text.length;
  }
  part(true);
  return messages;
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
      // JSON text: a few strings cross threads far cheaper than thousands of small objects.
      for (const m of toMessages(event)) port.postMessage(m);
    }
  } catch (err) {
    port.postMessage({ error: err instanceof KetuError ? err.toWire() : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } } satisfies ReaderMessage);
  } finally {
    port.close();
  }
}

void main();
