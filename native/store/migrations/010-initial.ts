import type { Migration } from './migration.js';

/** GeoPackage core tables plus KeTu's own; feature tables are registered so GDAL/QGIS list them. */
export const migration010: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
        ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
        ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
        ('WGS 84 geodetic', 4326, 'EPSG', 4326,
         'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]',
         'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
      CREATE TABLE IF NOT EXISTS gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
        srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));

      CREATE TABLE ketu_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE imports (
        id INTEGER PRIMARY KEY, source_file TEXT NOT NULL, sheet TEXT, stage TEXT, crs TEXT NOT NULL,
        mapping TEXT NOT NULL, rows_read INTEGER NOT NULL, customers INTEGER NOT NULL, places INTEGER NOT NULL,
        created_at TEXT NOT NULL);
      CREATE TABLE customers (
        id INTEGER PRIMARY KEY, name TEXT, phone TEXT, attributes TEXT NOT NULL DEFAULT '{}',
        import_id INTEGER REFERENCES imports(id) ON DELETE CASCADE);
      CREATE INDEX customers_phone ON customers(phone);
      CREATE TABLE places (
        fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT NOT NULL,
        customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('home', 'work', 'leisure')),
        name TEXT, address TEXT, industry TEXT,
        import_id INTEGER REFERENCES imports(id) ON DELETE CASCADE,
        lng REAL NOT NULL, lat REAL NOT NULL);
      CREATE INDEX places_customer ON places(customer_id);
      CREATE TABLE sites (
        fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT NOT NULL, name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('project', 'competitor')));
      CREATE TABLE areas (
        fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POLYGON NOT NULL, name TEXT NOT NULL,
        grade TEXT, color TEXT, notes TEXT, team TEXT, center_lng REAL, center_lat REAL, radius_m REAL);
      CREATE TABLE layers (id INTEGER PRIMARY KEY, position INTEGER NOT NULL, config TEXT NOT NULL);

      INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
        ('places', 'features', 'places', '客户地点（住家/工作/娱乐）', 4326),
        ('sites', 'features', 'sites', '本案与竞品', 4326),
        ('areas', 'features', 'areas', '目标区域', 4326),
        ('customers', 'attributes', 'customers', '客户', NULL),
        ('imports', 'attributes', 'imports', '导入批次', NULL);
      INSERT INTO gpkg_geometry_columns VALUES
        ('places', 'geom', 'POINT', 4326, 0, 0),
        ('sites', 'geom', 'POINT', 4326, 0, 0),
        ('areas', 'geom', 'POLYGON', 4326, 0, 0);
    `);
  },
};
