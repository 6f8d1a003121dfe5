import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staticTarget } from '../native/contract/static-paths.js';

/** The package root: this file runs as dist/electron/app-files.js (also inside app.asar once packaged). */
const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The engine's utility-process entry, started by path: the shell never imports the engine. */
export const engineModulePath = join(appRoot, 'dist', 'native', 'host', 'electron-engine.js');
const rendererDir = join(appRoot, 'dist', 'renderer');
const basemapDir = join(appRoot, 'resources', 'basemap');

/** The file a ketu://app/ path names under the built renderer or the bundled basemap data; null if none. */
export async function staticFile(pathname: string): Promise<string | null> {
  const target = staticTarget(pathname);
  if (target === null) return null;
  const full = join(target.root === 'basemap' ? basemapDir : rendererDir, ...target.segments);
  try {
    return (await stat(full)).isFile() ? full : null;
  } catch {
    return null;
  }
}
