import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { seededRandom } from '../../native/demo/seeded-random.js';
import { encodePoint } from '../../native/store/gpkg-geometry.js';

const FIXTURE = 'test/fixtures/project-v10.ketu';

/** The shipped schema-10 fixture, found from the sources or from dist/ (the benchmarks run there). */
function v10Fixture(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, FIXTURE))) return join(dir, FIXTURE);
    if (dirname(dir) === dir) throw new Error(`${FIXTURE} not found above ${fileURLToPath(import.meta.url)}`);
  }
}

/**
 * A schema-10 project (the shipped fixture plus `customers` more, all in its first batch, as a large
 * import made them): a home place each and a workplace for every third, over Hangzhou. For migration
 * tests and the migration benchmark; returns the milliseconds the writing took.
 */
export function writeV10Project(path: string, customers: number): number {
  copyFileSync(v10Fixture(), path);
  const started = performance.now();
  const db = new Database(path);
  const random = seededRandom(10);
  db.transaction(() => {
    const customer = db.prepare("INSERT INTO customers (name, phone, attributes, import_id) VALUES (?, ?, '{}', 1)");
    const place = db.prepare('INSERT INTO places (geom, customer_id, role, name, import_id, lng, lat) VALUES (?, ?, ?, ?, 1, ?, ?)');
    for (let i = 0; i < customers; i++) {
      const id = customer.run(`客户${i}`, `138${String(i).padStart(8, '0')}`).lastInsertRowid;
      const lng = 119.95 + random() * 0.5;
      const lat = 30.1 + random() * 0.35;
      place.run(encodePoint(lng, lat), id, 'home', `小区${i % 700}`, lng, lat);
      if (i % 3 === 0) place.run(encodePoint(lng + 0.02, lat + 0.01), id, 'work', `单位${i % 300}`, lng + 0.02, lat + 0.01);
    }
    db.prepare('UPDATE imports SET rows_read = rows_read + ?, customers = customers + ?, places = places + ? WHERE id = 1').run(customers, customers, customers + Math.ceil(customers / 3));
  })();
  db.close();
  return performance.now() - started;
}
