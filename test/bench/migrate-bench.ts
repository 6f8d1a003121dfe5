// Migrating a large schema-10 project, against writing the same file fresh, in the same run.
// Migration 020 once searched a whole batch for every place (20,000 places took 48 s); every step must
// now grow linearly. Prints figures; asserts nothing.
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { migrations } from '../../native/store/migrations/index.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { resourcesDir } from '../support/resources.js';
import { writeV10Project } from '../support/v10-project.js';

export interface MigrateReport {
  places: number;
  bytes: number;
  writeMs: number;
  /** Per target version: the open that ran that one migration (its backup included). */
  steps: Array<{ version: number; ms: number }>;
}

export function migrateBench(points: number, opts: { keep: boolean; log: (line: string) => void }): MigrateReport {
  const path = join(tmpdir(), `ketu-migrate-bench-${process.pid}.ketu`);
  const customers = Math.max(1, Math.round(points * 0.75));
  opts.log(`writing a schema-10 project with ${customers.toLocaleString('en')} customers…`);
  const writeMs = writeV10Project(path, customers);
  const db = new Database(path, { readonly: true });
  const places = db.prepare('SELECT count(*) FROM places').pluck().get() as number;
  db.close();
  const bytes = statSync(path).size;
  const steps: MigrateReport['steps'] = [];
  for (const m of migrations.filter((x) => x.version > 10)) {
    opts.log(`migrating to ${m.version}…`);
    const started = performance.now();
    ProjectStore.open(path, { resourcesDir, migrations: migrations.filter((x) => x.version <= m.version) }).close();
    steps.push({ version: m.version, ms: performance.now() - started });
  }
  if (opts.keep) opts.log(`kept ${path}`);
  else for (const f of [path, ...migrations.map((m) => `${path}.v${m.version}.bak`)]) rmSync(f, { force: true });
  return { places, bytes, writeMs, steps };
}

export function formatMigrate(r: MigrateReport): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const total = r.steps.reduce((sum, x) => sum + x.ms, 0);
  return [
    `\nmigrate, schema 10 → ${r.steps.at(-1)?.version ?? 10}, ${r.places.toLocaleString('en')} places in one batch (${(r.bytes / 1e6).toFixed(0)} MB)`,
    `  write the schema-10 file fresh   ${s(r.writeMs)}`,
    ...r.steps.map((x) => `  open + back up + migrate to ${x.version}   ${s(x.ms)}  (${(x.ms / r.writeMs).toFixed(2)} × write)`),
    `migrate ${r.places.toLocaleString('en')} places: ${s(total)}, writing fresh ${s(r.writeMs)}, ratio ${(total / r.writeMs).toFixed(2)}`,
  ].join('\n');
}
