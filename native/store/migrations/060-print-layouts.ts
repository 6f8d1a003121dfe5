import type { Migration } from './migration.js';

/** Print layouts (地图1, 地图2, 排名, 区域 pages): one JSON row per layout, `{ "version": N, "layout": {...} }`. */
export const migration060: Migration = {
  version: 60,
  name: 'print-layouts',
  up(db) {
    db.exec(`
      CREATE TABLE print_layouts (id TEXT PRIMARY KEY, layout TEXT NOT NULL, updated_at TEXT NOT NULL);
      INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
        ('print_layouts', 'attributes', 'print_layouts', '打印版式', NULL);`);
  },
};
