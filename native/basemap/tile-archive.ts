import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { Compression, PMTiles, TileType } from 'pmtiles';
import type { RangeResponse, Source } from 'pmtiles';
import { isOnlineProvider, vectorLayerSchema } from '../contract/basemaps.js';
import type { TileArchiveFormat, TileArchiveInfo, VectorLayer } from '../contract/basemaps.js';
import { KetuError } from '../contract/errors.js';
import { MbtilesReader } from '../store/mbtiles-reader.js';
import { PACK_METADATA_KEY } from '../store/mbtiles-writer.js';

/** A local tile archive: what it holds, and its tiles by XYZ address (vector tiles uncompressed). */
export interface TileArchive {
  readonly format: TileArchiveFormat;
  readonly info: TileArchiveInfo;
  /** `labels`: 天地图's label layer of a pack (null where the archive has none). */
  tile(z: number, x: number, y: number, layer?: 'labels'): Promise<Uint8Array<ArrayBuffer> | null>;
  close(): Promise<void>;
}

/** The format from the first bytes, whatever the file is called. */
export function sniffArchiveFormat(path: string): TileArchiveFormat | null {
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1', 0, 7) === 'PMTiles') return 'pmtiles';
  if (head.toString('latin1', 0, 16) === 'SQLite format 3\u0000') return 'mbtiles';
  return null;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function imageFormat(bytes: Uint8Array): 'png' | 'jpg' | 'webp' | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpg';
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'webp';
  return null;
}

function vectorLayersOf(value: unknown): VectorLayer[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const parsed = vectorLayerSchema.safeParse(v);
    return parsed.success ? [parsed.data] : [];
  });
}

function validBounds(b: number[]): [number, number, number, number] | null {
  const [w, s, e, n] = b;
  if (w === undefined || s === undefined || e === undefined || n === undefined || b.some((v) => !Number.isFinite(v))) return null;
  return w < e && s < n && w >= -180 && e <= 180 && s >= -90 && n <= 90 ? [w, s, e, n] : null;
}

function unsupported(path: string, why: string): KetuError {
  return new KetuError('UNSUPPORTED_FILE', `无法作为底图使用：${path}（${why}）`, { file: path });
}

/** pmtiles reads byte ranges through this; a FileHandle keeps one descriptor open for the archive's life. */
class FileRangeSource implements Source {
  constructor(
    private readonly handle: FileHandle,
    private readonly key: string,
  ) {}

  getKey(): string {
    return this.key;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
    return { data: buffer.buffer.slice(0, bytesRead) };
  }
}

