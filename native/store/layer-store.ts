import type { Database as Db } from 'better-sqlite3';

/**
 * The `layers` table: one row per map layer, in draw order (`position` 0 = bottom), each holding the JSON
 * `{ "version": N, "config": {...} }`. Rows are read back as parsed JSON; migrating them is the contract's job
 * (layer-migrations.ts), so this file knows nothing of layer types.
 */
export class LayerStore {
  constructor(private readonly db: Db) {}

  /** The saved rows in draw order, as parsed JSON (null for a row that is not JSON), or null when none was ever saved. */
  read(): unknown[] | null {
    const rows = this.db.prepare('SELECT config FROM layers ORDER BY position, id').pluck().all() as string[];
    if (rows.length === 0) return this.savedEmpty() ? [] : null;
    return rows.map((text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return null;
      }
    });
  }

  /** The whole ordered list replaces the saved one in one transaction: a crash leaves the old list or the new one. */
  write(rows: readonly unknown[]): void {
    const insert = this.db.prepare('INSERT INTO layers (position, config) VALUES (?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM layers').run();
      rows.forEach((row, i) => insert.run(i, JSON.stringify(row)));
      // An emptied list is a choice, not "never saved": remember it so defaults do not come back.
      this.db.prepare("INSERT INTO settings (key, value) VALUES ('layers.saved', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(rows.length === 0 ? 'empty' : 'rows');
    })();
  }

  private savedEmpty(): boolean {
    return this.db.prepare("SELECT value FROM settings WHERE key = 'layers.saved'").pluck().get() === 'empty';
  }
}
