import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { KetuError } from '../contract/errors.js';
import { LABEL_TILES_TABLE } from './mbtiles-writer.js';

/** The `metadata` table of an MBTiles 1.3 file, as name → value text. */
export type MbtilesMetadata = Record<string, string>;

/**
 * A `.mbtiles` file (MBTiles 1.3: SQLite with `metadata` and `tiles`), opened read-only. Rows are in
 * TMS order (y counted from the south), so `tile` flips the XYZ row MapLibre asks for.
 */
export class MbtilesReader {
  private readonly db: Db;
  private readonly tileStmt: Statement;
  private readonly labelStmt: Statement | null;

  private constructor(db: Db, hasLabels: boolean) {
    this.db = db;
    this.tileStmt = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?').pluck();
    this.labelStmt = hasLabels ? db.prepare(`SELECT tile_data FROM ${LABEL_TILES_TABLE} WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`).pluck() : null;
  }

  /** A 天地图 pack keeps its label layer (cva) in a second table. */
  get hasLabels(): boolean {
    return this.labelStmt !== null;
  }

  static open(path: string): MbtilesReader {
    let db: Db;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
    } catch {
      throw new KetuError('UNSUPPORTED_FILE', `无法打开 MBTiles 文件：${path}`, { file: path });
    }
    try {
      // A view named `tiles` over map/images is the common de-duplicating layout; both must answer this.
      const names = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").pluck().all() as string[]);
      if (!names.has('tiles') || !names.has('metadata')) {
        throw new KetuError('UNSUPPORTED_FILE', `不是 MBTiles 瓦片文件（缺少 tiles 或 metadata 表）：${path}`, { file: path });
      }
      return new MbtilesReader(db, names.has(LABEL_TILES_TABLE));
    } catch (err) {
      db.close();
      if (err instanceof KetuError) throw err;
      throw new KetuError('UNSUPPORTED_FILE', `不是 MBTiles 瓦片文件（不是 SQLite 数据库）：${path}`, { file: path });
    }
  }

  metadata(): MbtilesMetadata {
    // Values are TEXT by the spec; a number written by a careless tool still reads as its text.
    const rows = this.db.prepare('SELECT name, CAST(value AS TEXT) AS value FROM metadata').all() as Array<{ name: unknown; value: string | null }>;
    const out: MbtilesMetadata = {};
    for (const r of rows) if (typeof r.name === 'string' && r.value !== null) out[r.name] = r.value;
    return out;
  }

  /** Zoom range of the stored tiles, for files whose metadata omits minzoom/maxzoom. */
  zoomRange(): { min: number; max: number } | null {
    const row = this.db.prepare('SELECT min(zoom_level) AS min, max(zoom_level) AS max FROM tiles').get() as { min: number | null; max: number | null };
    return row.min === null || row.max === null ? null : { min: row.min, max: row.max };
  }

  /** The first few bytes of any tile, to tell PNG from JPEG or gzip'd vector tiles when the metadata is silent. */
  sampleTile(): Uint8Array | null {
    const data = this.db.prepare('SELECT tile_data FROM tiles LIMIT 1').pluck().get() as Buffer | undefined;
    return data === undefined ? null : new Uint8Array(data.buffer, data.byteOffset, Math.min(data.byteLength, 16));
  }

  /** The tile at XYZ z/x/y, or null where the archive has none. */
  tile(z: number, x: number, y: number, layer: 'tiles' | 'labels' = 'tiles'): Uint8Array<ArrayBuffer> | null {
    const stmt = layer === 'tiles' ? this.tileStmt : this.labelStmt;
    if (stmt === null) return null;
    const data = stmt.get(z, x, (1 << z) - 1 - y) as Buffer | null | undefined;
    // better-sqlite3 hands each blob over in its own (non-shared) buffer.
    return data === undefined || data === null ? null : new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
