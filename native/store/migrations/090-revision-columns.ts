import type { Migration } from './migration.js';

/*
 * The 1/3 revision's place columns, kept in the file as binary arrays (`revision_columns`: one blob per
 * array, and a `meta` row) so the first comparison after opening reads a few blobs instead of turning
 * every place into JS values. `revision_state` holds the `generation` every change of what the columns
 * were read from bumps, and `max_fid` / `max_record`: the newest place and record the kept columns hold.
 * The triggers bump the generation when a place or a record's typed fields the columns hold is changed or
 * deleted (a row newer than the columns changes nothing they hold); an insert is seen by the row counts
 * kept with the columns. Old files get empty columns: the first comparison reads and keeps them. Written
 * to run again on a file that says it is older but holds these tables (a copy hand-set back): it empties
 * them, and what is missing is created.
 */

/** What a place's columns read: a change of any other column (flags, source, name) keeps them. */
const PLACE_COLUMNS = 'fid, customer_id, role, industry, lng, lat, district, city, record_id';

function bump(name: string, event: string, table: string, old: string, neu: string | null): string {
  const when = neu === null ? old : `${old} OR ${neu}`;
  return `CREATE TRIGGER IF NOT EXISTS ${name} AFTER ${event} ON ${table} WHEN ${when}
    BEGIN UPDATE revision_state SET generation = generation + 1; END;`;
}

const held = (col: string, limit: 'max_fid' | 'max_record'): string => `${col} <= (SELECT ${limit} FROM revision_state)`;

export const migration090: Migration = {
  version: 90,
  name: 'revision-columns',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS revision_columns (name TEXT PRIMARY KEY, data BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS revision_state (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL, max_fid INTEGER NOT NULL, max_record INTEGER NOT NULL);
      DELETE FROM revision_columns;
      INSERT OR REPLACE INTO revision_state (id, generation, max_fid, max_record) VALUES (1, 0, -1, -1);
      ${bump('revision_places_update', `UPDATE OF ${PLACE_COLUMNS}`, 'places', held('OLD.fid', 'max_fid'), held('NEW.fid', 'max_fid'))}
      ${bump('revision_places_delete', 'DELETE', 'places', held('OLD.fid', 'max_fid'), null)}
      ${bump('revision_fields_update', 'UPDATE', 'record_fields', held('OLD.record_id', 'max_record'), held('NEW.record_id', 'max_record'))}
      ${bump('revision_fields_delete', 'DELETE', 'record_fields', held('OLD.record_id', 'max_record'), null)}
      ${bump('revision_kept_update', 'UPDATE', 'record_kept', held('OLD.record_id', 'max_record'), held('NEW.record_id', 'max_record'))}
      ${bump('revision_kept_delete', 'DELETE', 'record_kept', held('OLD.record_id', 'max_record'), null)}
    `);
  },
};
