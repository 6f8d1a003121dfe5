import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { staticTarget } from '../contract/static-paths.js';
import { rendererDir, resourcesDir } from './app-paths.js';

export { contentTypeOf } from '../contract/static-paths.js';

/** The file a URL path names under the built renderer or the bundled basemap data; null if none. */
export async function staticFile(pathname: string): Promise<string | null> {
  const target = staticTarget(pathname);
  if (target === null) return null;
  const full = join(target.root === 'basemap' ? join(resourcesDir, 'basemap') : rendererDir, ...target.segments);
  try {
    return (await stat(full)).isFile() ? full : null;
  } catch {
    return null;
  }
}
