import { createRequire } from 'node:module';
import type ExcelJSModule from 'exceljs';
import type * as Saxes from 'saxes';

/**
 * exceljs, loaded with one fix. Its streaming reader (4.4.0, lib/utils/parse-sax.js) decodes every
 * inflated chunk on its own, so a Chinese character split across two chunks becomes U+FFFD — silently
 * (upstream issues #2063, #2084, #2316; measured: 203 of 940k cells of a 100k-row sheet). Before exceljs
 * loads, its parse-sax module is replaced in the require cache by one that decodes with a single
 * streaming decoder. Every KeTu module (and test) takes exceljs from here, never from 'exceljs'.
 */
const require = createRequire(import.meta.url);
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const { SaxesParser } = createRequire(parseSaxPath)('saxes') as typeof Saxes;

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: unknown;
}

async function* parseSax(iterable: AsyncIterable<Uint8Array | string>): AsyncGenerator<SaxEvent[]> {
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let error: Error | undefined;
  let events: SaxEvent[] = [];
  parser.on('error', (err) => {
    error = err;
  });
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error !== undefined) throw error;
    yield events;
    events = [];
  }
  parser.write(decoder.decode());
  if (error !== undefined) throw error;
  yield events;
}

const cached = require.cache[parseSaxPath];
if (cached === undefined) {
  const entry = { id: parseSaxPath, filename: parseSaxPath, loaded: true, exports: parseSax, children: [], paths: [] };
  require.cache[parseSaxPath] = entry as unknown as NodeJS.Module;
} else if ((cached.exports as unknown) !== parseSax && !String((cached.exports as { name?: string }).name).includes('parseSax')) {
  // Too late to fix: exceljs was loaded straight from 'exceljs' somewhere first.
  throw new Error("exceljs was loaded before native/export/exceljs.ts: import { ExcelJS } from there, never from 'exceljs'");
}

export const ExcelJS = require('exceljs') as typeof ExcelJSModule;
