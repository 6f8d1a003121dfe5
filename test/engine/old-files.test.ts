import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentSchemaVersion, migrations } from '../../native/store/migrations/index.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { scopedTempDir } from '../support/files.js';
import type { NewCustomer } from '../../native/store/records.js';
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

/** A current file taken back to schema 70 (before migration 080): the report a JSON text again, no import_problems. */
const BACK_TO_70 = 'DROP TABLE import_problems; ALTER TABLE imports DROP COLUMN problems; ALTER TABLE imports ADD COLUMN report TEXT;';

describe('migration 070: the revision columns of records', () => {
  const typed = (path: string): { fields: unknown[]; kept: unknown[] } => {
    const db = new Database(path, { readonly: true });
    const fields = db.prepare('SELECT * FROM record_fields ORDER BY record_id').raw().all();
    const kept = db.prepare('SELECT record_id, key, value FROM record_kept ORDER BY record_id, ord').raw().all();
    db.close();
    return { fields, kept };
  };

  it('fills a file from before it with the rows an import writes, from the records JSON, in one step', () => {
    const path = scopedTempDir().file('v60.ketu');
    const store = ProjectStore.create(path, { name: '修订列' }, { resourcesDir });
    const customer = (phone: string, attributes: Record<string, string | number | null>): NewCustomer => ({ name: '客户', phone, attributes, places: [{ role: 'home', lng: 120.1, lat: 30.2 }] });
    store.insertBatch(
      {
        sourceFile: 'plan.xlsx',
        sheet: null,
        stage: 'prospects',
        crs: 'wgs84',
        mapping: {},
        rowsRead: 4,
        customers: [
          // A number is labelled as JS writes it (0.30000000000000004, 1e+21), not as SQLite would print the double.
          customer('13800000001', { purpose: '改善', family: 3, ageBand: '31-35', 家庭年收入: 0.1 + 0.2, channel: '', product: 1e21, area: 89.5, 关注点: '学区', '2023': 7, "it's.a": 1 / 3 }),
          // Income from the first key that has a value; null and '' kept columns keep their place in the key order.
          customer('13800000002', { 收入: null, 年收入: '20-30万', 关注点: null, 备注: '', area: '120平' }),
          customer('13800000003', { name: '不是属性', phone: '13800000003' }),
          customer('13800000004', {}),
        ],
      },
      divisionOf,
    );
    store.close();
    const imported = typed(path);
    expect(imported.fields).toEqual([
      [1, '改善', '3', '31-35', '0.30000000000000004', '', '1e+21', 89.5],
      [2, null, null, null, '20-30万', null, null, null],
    ]);
    expect(imported.kept).toEqual([
      [1, '2023', '7'],
      [1, '关注点', '学区'],
      [1, "it's.a", '0.3333333333333333'],
      [2, '关注点', null],
      [2, '备注', ''],
    ]);

    // The same file as schema 60 wrote it: no typed tables; opening it migrates and backs it up.
    const old = new Database(path);
    old.exec(`${BACK_TO_70} DROP TABLE record_fields; DROP TABLE record_kept; UPDATE ketu_meta SET value = '60' WHERE key = 'schema_version'`);
    old.close();
    const migrated = ProjectStore.open(path, { resourcesDir });
    expect(migrated.schemaVersion).toBe(currentSchemaVersion);
    migrated.close();
    expect(typed(path)).toEqual(imported);
    const backup = new Database(`${path}.v60.bak`, { readonly: true });
    expect(backup.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'record_%'").pluck().get()).toBe(0);
    backup.close();
    // Undoing the import takes its typed rows too (foreign keys).
    const again = ProjectStore.open(path, { resourcesDir });
    again.removeBatch(1);
    again.close();
    expect(typed(path)).toEqual({ fields: [], kept: [] });
  });

  it('gives a batch with text SQLite decodes its own way (a lone surrogate) the rows of the SQL statements, as migration 070 does', () => {
    const path = scopedTempDir().file('surrogate.ketu');
    const store = ProjectStore.create(path, { name: '代理项' }, { resourcesDir });
    const customer = (phone: string, attributes: Record<string, string | number | null>): NewCustomer => ({ name: '客户', phone, attributes, places: [{ role: 'home', lng: 120.1, lat: 30.2 }] });
    store.insertBatch(
      { sourceFile: 'a.xlsx', sheet: null, stage: 'deals', crs: 'wgs84', mapping: {}, rowsRead: 2, customers: [customer('13800000001', { purpose: 'a\ud800b', area: 90 }), customer('13800000002', { channel: '网络', 楼层: 3 })] },
      divisionOf,
    );
    store.close();
    const imported = typed(path);
    expect(imported.fields).toHaveLength(2);
    expect(imported.kept).toEqual([[2, '楼层', '3']]);
    const old = new Database(path);
    old.exec(`${BACK_TO_70} DELETE FROM record_fields; DELETE FROM record_kept; UPDATE ketu_meta SET value = '60' WHERE key = 'schema_version'; DROP TABLE record_fields; DROP TABLE record_kept;`);
    old.close();
    ProjectStore.open(path, { resourcesDir }).close();
    expect(typed(path)).toEqual(imported);
  });

  it('opens a file whose record text is no JSON (no typed rows for it), and still refuses a file from after it', () => {
    const path = scopedTempDir().file('broken.ketu');
    ProjectStore.create(path, { name: '坏记录' }, { resourcesDir }).close();
    const old = new Database(path);
    old.exec(`${BACK_TO_70} DROP TABLE record_fields; DROP TABLE record_kept; UPDATE ketu_meta SET value = '60' WHERE key = 'schema_version'`);
    old.prepare("INSERT INTO imports (source_file, file_name, stage, crs, mapping, rows_read, customers, places, created_at) VALUES ('a.xlsx', 'a.xlsx', 'deals', 'wgs84', '{}', 1, 1, 0, '2024-01-01T00:00:00Z')").run();
    old.prepare("INSERT INTO customers (id, name, phone) VALUES (1, '客户', '13800000001')").run();
    old.prepare("INSERT INTO customer_records (id, customer_id, import_id, stage, attributes) VALUES (1, 1, 1, 'deals', '{not json')").run();
    old.prepare("INSERT INTO customer_records (id, customer_id, import_id, stage, attributes) VALUES (2, 1, 1, 'deals', '{\"purpose\":\"投资\",\"楼层\":12}')").run();
    old.close();
    ProjectStore.open(path, { resourcesDir }).close();
    expect(typed(path)).toEqual({ fields: [[2, '投资', null, null, null, null, null, null]], kept: [[2, '楼层', '12']] });
    const future = new Database(path);
    future.prepare("UPDATE ketu_meta SET value = '80' WHERE key = 'schema_version'").run();
    future.close();
    expect(() => ProjectStore.open(path, { resourcesDir, migrations: migrations.filter((m) => m.version <= 70) })).toThrow(expect.objectContaining({ code: 'PROJECT_TOO_NEW' }));
  });
});
