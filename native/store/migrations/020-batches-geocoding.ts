import type { Migration } from './migration.js';

/**
 * The data model: one customer per person (matched by phone) with one record per batch row;
 * where each place came from and how precise it is; the geocode cache, the project's gazetteer, and
 * column mappings remembered per source layout. Runs with foreign keys off (see runMigrations), so
 * rebuilding `customers` does not cascade into places.
 *
 * Amended after release, same result: the unary + in `+r.import_id` keeps SQLite (no statistics yet)
 * from picking the import index, which made each place scan its whole batch (quadratic: 20,000 places
 * in one batch took 48 s); the customer index finds the one record directly. See test/engine/old-files.test.ts.
 */
export const migration020: Migration = {
  version: 20,
  name: 'batches-geocoding',
  up(db) {
    db.exec(`
      CREATE TABLE customer_records (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        row_number INTEGER, stage TEXT, attributes TEXT NOT NULL DEFAULT '{}');
      INSERT INTO customer_records (customer_id, import_id, stage, attributes)
        SELECT c.id, c.import_id, i.stage, c.attributes FROM customers c JOIN imports i ON i.id = c.import_id;
      CREATE INDEX customer_records_customer ON customer_records(customer_id);
      CREATE INDEX customer_records_import ON customer_records(import_id);

      CREATE TABLE customers_v20 (
        id INTEGER PRIMARY KEY, name TEXT, phone TEXT, attributes TEXT NOT NULL DEFAULT '{}',
        first_import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL);
      INSERT INTO customers_v20 (id, name, phone, attributes, first_import_id) SELECT id, name, phone, attributes, import_id FROM customers;
      DROP TABLE customers;
      ALTER TABLE customers_v20 RENAME TO customers;
      CREATE INDEX customers_phone ON customers(phone);

      ALTER TABLE places ADD COLUMN record_id INTEGER REFERENCES customer_records(id) ON DELETE CASCADE;
      ALTER TABLE places ADD COLUMN source TEXT NOT NULL DEFAULT 'import';
      ALTER TABLE places ADD COLUMN precision TEXT NOT NULL DEFAULT 'coordinate';
      ALTER TABLE places ADD COLUMN flags TEXT;
      UPDATE places SET record_id = (SELECT r.id FROM customer_records r WHERE r.customer_id = places.customer_id AND +r.import_id = places.import_id);
      CREATE INDEX places_import ON places(import_id);

      ALTER TABLE imports ADD COLUMN file_name TEXT;
      ALTER TABLE imports ADD COLUMN report TEXT;

      CREATE TABLE geocode_cache (
        provider TEXT NOT NULL, query TEXT NOT NULL, lng REAL, lat REAL, precision TEXT,
        formatted TEXT, created_at TEXT NOT NULL, PRIMARY KEY (provider, query));
      CREATE TABLE gazetteer (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, aliases TEXT NOT NULL DEFAULT '[]',
        lng REAL NOT NULL, lat REAL NOT NULL, city TEXT, district TEXT, precision TEXT NOT NULL,
        source TEXT NOT NULL, confirmed INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);
      CREATE UNIQUE INDEX gazetteer_name_kind ON gazetteer(name, kind);
      CREATE TABLE import_mappings (layout TEXT PRIMARY KEY, mapping TEXT NOT NULL, updated_at TEXT NOT NULL);

      UPDATE gpkg_contents SET description = '客户（一人一行，按电话合并）' WHERE table_name = 'customers';
      INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
        ('customer_records', 'attributes', 'customer_records', '客户记录（每批次每行一条）');
    `);
  },
};
