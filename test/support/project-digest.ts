import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { problemPages } from '../../native/store/import-problems.js';

/** Per table: its row count and a SHA-256 over every row, in primary-key order. */
export type ProjectDigest = Record<string, { rows: number; sha256: string }>;

// Clock readings differ between two runs of the same import; they are replaced, not hashed.
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/**
 * Since schema 80 a batch's problem report is rows of `import_problems` (and `imports.problems` their
 * count, NULL for no report) instead of the JSON text in `imports.report`, its last column: the imports
 * row is hashed as before, with the JSON that column held rebuilt from the rows, a page at a time
 * (250 MB of text at 1,000,000 rows). The rows themselves are hashed as a table of their own too.
 */
function hashWithReport(db: Database.Database, hash: Hash, columns: ReadonlyArray<{ name: string }>, values: unknown[]): void {
  const at = columns.findIndex((c) => c.name === 'problems');
  const id = values[columns.findIndex((c) => c.name === 'id')];
  const count = values[at];
  const before = values.filter((_, i) => i !== at);
  hash.update(`${JSON.stringify(before).slice(0, -1)},`);
  if (count === null || typeof id !== 'number') {
    hash.update('null]');
    return;
  }
  // The JSON text of the report, escaped as JSON.stringify escapes a string, one page at a time.
  let first = true;
  hash.update('"[');
  for (const page of problemPages(db, id)) {
    const json = page.map((p) => JSON.stringify(p)).join(',');
    hash.update(JSON.stringify(first ? json : `,${json}`).slice(1, -1));
    first = false;
  }
  hash.update(']"]');
}

/**
 * A full dump of a project file, reduced to one hash per table, to prove two imports of the same
 * file stored the same thing. Only the clock, the imported file's folder (a temp dir) and the schema
 * version (a table added by a later schema shows as a table of its own) are left out.
 */
export function projectDigest(path: string): ProjectDigest {
  const db = new Database(path, { readonly: true });
  try {
    const digest: ProjectDigest = {};
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const reportAsRows = tables.includes('import_problems');
    for (const table of tables) {
      const columns = db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(table) as Array<{ name: string; pk: number }>;
      const keys = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      const order = keys.length > 0 ? keys.map((c) => `"${c.name}"`).join(', ') : 'rowid';
      const hash = createHash('sha256');
      let rows = 0;
      for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).raw().iterate() as Iterable<unknown[]>) {
        rows++;
        const values = row.map((v, i) => {
          if (table === 'imports' && columns[i]?.name === 'source_file' && typeof v === 'string') return basename(v);
          if (typeof v === 'string' && TIMESTAMP.test(v)) return '(time)';
          // The schema a file is at says which tables it has, not what an import stored in them.
          if (table === 'ketu_meta' && i === 1 && row[0] === 'schema_version') return '(schema)';
          if (Buffer.isBuffer(v)) return `x${v.toString('hex')}`;
          return typeof v === 'bigint' ? v.toString() : v;
        });
        if (table === 'imports' && reportAsRows) hashWithReport(db, hash, columns, values);
        else hash.update(JSON.stringify(values));
        hash.update('\n');
      }
      digest[table] = { rows, sha256: hash.digest('hex') };
    }
    return digest;
  } finally {
    db.close();
  }
}
