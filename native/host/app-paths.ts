import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found by walking up: the same code runs from source (tests) and from dist/. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'ketu') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('KeTu package root not found');
    dir = parent;
  }
}

export const appRoot = findRoot();
export const appVersion = (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;
export const rendererDir = join(appRoot, 'dist', 'renderer');
export const resourcesDir = join(appRoot, 'resources');
export const demoProjectPath = join(resourcesDir, 'demo', 'demo.ketu');
