import type { Migration } from './migration.js';

/**
 * The one-third revision: the project's inventory (totals per product, or a 销控表 row per unit) and
 * immutable map versions. A version's areas are a feature table of their own, so GDAL and QGIS read the
 * map as it was planned (filter on version_id).
 */
export const migration050: Migration = {
  version: 50,
  name: 'revision',
  up(db) {
    db.exec(`
      CREATE TABLE inventory (product TEXT PRIMARY KEY, units INTEGER NOT NULL);
      CREATE TABLE sales_units (
        id INTEGER PRIMARY KEY, unit TEXT NOT NULL, product TEXT, area REAL, status TEXT, deal_date TEXT, source_file TEXT);
      CREATE INDEX sales_units_unit ON sales_units(unit);
      CREATE TABLE map_versions (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, format INTEGER NOT NULL, created_at TEXT NOT NULL,
        customers INTEGER NOT NULL, snapshot TEXT NOT NULL);
      CREATE TABLE map_version_areas (
        fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POLYGON NOT NULL,
        version_id INTEGER NOT NULL REFERENCES map_versions(id) ON DELETE CASCADE,
        version_name TEXT NOT NULL, area_id INTEGER NOT NULL, name TEXT NOT NULL, grade TEXT, color TEXT, notes TEXT, team TEXT,
        center_lng REAL, center_lat REAL, radius_m REAL, hidden INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX map_version_areas_version ON map_version_areas(version_id);
      INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
        ('map_version_areas', 'features', 'map_version_areas', '地图版本的目标区域（按 version_id 区分版本）', 4326),
        ('map_versions', 'attributes', 'map_versions', '地图版本', NULL),
        ('inventory', 'attributes', 'inventory', '货量（按产品类型）', NULL),
        ('sales_units', 'attributes', 'sales_units', '销控表', NULL);
      INSERT INTO gpkg_geometry_columns VALUES ('map_version_areas', 'geom', 'POLYGON', 4326, 0, 0);
    `);
  },
};
