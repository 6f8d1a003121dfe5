import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentSchemaVersion, migrations } from '../../native/store/migrations/index.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { scopedTempDir } from '../support/files.js';
import { writeV10Project } from '../support/v10-project.js';
import { divisionOf, resourcesDir } from '../support/resources.js';


function copyFixture(name: string): string {
  const d = scopedTempDir();
  const path = d.file(name);
  copyFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), path);
  return path;
}

/**
 * Migration 020 was amended after release (a unary + so SQLite looks records up by customer, not by
 * batch): each place's record must be the one the shipped statement chose. The customer_records table
 * is not changed by that UPDATE, so the shipped statement, evaluated afterwards, gives the shipped answer.
 */
function placesLinkedAsShipped(path: string): { places: number; differing: number } {
  const db = new Database(path, { readonly: true });
  const places = db.prepare('SELECT count(*) FROM places').pluck().get() as number;
  const differing = db
    .prepare('SELECT count(*) FROM places WHERE record_id IS NOT (SELECT r.id FROM customer_records r WHERE r.customer_id = places.customer_id AND r.import_id = places.import_id)')
    .pluck()
    .get() as number;
  db.close();
  return { places, differing };
}

describe('project files from earlier versions', () => {
  it('links every place to the record the shipped migration 020 chose, on the fixture and on a generated file of 3,000 customers', () => {
    const fixture = copyFixture('project-v10.ketu');
    const generated = `${fixture}-generated.ketu`;
    writeV10Project(generated, 3000);
    for (const path of [fixture, generated]) {
      ProjectStore.open(path, { migrations: migrations.filter((m) => m.version <= 20) }).close();
      const linked = placesLinkedAsShipped(path);
      expect(linked.places).toBeGreaterThan(path === generated ? 4000 : 3);
      expect(linked.differing).toBe(0);
    }
  });

  it('backs up data still in the -wal of a session that ended without a checkpoint, and the backup opens', () => {
    const path = copyFixture('project-v10.ketu');
    // An older KeTu's session: a customer committed into the WAL, the file never checkpointed.
    const older = new Database(path);
    older.pragma('wal_autocheckpoint = 0');
    older.prepare("INSERT INTO customers (name, phone) VALUES ('王五', '13800000009')").run();
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    const store = ProjectStore.open(path, { resourcesDir });
    store.close();
    older.close();
    // Before: the backup was a copy of the main file alone, without 王五.
    const backup = new Database(`${path}.v10.bak`, { readonly: true });
    expect(backup.prepare("SELECT value FROM ketu_meta WHERE key = 'schema_version'").pluck().get()).toBe('10');
    expect(backup.prepare('SELECT name FROM customers ORDER BY id').pluck().all()).toEqual(['张三', '李四', '张三', '王五']);
    backup.close();
    const migrated = new Database(path, { readonly: true });
    expect(migrated.prepare('SELECT name FROM customers ORDER BY id').pluck().all()).toContain('王五');
    migrated.close();
  });

  it('backs up through SQLite when another connection keeps the WAL from being checkpointed', () => {
    const path = copyFixture('project-v10.ketu');
    const older = new Database(path);
    older.pragma('wal_autocheckpoint = 0');
    // A reader mid-transaction from before the commit (another window, a backup tool): the checkpoint
    // cannot copy what it has not seen, so the plain file copy would miss 王五.
    const reader = new Database(path, { readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM customers').get();
    older.prepare("INSERT INTO customers (name, phone) VALUES ('王五', '13800000009')").run();
    const [checkpoint] = older.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
    expect(checkpoint?.checkpointed).toBeLessThan(checkpoint?.log ?? 0);
    ProjectStore.open(path, { resourcesDir }).close();
    reader.prepare('COMMIT').run();
    reader.close();
    older.close();
    const backup = new Database(`${path}.v10.bak`, { readonly: true });
    expect(backup.prepare('SELECT name FROM customers ORDER BY id').pluck().all()).toEqual(['张三', '李四', '张三', '王五']);
    expect(backup.pragma('quick_check', { simple: true })).toBe('ok');
    backup.close();
  });

  it('opens a schema-10 file: backs it up, migrates it, keeps every customer and place', () => {
    const path = copyFixture('project-v10.ketu');
    const original = readFileSync(path);
    const store = ProjectStore.open(path, { resourcesDir });
    const info = store.info();
    store.close();
    expect(readFileSync(`${path}.v10.bak`).equals(original)).toBe(true);
    expect(info.schemaVersion).toBe(currentSchemaVersion);
    expect(info.counts).toEqual({ customers: 3, places: 4, sites: 2, imports: 2 });
    const db = new Database(path, { readonly: true });
    const records = db.prepare('SELECT c.name, r.import_id, r.attributes FROM customer_records r JOIN customers c ON c.id = r.customer_id ORDER BY r.id').all();
    expect(records).toEqual([
      { name: '张三', import_id: 1, attributes: JSON.stringify({ 置业顾问: '王芳' }) },
      { name: '李四', import_id: 1, attributes: '{}' },
      { name: '张三', import_id: 2, attributes: '{}' },
    ]);
    // Migration 30 placed every old place in its district and city.
    const divisions = db.prepare('SELECT DISTINCT city, district FROM places').all() as Array<{ city: string; district: string }>;
    expect(divisions.every((d) => d.city === '杭州市' && /区$/.test(d.district))).toBe(true);
    const orphans = db.prepare('SELECT count(*) FROM places WHERE record_id IS NULL').pluck().get();
    expect(orphans).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
    expect(execFileSync('ogrinfo', ['-ro', '-q', path], { encoding: 'utf8' })).toMatch(/places \(Point\)/);
  });
});

describe('batches', () => {
  function fresh(): ProjectStore {
    const d = scopedTempDir();
    return ProjectStore.create(d.file('b.ketu'), { name: '批次' });
  }
  const person = (phone: string, lng: number): { name: string; phone: string; places: Array<{ role: 'home'; lng: number; lat: number }> } => ({
    name: '客户',
    phone,
    places: [{ role: 'home', lng, lat: 30.2 }],
  });
  const batch = (stage: string, customers: ReturnType<typeof person>[]): Parameters<ProjectStore['insertBatch']>[0] => ({
    sourceFile: `${stage}.xlsx`,
    sheet: 'Sheet1',
    stage,
    crs: 'wgs84',
    mapping: {},
    rowsRead: customers.length,
    customers,
  });

  it('keeps one customer per phone across batches, with one record per row', () => {
    const store = fresh();
    const a = store.insertBatch(batch('visitors', [person('13800000001', 120.1), person('13800000002', 120.2)]), divisionOf);
    const b = store.insertBatch(batch('deals', [person('13800000001', 120.3)]), divisionOf);
    expect(a.newCustomers).toBe(2);
    expect(b.newCustomers).toBe(0);
    expect(store.info().counts).toMatchObject({ customers: 2, places: 3, imports: 2 });
    store.close();
  });

  it('removes a batch (undo) without touching customers other batches still hold', () => {
    const store = fresh();
    const a = store.insertBatch(batch('visitors', [person('13800000001', 120.1), person('13800000002', 120.2)]), divisionOf);
    store.insertBatch(batch('deals', [person('13800000001', 120.3)]), divisionOf);
    expect(store.removeBatch(a.batchId)).toEqual({ places: 2, records: 2 });
    const info = store.info();
    expect(info.counts).toMatchObject({ customers: 1, places: 1, imports: 1 });
    expect(info.bounds).toEqual([120.3, 30.2, 120.3, 30.2]);
    expect(() => store.removeBatch(a.batchId)).toThrow(/没有编号为/);
    store.close();
  });
});