async function openPmtiles(path: string): Promise<TileArchive> {
  const handle = await open(path, 'r');
  try {
    const archive = new PMTiles(new FileRangeSource(handle, path));
    let header;
    try {
      header = await archive.getHeader();
    } catch (err) {
      throw unsupported(path, `PMTiles 文件头无法读取：${err instanceof Error ? err.message : String(err)}`);
    }
    const readable = [Compression.Unknown, Compression.None, Compression.Gzip];
    if (!readable.includes(header.tileCompression) || !readable.includes(header.internalCompression)) {
      throw unsupported(path, '使用了 Brotli/Zstd 压缩，请用 gzip 或不压缩重新生成');
    }
    const formats: Partial<Record<TileType, TileArchiveInfo['tileFormat']>> = { [TileType.Mvt]: 'pbf', [TileType.Png]: 'png', [TileType.Jpeg]: 'jpg', [TileType.Webp]: 'webp' };
    const tileFormat = formats[header.tileType];
    if (tileFormat === undefined) throw unsupported(path, '瓦片类型不是 PNG/JPEG/WebP 栅格或 MVT 矢量');
    const metadata = (await archive.getMetadata().catch(() => ({}))) as Record<string, unknown>;
    const info: TileArchiveInfo = {
      kind: tileFormat === 'pbf' ? 'vector' : 'raster',
      tileFormat,
      minzoom: header.minZoom,
      maxzoom: header.maxZoom,
      bounds: validBounds([header.minLon, header.minLat, header.maxLon, header.maxLat]),
      vectorLayers: vectorLayersOf(metadata.vector_layers),
      attribution: typeof metadata.attribution === 'string' ? metadata.attribution : null,
      pack: null,
      labels: false,
    };
    return {
      format: 'pmtiles',
      info,
      async tile(z, x, y, layer) {
        if (layer !== undefined) return null;
        // pmtiles throws for addresses outside the zoom's grid; MapLibre never asks for those, a caller might.
        if (x >= 2 ** z || y >= 2 ** z) return null;
        const found = await archive.getZxy(z, x, y);
        return found === undefined ? null : new Uint8Array(found.data);
      },
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

function openMbtiles(path: string): TileArchive {
  const reader = MbtilesReader.open(path);
  try {
    const meta = reader.metadata();
    const sample = reader.sampleTile();
    const declared = (meta.format ?? '').toLowerCase();
    const tileFormat: TileArchiveInfo['tileFormat'] | null =
      declared === 'pbf' || declared === 'mvt'
        ? 'pbf'
        : declared === 'png' || declared === 'webp'
          ? declared
          : declared === 'jpg' || declared === 'jpeg'
            ? 'jpg'
            : sample === null
              ? null
              : isGzip(sample)
                ? 'pbf'
                : imageFormat(sample);
    if (tileFormat === null) throw unsupported(path, '没有瓦片，或瓦片格式无法识别');
    const zooms = reader.zoomRange();
    const num = (v: string | undefined): number | null => (v === undefined || v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v));
    let json: Record<string, unknown> = {};
    try {
      json = meta.json === undefined ? {} : (JSON.parse(meta.json) as Record<string, unknown>);
    } catch {
      // A broken `json` row only costs the generic style its layer list.
    }
    const info: TileArchiveInfo = {
      kind: tileFormat === 'pbf' ? 'vector' : 'raster',
      tileFormat,
      minzoom: num(meta.minzoom) ?? zooms?.min ?? 0,
      maxzoom: num(meta.maxzoom) ?? zooms?.max ?? 14,
      bounds: meta.bounds === undefined ? null : validBounds(meta.bounds.split(',').map(Number)),
      vectorLayers: vectorLayersOf(json.vector_layers),
      attribution: meta.attribution ?? null,
      pack: meta[PACK_METADATA_KEY] !== undefined && isOnlineProvider(meta[PACK_METADATA_KEY]) ? meta[PACK_METADATA_KEY] : null,
      labels: reader.hasLabels,
    };
    return {
      format: 'mbtiles',
      info,
      tile(z, x, y, layer) {
        const data = reader.tile(z, x, y, layer ?? 'tiles');
        // Vector MBTiles are stored gzip'd (the spec's advice); MapLibre wants the plain protobuf.
        return Promise.resolve(data !== null && info.kind === 'vector' && isGzip(data) ? new Uint8Array(gunzipSync(data)) : data);
      },
      close: () => {
        reader.close();
        return Promise.resolve();
      },
    };
  } catch (err) {
    reader.close();
    throw err;
  }
}

/** Opens a .pmtiles or .mbtiles file (told apart by content); a clear Chinese error for anything else. */
export async function openTileArchive(path: string): Promise<TileArchive> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new KetuError('FILE_NOT_FOUND', `找不到底图文件：${path}`, { file: path });
  }
  if (size < 127) throw unsupported(path, '文件太小，不是瓦片文件');
  const format = sniffArchiveFormat(path);
  if (format === 'pmtiles') return openPmtiles(path);
  if (format === 'mbtiles') return openMbtiles(path);
  throw unsupported(path, '不是 .pmtiles 或 .mbtiles 瓦片文件');
}

/**
 * Open archives by path, so each tile request does not reopen the file. A file replaced on disk
 * (new size or time) is reopened; the least recently used archive closes beyond `limit`.
 */
export class TileArchiveCache {
  private readonly open = new Map<string, { stamp: string; archive: Promise<TileArchive> }>();

  constructor(private readonly limit = 6) {}

  get(path: string): Promise<TileArchive> {
    let stamp: string;
    try {
      const s = statSync(path);
      stamp = `${s.size}:${s.mtimeMs}`;
    } catch {
      void this.drop(path);
      return Promise.reject(new KetuError('FILE_NOT_FOUND', `找不到底图文件：${path}`, { file: path }));
    }
    const cached = this.open.get(path);
    if (cached !== undefined && cached.stamp === stamp) {
      // Re-insert: Map order is the recency order.
      this.open.delete(path);
      this.open.set(path, cached);
      return cached.archive;
    }
    if (cached !== undefined) void this.drop(path);
    const archive = openTileArchive(path);
    this.open.set(path, { stamp, archive });
    // A failed open is not kept: the next request tries again (the planner may have fixed the file).
    archive.catch(() => {
      if (this.open.get(path)?.archive === archive) this.open.delete(path);
    });
    while (this.open.size > this.limit) {
      const oldest = this.open.keys().next().value;
      if (oldest === undefined) break;
      void this.drop(oldest);
    }
    return archive;
  }

  async drop(path: string): Promise<void> {
    const entry = this.open.get(path);
    if (entry === undefined) return;
    this.open.delete(path);
    try {
      await (await entry.archive).close();
    } catch {
      // It never opened, or is already closed: nothing to release.
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((p) => this.drop(p)));
  }
}
