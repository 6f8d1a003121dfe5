import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { PACK_MAX_TILES, basemapCrs } from '../contract/basemaps.js';
import type { OnlineProvider, PackParams, PackPlan, PackResult } from '../contract/basemaps.js';
import { toDisplay } from '../contract/display-crs.js';
import { KetuError } from '../contract/errors.js';
import { MbtilesReader } from '../store/mbtiles-reader.js';
import { LABEL_TILES_TABLE, MbtilesWriter, PACK_METADATA_KEY } from '../store/mbtiles-writer.js';
import type { PackLayer } from '../store/mbtiles-writer.js';
import type { ProjectStore } from '../store/project-store.js';
import { fetchOnlineTile, onlineProviderLabels } from './online-tiles.js';

type Bounds = [number, number, number, number];

/** A typical street tile (高德 style 8; 天地图 vec + cva together), for the estimate before any tile is in the file. */
const TYPICAL_TILE_BYTES: Record<OnlineProvider, number> = { amap: 16_000, tianditu: 22_000 };
/** Requests in flight at once: enough to be quick, few enough to stay a polite client of a free service. */
const CONCURRENCY = 4;
/** Waits before each retry of a tile that failed for a passing reason (offline, HTTP 5xx). */
const BACKOFF_MS = [400, 1_200, 3_000];
/** Tiles written per transaction: a killed download loses at most this many. */
const BATCH = 32;

const M_PER_DEG_LAT = 111_320;

/** XYZ column and row of a WGS-84 (or GCJ-02, for 高德) position at zoom z, Web Mercator. */
export function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const rad = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  const x = Math.floor(((lng + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

/** The inclusive column and row ranges covering a box at zoom z. */
export function tileRange(b: Bounds, z: number): { x0: number; x1: number; y0: number; y1: number } {
  const [x0, y0] = tileOf(b[0], b[3], z);
  const [x1, y1] = tileOf(b[2], b[1], z);
  return { x0, x1, y0, y1 };
}

/** The value at fraction q of sorted numbers. */
function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? 0;
}

/**
 * The pack's region in WGS-84. For the places' extent the 1st–99th percentiles are taken, so a single
 * customer in another province does not turn a city pack into a country one; sites always count.
 */
export function packBounds(store: ProjectStore, region: PackParams['region']): Bounds {
  if (region.kind === 'box') {
    const [w, s, e, n] = region.bounds;
    if (!(w < e && s < n)) throw new KetuError('INVALID_PARAMS', '离线底图包的范围无效：西边须小于东边、南边须小于北边');
    return [w, s, e, n];
  }
  const cols = store.placeColumns();
  const count = cols.positions.length / 2;
  const lngs = new Float64Array(count);
  const lats = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    lngs[i] = cols.positions[2 * i] ?? 0;
    lats[i] = cols.positions[2 * i + 1] ?? 0;
  }
  lngs.sort();
  lats.sort();
  let box: Bounds | null = count === 0 ? null : [quantile(lngs, 0.01), quantile(lats, 0.01), quantile(lngs, 0.99), quantile(lats, 0.99)];
  for (const s of store.sites()) box = box === null ? [s.lng, s.lat, s.lng, s.lat] : [Math.min(box[0], s.lng), Math.min(box[1], s.lat), Math.max(box[2], s.lng), Math.max(box[3], s.lat)];
  if (box === null) throw new KetuError('INVALID_PARAMS', '项目中还没有地点或本案位置：请在地图上框选离线底图包的范围');
  const dLat = region.marginM / M_PER_DEG_LAT;
  const dLng = region.marginM / (M_PER_DEG_LAT * Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180));
  return [Math.max(-180, box[0] - dLng), Math.max(-85, box[1] - dLat), Math.min(180, box[2] + dLng), Math.min(85, box[3] + dLat)];
}

/** The box in the provider's own system: 高德 tiles are GCJ-02, so the region is shifted onto them. */
function providerBounds(b: Bounds, provider: OnlineProvider): Bounds {
  const crs = basemapCrs(provider);
  const [w, s] = toDisplay(b[0], b[1], crs);
  const [e, n] = toDisplay(b[2], b[3], crs);
  return [w, s, e, n];
}

function zoomsOf(p: PackParams): number[] {
  if (p.minZoom > p.maxZoom) throw new KetuError('INVALID_PARAMS', `离线底图包的级别无效：最小级别 ${p.minZoom} 大于最大级别 ${p.maxZoom}`);
  const out: number[] = [];
  for (let z = p.minZoom; z <= p.maxZoom; z++) out.push(z);
  return out;
}

