import type { Database as Db } from 'better-sqlite3';
import { mapSettingsSchema } from '../contract/layers.js';
import type { MapSettings } from '../contract/layers.js';
import { defaultAreaBands } from '../contract/methods.js';

/** One `settings` row per part, so saving the basemap never rewrites a filter saved a moment before. */
const keys = { filter: 'map.filter', areaBands: 'map.areaBands', basemap: 'map.basemap' } as const satisfies Record<keyof MapSettings, string>;

export function defaultMapSettings(): MapSettings {
  return { filter: {}, areaBands: [...defaultAreaBands], basemap: 'bundled' };
}

/** The map's filter, 面积段 cut points and basemap, kept in the project's `settings` table. */
export class MapSettingsStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  read(): MapSettings {
    const out = defaultMapSettings();
    const get = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
    for (const part of Object.keys(keys) as Array<keyof MapSettings>) {
      const raw = get.get(keys[part]) as string | undefined;
      if (raw === undefined) continue;
      // A part this build cannot read (hand-edited, or from a newer KeTu) falls back to its default alone.
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        continue;
      }
      const parsed = mapSettingsSchema.shape[part].safeParse(value);
      if (parsed.success) Object.assign(out, { [part]: parsed.data });
    }
    return out;
  }

  write(patch: Partial<MapSettings>): MapSettings {
    const put = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      for (const part of Object.keys(keys) as Array<keyof MapSettings>) {
        const value = patch[part];
        if (value !== undefined) put.run(keys[part], JSON.stringify(part === 'areaBands' ? [...(value as number[])].sort((a, b) => a - b) : value));
      }
    })();
    return this.read();
  }
}
