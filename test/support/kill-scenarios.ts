import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { decodePolygon } from '../../native/store/gpkg-geometry.js';
import { currentSchemaVersion } from '../../native/store/migrations/index.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { divisionOf, resourcesDir } from './resources.js';
import { writeV10Project } from './v10-project.js';

// Children that write a project through the compiled store and are killed (SIGKILL) at a chosen
// moment, and the checks run on the file afterwards. Shared by test/engine/crash.test.ts (a few kills)
// and the kill-loop benchmark (hundreds).

export type KillScenario = 'import' | 'areas' | 'migration';

/** What one kill left behind; every flag false means the file is whole. */
export interface KillCheck {
  integrityFailed: boolean;
  partialBatch: boolean;
  unopenable: boolean;
  /** Why a flag is set, for the report. */
  problems: string[];
}

/** The compiled engine, found from the sources (vitest) or from dist/ (the benchmarks run there). */
export function compiled(rel: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'dist', rel))) return join(dir, 'dist', rel);
    if (dirname(dir) === dir) throw new Error(`dist/${rel} not found: run \`node build/build.mjs --native-only\` first (the child process runs the compiled store)`);
  }
}

/** The three children. Each prints 'writing' once it starts the work a kill should interrupt. */
function childScript(scenario: KillScenario, project: string, batchSize: number): string {
  const store = JSON.stringify(compiled('native/store/project-store.js'));
  const divisions = JSON.stringify(compiled('native/analysis/district-index.js'));
  const path = JSON.stringify(project);
  const resources = JSON.stringify(resourcesDir);
  switch (scenario) {
    case 'import':
      return `
        const { ProjectStore } = await import(${store});
        const { divisionIndex } = await import(${divisions});
        const { divisionOf } = divisionIndex(${resources});
        const store = ProjectStore.open(${path});
        const customers = Array.from({ length: ${batchSize} }, (_, i) => ({ name: 'c' + i, phone: null, attributes: i % 10 === 0 ? { purpose: 'p' + i } : {}, places: [{ role: 'home', lng: 120 + i * 1e-6, lat: 30 }] }));
        // A problem and a revision column on every tenth row: they land with the batch or not at all, like its places.
        const report = customers.filter((_, i) => i % 10 === 0).map((_, k) => ({ sheet: 's', row: 10 * k + 2, column: 'c', reason: 'r', severity: 'flag' }));
        process.stdout.write('writing\\n');
        store.insertBatch({ sourceFile: 'big.xlsx', sheet: 's', stage: null, crs: 'wgs84', mapping: {}, rowsRead: ${batchSize}, customers, report }, divisionOf);
        process.stdout.write('committed\\n');
        setInterval(() => {}, 1000);
      `;
    case 'areas':
      // Every row carries its own check: name, notes and team are written by the same statement, and
      // the ring is a closed square around the centre, so a torn row cannot pass checkAreas.
      return `
        const { ProjectStore } = await import(${store});
        const store = ProjectStore.open(${path});
        const areas = store.areas;
        const row = (k) => {
          const lng = 120 + (k % 100) * 1e-3, lat = 30 + (k % 37) * 1e-3, d = 1e-3;
          return { name: 'a' + k, grade: 'A', color: null, notes: String(k), team: 't' + k, kind: 'polygon', center: null, radiusM: null,
            ring: [[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]], hidden: false };
        };
        process.stdout.write('writing\\n');
        for (let k = 0; ; k++) {
          const live = areas.list();
          const pick = live[k % Math.max(1, live.length)];
          // Two inserts, an update and a removal: the table grows while every kind of write repeats.
          if (k % 4 < 2 || pick === undefined) areas.insert(row(k));
          else if (k % 4 === 2) { const { name, notes, team, ring } = row(k); areas.update(pick.id, { name, notes, team, ring }); }
          else areas.remove(pick.id);
        }
      `;
    case 'migration':
      return `
        const { ProjectStore } = await import(${store});
        process.stdout.write('writing\\n');
        ProjectStore.open(${path}, { resourcesDir: ${resources} }).close();
        process.stdout.write('committed\\n');
        setInterval(() => {}, 1000);
      `;
  }
}

/**
 * Runs the scenario's child and kills it `afterMs` after it starts writing ('done': once it has
 * finished, when the scenario ends). Resolves true when the kill hit before the work ended.
 */
