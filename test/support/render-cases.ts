import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The render test cases on disk (test/render/<case>/, see its README): listed and read in one place for the
 * Chromium runner (test/e2e/render-cases.test.ts) and the unit test that checks every layer type has one.
 */

export const renderRoot = fileURLToPath(new URL('../render/', import.meta.url));

/** Case folders (those with a layers.json), sorted. */
export function renderCaseNames(): string[] {
  return readdirSync(renderRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(renderRoot, d.name, 'layers.json')))
    .map((d) => d.name)
    .sort();
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** A case's saved layers and its data (its own data.json, else the shared data/hangzhou-360.json). */
export function readRenderCase(name: string): { layers: unknown; data: unknown } {
  const dir = join(renderRoot, name);
  const own = join(dir, 'data.json');
  return { layers: readJson(join(dir, 'layers.json')), data: readJson(existsSync(own) ? own : join(renderRoot, 'data', 'hangzhou-360.json')) };
}