/** Which provider's pack an existing file is, or null when it is not a KeTu pack (or not readable as MBTiles). */
function packProviderOf(path: string): string | null {
  try {
    const reader = MbtilesReader.open(path);
    try {
      return reader.metadata()[PACK_METADATA_KEY] ?? null;
    } finally {
      reader.close();
    }
  } catch {
    return null;
  }
}

/**
 * The pack's file beside the project: `<project>-高德地图离线底图.mbtiles`. An existing file is reused
 * only when it is the same provider's pack (a resume); anything else there gets a numbered name, so
 * neither the project nor a file the planner keeps is ever overwritten.
 */
export function packPath(projectPath: string, provider: OnlineProvider): { path: string; resume: boolean } {
  const stem = basename(projectPath, extname(projectPath));
  for (let n = 1; ; n++) {
    const path = join(dirname(projectPath), `${stem}-${onlineProviderLabels[provider]}离线底图${n === 1 ? '' : `-${n}`}.mbtiles`);
    if (!existsSync(path)) return { path, resume: false };
    if (packProviderOf(path) === provider) return { path, resume: true };
  }
}

interface Address {
  z: number;
  x: number;
  y: number;
}

function* addresses(b: Bounds, zooms: readonly number[]): Generator<Address> {
  for (const z of zooms) {
    const r = tileRange(b, z);
    for (let x = r.x0; x <= r.x1; x++) for (let y = r.y0; y <= r.y1; y++) yield { z, x, y };
  }
}

function tooManyError(tiles: number): KetuError {
  return new KetuError(
    'INVALID_PARAMS',
    `离线底图包需要 ${tiles.toLocaleString('zh-CN')} 张瓦片，超过上限 ${PACK_MAX_TILES.toLocaleString('zh-CN')} 张：请缩小范围或降低最大级别（地图服务的使用条款不允许大批量下载）`,
    { reason: 'tooMany', tiles, maxTiles: PACK_MAX_TILES },
  );
}

/** Tile count, size estimate and file of a pack; nothing is downloaded. */
export function planPack(store: ProjectStore, p: PackParams): PackPlan {
  const bounds = packBounds(store, p.region);
  const zooms = zoomsOf(p);
  const shifted = providerBounds(bounds, p.provider);
  const perZoom = zooms.map((z) => {
    const r = tileRange(shifted, z);
    return { z, tiles: (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1) };
  });
  const tiles = perZoom.reduce((s, z) => s + z.tiles, 0);
  const { path, resume } = packPath(store.path, p.provider);
  let have = 0;
  let average = TYPICAL_TILE_BYTES[p.provider];
  if (resume && tiles <= PACK_MAX_TILES) {
    const writer = MbtilesWriter.open(path);
    try {
      const layer: PackLayer = 'tiles';
      for (const a of addresses(shifted, zooms)) if (writer.hasTile(layer, a.z, a.x, a.y)) have++;
      const stored = writer.stored();
      if (stored.tiles > 0) average = (stored.bytes / stored.tiles) * (p.provider === 'tianditu' ? 1.5 : 1);
    } finally {
      writer.close();
    }
  }
  return { path, resume, bounds, tiles, perZoom, have, estimatedBytes: Math.round((tiles - have) * average), maxTiles: PACK_MAX_TILES, tooMany: tiles > PACK_MAX_TILES };
}

/** Waits `ms`, or rejects at once when the download is cancelled. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new KetuError('CANCELLED', '已取消'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new KetuError('CANCELLED', '已取消'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** One tile with retries: a passing failure (offline, HTTP 5xx) is tried again after a growing pause; a refused key is not. */
async function fetchWithRetry(p: PackParams, a: Address, layer: 'vec' | 'cva' | undefined, signal: AbortSignal): Promise<Uint8Array | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchOnlineTile(
        { provider: p.provider, ...a, ...(layer === undefined ? {} : { layer }), ...(p.key === undefined ? {} : { key: p.key }), ...(p.endpoint === undefined ? {} : { endpoint: p.endpoint }) },
        signal,
      );
    } catch (err) {
      const reason = err instanceof KetuError ? err.details?.reason : undefined;
      const passing = reason === 'offline' || reason === 'failed';
      const wait = BACKOFF_MS[attempt];
      if (!passing || wait === undefined || signal.aborted) throw err;
      await pause(wait, signal);
    }
  }
}

export interface PackProgress {
  (done: number, total: number): void;
}

