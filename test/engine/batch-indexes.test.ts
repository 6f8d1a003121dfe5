import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../native/store/project-store.js';
import type { NewCustomer } from '../../native/store/records.js';
import { scopedTempDir } from '../support/files.js';
import { divisionOf } from '../support/resources.js';

// A batch large beside its tables drops their secondary indexes while it writes and rebuilds them
// before it commits (native/store/batch-writer.ts): the schema must come out exactly as it went in.

const ROWS = 25_000;

function customers(from: number, n: number): NewCustomer[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `客户${from + i}`,
    phone: `139${String(from + i).padStart(8, '0')}`,
    row: i + 2,
    places: [
      { role: 'home', lng: 120.1 + (i % 100) / 1000, lat: 30.2 + (i % 77) / 1000, name: `小区${i % 300}` },
      { role: 'work', lng: 120.2, lat: 30.3 },
    ],
  }));
}

function schemaOf(path: string): { indexes: unknown[]; integrity: unknown; plan: unknown[] } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      indexes: db.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY tbl_name, name").all(),
      integrity: db.pragma('integrity_check', { simple: true }),
      // The planner's choice among equal indexes follows their order: learnFromPlaces reads places this way.
      plan: db.prepare("EXPLAIN QUERY PLAN SELECT name FROM places WHERE role IN ('home', 'work') AND source = 'import'").all(),
    };
  } finally {
    db.close();
  }
}

describe('a large import batch', () => {
  it('leaves the indexes, the query plans and foreign keys as they were, after a commit and after a rollback', () => {
    const path = scopedTempDir().file('big.ketu');
    const store = ProjectStore.create(path, { name: '大批次', site: { lng: 120.1, lat: 30.2 } });
    const meta = { sourceFile: 'big.csv', sheet: 'big', stage: 'deals', crs: 'wgs84', mapping: {} };
    store.close();
    const before = schemaOf(path);

    const again = ProjectStore.open(path);
    const aborted = again.beginBatch(meta, divisionOf);
    aborted.addCustomers(customers(0, ROWS));
    aborted.abort();
    const totals = again.insertBatch({ ...meta, rowsRead: ROWS, customers: customers(0, ROWS) }, divisionOf);
    expect(totals).toMatchObject({ customers: ROWS, newCustomers: ROWS, places: 2 * ROWS });
    // A second batch repeats half the phones: merged through the phone index, which is back.
    const second = again.insertBatch({ ...meta, rowsRead: ROWS, customers: customers(ROWS / 2, ROWS) }, divisionOf);
    expect(second.newCustomers).toBe(ROWS / 2);
    // Foreign keys are on again after the batches: removing one sets its customers' first batch to
    // NULL (ON DELETE SET NULL) where a later batch still holds them.
    const small = again.insertBatch({ ...meta, rowsRead: 3, customers: customers(5 * ROWS, 3) }, divisionOf);
    again.insertBatch({ ...meta, rowsRead: 3, customers: customers(5 * ROWS, 3) }, divisionOf);
    again.removeBatch(small.batchId);
    again.close();

    expect(schemaOf(path)).toEqual(before);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(ROWS + ROWS / 2 + 3);
    expect(db.prepare('SELECT count(*) FROM customers WHERE first_import_id IS NULL').pluck().get()).toBe(3);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
