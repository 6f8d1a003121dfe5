import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
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

/** The user's KeTu config folder (recent projects); KETU_CONFIG_DIR overrides it (tests, portable installs). */
export function userConfigDir(): string {
  const override = process.env.KETU_CONFIG_DIR;
  if (override !== undefined && override !== '') return override;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'KeTu');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'KeTu');
  const xdg = process.env.XDG_CONFIG_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.config'), 'ketu');
}

/** Where the workbench keeps its recent projects and proposes new ones (the window hosts; the CLI keeps none). */
export function userRecents(): { file: string; projectsDir: string } {
  const projects = process.env.KETU_PROJECTS_DIR;
  return { file: join(userConfigDir(), 'recent-projects.json'), projectsDir: projects !== undefined && projects !== '' ? projects : join(homedir(), 'KeTu') };
}
