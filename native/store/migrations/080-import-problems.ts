import type { Migration } from './migration.js';

/*
 * An import's problem report as rows instead of one JSON text in `imports.report` (250 MB of text at
 * 1,000,000 rows, built whole in memory to be written and read). `import_problems`: one row per problem,
 * read in report order by its key (row, then `seq`: the order found, header notes first); `imports.problems`:
 * how many the batch kept, NULL for a batch that kept no report (the demo generator's). Old reports are
 * converted inside the migration by SQLite's own JSON reader: `seq` is the index in the old array, which
 * was always sorted by row, so the rows read back in key order are the old array. (A report that is no
 * JSON array, which no KeTu wrote, is dropped rather than leave a file that no longer opens.)
 */
export const migration080: Migration = {
  version: 80,
  name: 'import-problems',
  up(db) {
    db.exec(`
      CREATE TABLE import_problems (
        import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        row INTEGER NOT NULL, seq INTEGER NOT NULL,
        sheet TEXT NOT NULL, "column" TEXT NOT NULL, reason TEXT NOT NULL, severity TEXT, value TEXT,
        PRIMARY KEY (import_id, row, seq)) WITHOUT ROWID;
      ALTER TABLE imports ADD COLUMN problems INTEGER;
      INSERT INTO import_problems (import_id, row, seq, sheet, "column", reason, severity, value)
        SELECT i.id, coalesce(j.value ->> '$.row', 0), j.key, coalesce(j.value ->> '$.sheet', ''), coalesce(j.value ->> '$.column', ''), coalesce(j.value ->> '$.reason', ''),
          j.value ->> '$.severity', j.value ->> '$.value'
        FROM imports i, json_each(i.report) j
        WHERE i.report IS NOT NULL AND json_valid(i.report) AND json_type(i.report) = 'array';
      UPDATE imports SET problems = json_array_length(report) WHERE report IS NOT NULL AND json_valid(report) AND json_type(report) = 'array';
      ALTER TABLE imports DROP COLUMN report;
    `);
  },
};
