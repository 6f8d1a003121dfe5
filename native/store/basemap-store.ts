import type { Database as Db } from 'better-sqlite3';
import { z } from 'zod';
import { tileArchiveFormats } from '../contract/basemaps.js';

/** One local tile archive registered in a project; the archive itself stays where the planner keeps it. */
export const savedBasemapSchema = z.object({
  id: z.string().regex(/^local:\d+$/),
  name: z.string().min(1),
  path: z.string().min(1),
  /** The path relative to the project file's folder when added, so a folder moved as a whole still works. */
  relativePath: z.string().nullable(),
  format: z.enum(tileArchiveFormats),
  crs: z.enum(['wgs84', 'gcj02']),
});
export type SavedBasemap = z.infer<typeof savedBasemapSchema>;

const KEY = 'basemaps.local';

/** The project's local basemaps, as one JSON list in the `settings` table. */
export class BasemapStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  list(): SavedBasemap[] {
    const raw = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
    if (raw === undefined) return [];
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return [];
    }
    // An entry this build cannot read (hand-edited, newer KeTu) is skipped, not fatal to the rest.
    if (!Array.isArray(value)) return [];
    return value.flatMap((v) => {
      const parsed = savedBasemapSchema.safeParse(v);
      return parsed.success ? [parsed.data] : [];
    });
  }

  add(entry: Omit<SavedBasemap, 'id'>): SavedBasemap {
    return this.db.transaction(() => {
      const list = this.list();
      const next = list.reduce((max, b) => Math.max(max, Number(b.id.slice('local:'.length))), 0) + 1;
      const saved: SavedBasemap = { id: `local:${next}`, ...entry };
      this.write([...list, saved]);
      return saved;
    })();
  }

  remove(id: string): boolean {
    return this.db.transaction(() => {
      const list = this.list();
      const kept = list.filter((b) => b.id !== id);
      if (kept.length === list.length) return false;
      this.write(kept);
      return true;
    })();
  }

  private write(list: SavedBasemap[]): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(list));
  }
}
