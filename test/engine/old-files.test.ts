import { copyFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentSchemaVersion } from '../../native/store/migrations/index.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { scopedTempDir } from '../support/files.js';
import { divisionOf, resourcesDir } from '../support/resources.js';


function copyFixture(name: string): string {
  const d = scopedTempDir();
  const path = d.file(name);
  copyFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), path);
  return path;
}

describe('project files from earlier versions', () => {
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
