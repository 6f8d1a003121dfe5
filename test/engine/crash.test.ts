import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../native/store/project-store.js';
import { scopedTempDir } from '../support/files.js';
import { divisionOf, resourcesDir } from '../support/resources.js';


const storeJs = fileURLToPath(new URL('../../dist/native/store/project-store.js', import.meta.url));
const divisionsJs = fileURLToPath(new URL('../../dist/native/analysis/district-index.js', import.meta.url));
const N = 150_000;

/** A child that writes one big batch and is killed (SIGKILL) while it writes. */
function killMidBatch(project: string, afterMs: number | 'after-commit'): Promise<void> {
  const script = `
    const { ProjectStore } = await import(${JSON.stringify(storeJs)});
    const { divisionIndex } = await import(${JSON.stringify(divisionsJs)});
    const { divisionOf } = divisionIndex(${JSON.stringify(resourcesDir)});
    const store = ProjectStore.open(${JSON.stringify(project)});
    const customers = Array.from({ length: ${N} }, (_, i) => ({ name: 'c' + i, phone: null, places: [{ role: 'home', lng: 120 + i * 1e-6, lat: 30 }] }));
    process.stdout.write('writing\\n');
    store.insertBatch({ sourceFile: 'big.xlsx', sheet: 's', stage: null, crs: 'wgs84', mapping: {}, rowsRead: ${N}, customers }, divisionOf);
    process.stdout.write('committed\\n');
    setInterval(() => {}, 1000);
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d: Buffer) => {
      const text = d.toString();
      if (afterMs === 'after-commit' ? text.includes('committed') : text.includes('writing')) setTimeout(() => child.kill('SIGKILL'), afterMs === 'after-commit' ? 0 : afterMs);
    });
    child.on('exit', () => resolve());
    child.on('error', reject);
  });
}

describe('a crash while writing', () => {
  it('loses nothing committed and leaves no half batch, whenever the process dies', async () => {
    if (!existsSync(storeJs)) throw new Error('run `npm run build` first: the child process runs the compiled store');
    const d = scopedTempDir();
    const project = d.file('crash.ketu');
    const store = ProjectStore.create(project, { name: '崩溃测试' });
    store.insertBatch({ sourceFile: 'first.xlsx', sheet: 's', stage: null, crs: 'wgs84', mapping: {}, rowsRead: 1, customers: [{ name: '甲', phone: null, places: [{ role: 'home', lng: 120, lat: 30 }] }] }, divisionOf);
    store.close();
    for (const afterMs of [50, 250, 600, 'after-commit'] as const) {
      await killMidBatch(project, afterMs);
      const db = new Database(project, { readonly: true });
      const places = db.prepare('SELECT count(*) FROM places').pluck().get() as number;
      const imports = db.prepare('SELECT count(*) FROM imports').pluck().get() as number;
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
      db.close();
      // Either the whole batch landed or none of it; the first batch is always there.
      expect((places - 1) % N).toBe(0);
      expect(places).toBe(1 + (imports - 1) * N);
    }
    // The batch committed just before the kill is there in full.
    const reopened = ProjectStore.open(project);
    expect(reopened.info().counts.places).toBeGreaterThanOrEqual(1 + N);
    reopened.close();
  });
});
