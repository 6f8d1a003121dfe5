import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { zxyToTileId } from 'pmtiles';
import { PNG } from 'pngjs';

/** Real tile archives for tests: MBTiles through SQLite, PMTiles v3 written byte by byte, vector tiles by GDAL. */

export type Rgb = [number, number, number];

export interface Tile {
  z: number;
  x: number;
  /** XYZ row (from the north), as MapLibre asks for it. */
  y: number;
  data: Uint8Array;
}

/** A one-colour PNG tile: a pixel check on the map then says which tile was drawn. */
export function solidPng(rgb: Rgb, size = 256): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = rgb[0];
    png.data[i + 1] = rgb[1];
    png.data[i + 2] = rgb[2];
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

export function pngColour(bytes: Uint8Array): Rgb {
  const png = PNG.sync.read(Buffer.from(bytes));
  return [png.data[0] ?? 0, png.data[1] ?? 0, png.data[2] ?? 0];
}

/** Every tile of zooms min..max with one colour: a raster basemap that covers the world. */
export function solidPyramid(rgb: Rgb, minzoom: number, maxzoom: number): Tile[] {
  const data = solidPng(rgb);
  const tiles: Tile[] = [];
  for (let z = minzoom; z <= maxzoom; z++) for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) tiles.push({ z, x, y, data });
  return tiles;
}

/** MBTiles 1.3: rows stored in TMS order (tile_row counted from the south). */
export function writeMbtiles(path: string, tiles: readonly Tile[], metadata: Record<string, string>): void {
  const db = new Database(path);
  try {
    db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB); CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);');
    const meta = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
    const tile = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (const [k, v] of Object.entries(metadata)) meta.run(k, v);
      for (const t of tiles) tile.run(t.z, t.x, (1 << t.z) - 1 - t.y, Buffer.from(t.data));
    })();
  } finally {
    db.close();
  }
}

/** The tiles of an MBTiles file, as stored (vector tiles stay gzip'd), at XYZ addresses. */
export function readMbtilesTiles(path: string): Tile[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT zoom_level AS z, tile_column AS x, tile_row AS row, tile_data AS data FROM tiles').all() as Array<{ z: number; x: number; row: number; data: Buffer }>;
    return rows.map((r) => ({ z: r.z, x: r.x, y: (1 << r.z) - 1 - r.row, data: new Uint8Array(r.data) }));
  } finally {
    db.close();
  }
}

function varints(values: readonly number[]): number[] {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return out;
}

export interface PmtilesOptions {
  /** 1 MVT, 2 PNG, 3 JPEG, 4 WebP. */
  tileType: 1 | 2 | 3 | 4;
  /** 1 none, 2 gzip: how the tile bytes given are compressed. */
  tileCompression: 1 | 2;
  metadata?: Record<string, unknown>;
  bounds?: readonly [number, number, number, number];
}

/**
 * A PMTiles v3 archive (spec: github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): 127-byte header,
 * one uncompressed root directory, JSON metadata, then the tiles, each stored once.
 */
export function writePmtiles(path: string, tiles: readonly Tile[], opts: PmtilesOptions): void {
  const sorted = tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const entries = sorted.map((t) => {
    const e = { id: t.id, offset, length: t.data.byteLength };
    chunks.push(t.data);
    offset += t.data.byteLength;
    return e;
  });
  const ids: number[] = [];
  let last = 0;
  for (const e of entries) {
    ids.push(e.id - last);
    last = e.id;
  }
  const directory = Uint8Array.from([
    ...varints([entries.length]),
    ...varints(ids),
    ...varints(entries.map(() => 1)),
    ...varints(entries.map((e) => e.length)),
    // 0 = right after the previous tile's bytes; otherwise offset + 1.
    ...varints(entries.map((e, i) => (i > 0 && e.offset === (entries[i - 1]?.offset ?? 0) + (entries[i - 1]?.length ?? 0) ? 0 : e.offset + 1))),
  ]);
  const metadata = new TextEncoder().encode(JSON.stringify(opts.metadata ?? {}));
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const dirOffset = 127;
  const metaOffset = dirOffset + directory.byteLength;
  const dataOffset = metaOffset + metadata.byteLength;
  const u64 = (at: number, v: number): void => void header.writeBigUInt64LE(BigInt(v), at);
  u64(8, dirOffset);
  u64(16, directory.byteLength);
  u64(24, metaOffset);
  u64(32, metadata.byteLength);
  u64(40, 0);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, offset);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  header.writeUInt8(1, 96);
  header.writeUInt8(1, 97);
  header.writeUInt8(opts.tileCompression, 98);
  header.writeUInt8(opts.tileType, 99);
  const zooms = tiles.map((t) => t.z);
  header.writeUInt8(Math.min(...zooms), 100);
  header.writeUInt8(Math.max(...zooms), 101);
  const [w, s, e, n] = opts.bounds ?? [-180, -85, 180, 85];
  header.writeInt32LE(Math.round(w * 1e7), 102);
  header.writeInt32LE(Math.round(s * 1e7), 106);
  header.writeInt32LE(Math.round(e * 1e7), 110);
  header.writeInt32LE(Math.round(n * 1e7), 114);
  header.writeUInt8(Math.min(...zooms), 118);
  header.writeInt32LE(Math.round(((w + e) / 2) * 1e7), 119);
  header.writeInt32LE(Math.round(((s + n) / 2) * 1e7), 123);
  writeFileSync(path, Buffer.concat([header, directory, metadata, ...chunks]));
}

/** A vector MBTiles by GDAL (gzip'd MVT, `json` metadata with vector_layers) from GeoJSON features. */
export function ogrVectorMbtiles(path: string, geojsonPath: string, layer: string, minzoom: number, maxzoom: number): void {
  execFileSync('ogr2ogr', ['-f', 'MBTiles', path, geojsonPath, '-nln', layer, '-dsco', `MINZOOM=${minzoom}`, '-dsco', `MAXZOOM=${maxzoom}`], { stdio: 'pipe' });
}
