import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { KetuError } from '../contract/errors.js';

/** The table of 天地图's label layer (cva) in a pack; MBTiles readers that do not know it see the streets only. */
export const LABEL_TILES_TABLE = 'ketu_label_tiles';

/** Metadata key naming the online provider a pack was downloaded from. */
export const PACK_METADATA_KEY = 'ketu_pack';

export type PackLayer = 'tiles' | typeof LABEL_TILES_TABLE;

/**
 * An MBTiles 1.3 file KeTu writes (离线底图包): created when missing, reopened to resume. Rows are TMS
 * (y from the south) like every MBTiles. Writes go in batches, so a killed download keeps every
 * committed batch and a resumed one skips those tiles.
 */
export class MbtilesWriter {
  private readonly db: Db;
  private readonly insert: Record<PackLayer, Statement>;
  private readonly has: Record<PackLayer, Statement>;

  private constructor(db: Db) {
    this.db = db;
    const table = (layer: PackLayer): string => (layer === 'tiles' ? 'tiles' : LABEL_TILES_TABLE);
    this.insert = {
      tiles: db.prepare(`INSERT OR REPLACE INTO ${table('tiles')} (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)`),
      [LABEL_TILES_TABLE]: db.prepare(`INSERT OR REPLACE INTO ${table(LABEL_TILES_TABLE)} (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)`),
    };
    this.has = {
      tiles: db.prepare(`SELECT 1 FROM ${table('tiles')} WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`).pluck(),
      [LABEL_TILES_TABLE]: db.prepare(`SELECT 1 FROM ${table(LABEL_TILES_TABLE)} WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`).pluck(),
    };
  }

  /** Opens `path` for writing, creating the MBTiles tables when the file is new. */
  static open(path: string): MbtilesWriter {
    let db: Db;
    try {
      db = new Database(path);
    } catch {
      throw new KetuError('WRITE_FAILED', `无法写入离线底图包：${path}`, { file: path });
    }
    try {
      db.exec(`
        CREATE TABLE IF NOT EXISTS metadata (name TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
        CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row);
        CREATE TABLE IF NOT EXISTS ${LABEL_TILES_TABLE} (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
        CREATE UNIQUE INDEX IF NOT EXISTS ${LABEL_TILES_TABLE}_index ON ${LABEL_TILES_TABLE} (zoom_level, tile_column, tile_row);
      `);
      return new MbtilesWriter(db);
    } catch (err) {
      db.close();
      throw new KetuError('WRITE_FAILED', `无法写入离线底图包：${path}（${err instanceof Error ? err.message : String(err)}）`, { file: path });
    }
  }

  /** Whether the tile at XYZ z/x/y is already in the file. */
  hasTile(layer: PackLayer, z: number, x: number, y: number): boolean {
    return this.has[layer].get(z, x, (1 << z) - 1 - y) !== undefined;
  }

  /** Tiles already stored and their total size, for the estimate of what is left. */
  stored(): { tiles: number; bytes: number } {
    const row = this.db.prepare('SELECT count(*) AS n, coalesce(sum(length(tile_data)), 0) AS bytes FROM tiles').get() as { n: number; bytes: number };
    return { tiles: row.n, bytes: row.bytes };
  }

  /** Writes tiles at XYZ addresses in one transaction. */
  putTiles(tiles: ReadonlyArray<{ layer: PackLayer; z: number; x: number; y: number; data: Uint8Array }>): void {
    this.db.transaction(() => {
      for (const t of tiles) this.insert[t.layer].run(t.z, t.x, (1 << t.z) - 1 - t.y, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    })();
  }

  /** `metadata` rows, name → text (MBTiles 1.3). */
  setMetadata(meta: Record<string, string>): void {
    const stmt = this.db.prepare('INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(meta)) stmt.run(k, v);
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