export function killDuring(scenario: KillScenario, project: string, afterMs: number | 'done', batchSize = 0): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', childScript(scenario, project, batchSize)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let finished = false;
    child.stdout.on('data', (d: Buffer) => {
      const text = d.toString();
      if (text.includes('committed')) finished = true;
      if (afterMs === 'done' ? finished : text.includes('writing')) setTimeout(() => child.kill('SIGKILL'), afterMs === 'done' ? 0 : afterMs);
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the ${scenario} child ended by itself (exit ${String(code)}) before it was killed`));
      else resolve(!finished);
    });
    child.on('error', reject);
  });
}

/** The files a scenario starts from, made once and copied before each kill. */
export interface KillFixtures {
  /** A current-schema project with one small batch. */
  project: string;
  /** A schema-10 project and its row counts. */
  v10: string;
  v10Counts: { customers: number; places: number };
}

export function makeKillFixtures(dir: string, v10Customers: number): KillFixtures {
  const project = join(dir, 'base.ketu');
  const store = ProjectStore.create(project, { name: '崩溃测试' });
  store.insertBatch({ sourceFile: 'first.xlsx', sheet: 's', stage: null, crs: 'wgs84', mapping: {}, rowsRead: 1, customers: [{ name: '甲', phone: null, places: [{ role: 'home', lng: 120, lat: 30 }] }] }, divisionOf);
  store.close();
  const v10 = join(dir, 'base-v10.ketu');
  writeV10Project(v10, v10Customers);
  const db = new Database(v10, { readonly: true });
  const v10Counts = {
    customers: db.prepare('SELECT count(*) FROM customers').pluck().get() as number,
    places: db.prepare('SELECT count(*) FROM places').pluck().get() as number,
  };
  db.close();
  return { project, v10, v10Counts };
}

/** A fresh copy of the scenario's starting file at `path` (sidecars and backups of the last run removed). */
export function resetKillTarget(scenario: KillScenario, fixtures: KillFixtures, path: string): void {
  for (const f of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(f, { force: true });
  for (let v = 1; v <= currentSchemaVersion; v++) rmSync(`${path}.v${v}.bak`, { force: true });
  copyFileSync(scenario === 'migration' ? fixtures.v10 : fixtures.project, path);
}

/** Checks the file a killed child left, then opens it as the app does (migrating what is left to migrate). */
export function checkAfterKill(scenario: KillScenario, project: string, fixtures: KillFixtures, batchSize: number): KillCheck {
  const result: KillCheck = { integrityFailed: false, partialBatch: false, unopenable: false, problems: [] };
  // Read-write, as the app opens it: a hot journal or WAL left by the kill is rolled back or replayed here.
  const db = new Database(project);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      result.integrityFailed = true;
      result.problems.push(`integrity_check: ${String(integrity)}`);
    }
    const problem = scenario === 'import' ? checkImport(db, batchSize) : scenario === 'areas' ? checkAreas(db) : checkMigration(db, fixtures.v10Counts);
    if (problem !== null) {
      result.partialBatch = true;
      result.problems.push(problem);
    }
  } finally {
    db.close();
  }
  try {
    ProjectStore.open(project, { resourcesDir }).close();
  } catch (err) {
    result.unopenable = true;
    result.problems.push(`open: ${(err as Error).message}`);
  }
  return result;
}

/** Either the whole batch landed or none of it; the first batch is always there. */
function checkImport(db: Database.Database, batchSize: number): string | null {
  const places = db.prepare('SELECT count(*) FROM places').pluck().get() as number;
  const imports = db.prepare('SELECT count(*) FROM imports').pluck().get() as number;
  const problems = db.prepare('SELECT count(*) FROM import_problems').pluck().get() as number;
  const fields = db.prepare('SELECT count(*) FROM record_fields').pluck().get() as number;
  const batches = imports - 1;
  if (problems !== batches * Math.ceil(batchSize / 10) || fields !== batches * Math.ceil(batchSize / 10)) return `import: ${problems} problem rows and ${fields} record_fields rows in ${imports} batches of ${batchSize}`;
  return places === 1 + batches * batchSize ? null : `import: ${places} places in ${imports} batches of ${batchSize}`;
}

/** Every area row as one statement wrote it: a closed 5-point square, name/notes/team from the same k. */
function checkAreas(db: Database.Database): string | null {
  const rows = db.prepare('SELECT fid, geom, name, notes, team FROM areas').all() as Array<{ fid: number; geom: Buffer; name: string; notes: string | null; team: string | null }>;
  for (const r of rows) {
    const ring = decodePolygon(r.geom)[0] ?? [];
    const closed = ring.length === 5 && ring[0]?.[0] === ring[4]?.[0] && ring[0]?.[1] === ring[4]?.[1];
    if (!closed || r.name !== `a${r.notes ?? ''}` || r.team !== `t${r.notes ?? ''}`) return `areas: row ${r.fid} is torn (${r.name}, ${String(r.notes)}, ${String(r.team)}, ${ring.length} points)`;
  }
  return null;
}

/** Each step commits alone: any version from 10 to the current one, with every customer and place kept. */
function checkMigration(db: Database.Database, counts: KillFixtures['v10Counts']): string | null {
  const version = Number((db.prepare("SELECT value FROM ketu_meta WHERE key = 'schema_version'").get() as { value: string } | undefined)?.value);
  const customers = db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  const places = db.prepare('SELECT count(*) FROM places').pluck().get() as number;
  if (!(version >= 10 && version <= currentSchemaVersion)) return `migration: schema version ${version}`;
  if (customers !== counts.customers || places !== counts.places) return `migration: at version ${version}, ${customers}/${counts.customers} customers, ${places}/${counts.places} places`;
  return null;
}