/**
 * Downloads a pack into its MBTiles file: addresses already there are skipped, a few requests run at
 * once, every batch is committed as it fills. On cancel or failure what was written stays (the next
 * run resumes); the error says how many tiles the file holds.
 */
export async function downloadPack(store: ProjectStore, p: PackParams, signal: AbortSignal, progress: PackProgress): Promise<Omit<PackResult, 'basemapId'>> {
  const plan = planPack(store, p);
  if (plan.tooMany) throw tooManyError(plan.tiles);
  const zooms = zoomsOf(p);
  const shifted = providerBounds(plan.bounds, p.provider);
  const writer = MbtilesWriter.open(plan.path);
  const label = onlineProviderLabels[p.provider];
  let downloaded = 0;
  let skipped = 0;
  let empty = 0;
  let pending: Array<{ layer: PackLayer; z: number; x: number; y: number; data: Uint8Array }> = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    writer.putTiles(pending);
    pending = [];
  };
  try {
    // Metadata first: a file cut short by a kill is still recognised as this provider's pack and resumed.
    writer.setMetadata({
      name: `${label}离线底图`,
      format: 'png',
      type: 'baselayer',
      version: '1',
      description: `KeTu 离线底图包：${label}`,
      attribution: `© ${label}`,
      [PACK_METADATA_KEY]: p.provider,
    });
    const queue = addresses(shifted, zooms);
    let done = 0;
    progress(0, plan.tiles);
    const worker = async (): Promise<void> => {
      for (;;) {
        if (signal.aborted) throw new KetuError('CANCELLED', '已取消');
        const next = queue.next();
        if (next.done === true) return;
        const a = next.value;
        const labelsToo = p.provider === 'tianditu';
        if (writer.hasTile('tiles', a.z, a.x, a.y) && (!labelsToo || writer.hasTile(LABEL_TILES_TABLE, a.z, a.x, a.y))) {
          skipped++;
        } else {
          const [streets, labels] = await Promise.all([
            fetchWithRetry(p, a, labelsToo ? 'vec' : undefined, signal),
            labelsToo ? fetchWithRetry(p, a, 'cva', signal) : Promise.resolve(null),
          ]);
          if (streets === null) empty++;
          else {
            downloaded++;
            pending.push({ layer: 'tiles', ...a, data: streets });
            if (labels !== null) pending.push({ layer: LABEL_TILES_TABLE, ...a, data: labels });
            if (pending.length >= BATCH) flush();
          }
        }
        done++;
        if (done % 8 === 0 || done === plan.tiles) progress(done, plan.tiles);
      }
    };
    const workers = Array.from({ length: CONCURRENCY }, () => worker());
    const settled = await Promise.allSettled(workers);
    flush();
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed !== undefined) {
      const held = writer.stored().tiles;
      const err: unknown = failed.reason;
      if (err instanceof KetuError && err.code === 'CANCELLED') {
        throw new KetuError('CANCELLED', `已取消下载离线底图包；已下载的 ${held} 张瓦片保留在文件中，再次下载会从断点继续`, { file: plan.path, tiles: held });
      }
      if (err instanceof KetuError) throw new KetuError(err.code, `${err.message}（离线底图包已保存 ${held} 张瓦片，可稍后继续下载）`, { ...err.details, file: plan.path, tiles: held });
      throw err;
    }
    const held = heldExtent(plan.path);
    const b = held.bounds === null ? plan.bounds : [Math.min(held.bounds[0], plan.bounds[0]), Math.min(held.bounds[1], plan.bounds[1]), Math.max(held.bounds[2], plan.bounds[2]), Math.max(held.bounds[3], plan.bounds[3])];
    writer.setMetadata({
      bounds: b.map((v) => v.toFixed(6)).join(','),
      minzoom: String(held.zooms?.min ?? p.minZoom),
      maxzoom: String(held.zooms?.max ?? p.maxZoom),
    });
    return { path: plan.path, total: plan.tiles, downloaded, skipped, empty };
  } finally {
    writer.close();
  }
}

/** The zooms a pack holds and the bounds it declared before this run: a resumed pack may cover more than this run asked for. */
function heldExtent(path: string): { zooms: { min: number; max: number } | null; bounds: Bounds | null } {
  const reader = MbtilesReader.open(path);
  try {
    const [w, s, e, n] = reader.metadata().bounds?.split(',').map(Number) ?? [];
    const ok = w !== undefined && s !== undefined && e !== undefined && n !== undefined && [w, s, e, n].every(Number.isFinite);
    return { zooms: reader.zoomRange(), bounds: ok ? [w, s, e, n] : null };
  } finally {
    reader.close();
  }
}
