import { frozenDivisions } from './030-frozen/divisions.js';
import type { Migration } from './migration.js';

/** Each place's 区县 and 城市, from the bundled boundaries, so rankings by district are one GROUP BY. */
export const migration030: Migration = {
  version: 30,
  name: 'place-divisions',
  up(db, context) {
    db.exec(`
      ALTER TABLE places ADD COLUMN district TEXT;
      ALTER TABLE places ADD COLUMN city TEXT;
    `);
    const update = db.prepare('UPDATE places SET district = ?, city = ? WHERE fid = ?');
    // Read first: better-sqlite3 cannot write while a statement is still iterating.
    const rows = db.prepare('SELECT fid, lng, lat FROM places').raw(true).all() as Array<[number, number, number]>;
    if (rows.length > 0 && context.resourcesDir === null) throw new Error('migration 030 needs the resources folder (the bundled boundaries)');
    const divisionOf = rows.length === 0 || context.resourcesDir === null ? null : frozenDivisions(context.resourcesDir);
    for (const [fid, lng, lat] of rows) {
      const d = divisionOf?.(lng, lat) ?? { district: null, city: null };
      update.run(d.district, d.city, fid);
    }
    db.exec(`
      CREATE INDEX places_district ON places(role, district);
      CREATE INDEX places_city ON places(role, city);
    `);
  },
};
