import { z } from 'zod';
import type { DisplayCrs } from './display-crs.js';

/*
 * Basemaps: the bundled offline one, local tile archives the planner adds to a project, and online
 * raster tiles. Every tile reaches MapLibre through the engine (`basemap.tile`), so the page's CSP
 * never has to admit another host. See native/basemap/README.md.
 */

/** `MapSettings.basemap` of a project that never chose one. */
export const BUNDLED_BASEMAP = 'bundled';

export const onlineProviders = ['tianditu', 'amap'] as const;
export type OnlineProvider = (typeof onlineProviders)[number];

/** 天地图 draws streets (vec) and their labels (cva) as two layers of the same grid. */
export const tiandituLayers = ['vec', 'cva'] as const;
export type TiandituLayer = (typeof tiandituLayers)[number];

export const tileArchiveFormats = ['pmtiles', 'mbtiles'] as const;
export type TileArchiveFormat = (typeof tileArchiveFormats)[number];

/** One source layer of a vector archive (TileJSON `vector_layers`), what a generic style is built from. */
export const vectorLayerSchema = z.object({
  id: z.string(),
  /** Attribute name → type as the archive declares it (`String`, `Number` …). */
  fields: z.record(z.string(), z.string()),
  minzoom: z.number().optional(),
  maxzoom: z.number().optional(),
});
export type VectorLayer = z.infer<typeof vectorLayerSchema>;

/** What an archive holds, read from its header and metadata. */
export const tileArchiveInfoSchema = z.object({
  kind: z.enum(['raster', 'vector']),
  tileFormat: z.enum(['png', 'jpg', 'webp', 'pbf']),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  /** [west, south, east, north], WGS-84; null when the archive does not say. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  vectorLayers: z.array(vectorLayerSchema),
  attribution: z.string().nullable(),
  /** An 离线底图包 KeTu downloaded (`basemap.packDownload`): the online provider it stands in for offline. */
  pack: z.enum(onlineProviders).nullable(),
  /** The archive also holds a label layer (天地图's cva), asked for as `layer: 'cva'`. */
  labels: z.boolean(),
});
export type TileArchiveInfo = z.infer<typeof tileArchiveInfoSchema>;

/** A local archive registered in the project. */
export const localBasemapSchema = z.object({
  /** `local:<n>`, stable within the project. */
  id: z.string(),
  name: z.string(),
  /** Absolute path as added; the file is also looked for beside the project when moved with it. */
  path: z.string(),
  format: z.enum(tileArchiveFormats),
  /** Tiles cut from 高德/腾讯 maps are GCJ-02; places are shifted onto them like onto 高德's own. */
  crs: z.enum(['wgs84', 'gcj02']),
  /** Null when the file cannot be read now; `problem` then says why, in Chinese. */
  archive: tileArchiveInfoSchema.nullable(),
  problem: z.string().nullable(),
});
export type LocalBasemap = z.infer<typeof localBasemapSchema>;

/** A URL template with {z} {x} {y} (and {s}, {tk}, {layer} where the provider needs them). */
export const tileUrlTemplateSchema = z
  .string()
  .regex(/^https?:\/\/[^\s]+$/, '瓦片地址须以 http:// 或 https:// 开头')
  .refine((t) => t.includes('{z}') && t.includes('{x}') && t.includes('{y}'), '瓦片地址须包含 {z}、{x}、{y}');

export const basemapTileParams = z.object({
  /** `local:<n>`, `amap` or `tianditu`. */
  id: z.string().min(1),
  z: z.number().int().min(0).max(24),
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  /** 天地图 only: which of its two layers. */
  layer: z.enum(tiandituLayers).optional(),
  /** The planner's key (天地图 `tk`); a user-level setting, never stored in the project. */
  key: z.string().min(1).optional(),
  /** Overrides the provider's tile URL (a proxy, a mirror, a test server). */
  endpoint: tileUrlTemplateSchema.optional(),
});

/** The system a basemap's tiles are drawn in: 高德 is GCJ-02; 天地图 _w and the bundled map are WGS-84; a local archive says. */
export function basemapCrs(id: string, locals: readonly Pick<LocalBasemap, 'id' | 'crs'>[] = []): DisplayCrs {
  if (id === 'amap') return 'gcj02';
  return locals.find((b) => b.id === id)?.crs ?? 'wgs84';
}

export function isOnlineProvider(id: string): id is OnlineProvider {
  return (onlineProviders as readonly string[]).includes(id);
}

/*
 * 离线底图包: the online provider's tiles for the project's region, downloaded while online into an
 * MBTiles file beside the project, then used when the provider cannot be reached. See native/basemap/README.md.
 */

/** More tiles than this in one pack is refused: the providers' terms forbid bulk harvesting, and the file would be huge. */
export const PACK_MAX_TILES = 20_000;

const lng = z.number().min(-180).max(180);
const lat = z.number().min(-85).max(85);

/** The region of a pack: a box [west, south, east, north] (WGS-84), or the extent of the project's places and sites plus a margin. */
export const packRegionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('box'), bounds: z.tuple([lng, lat, lng, lat]) }),
  z.object({ kind: z.literal('places'), marginM: z.number().min(0).max(50_000) }),
]);
export type PackRegion = z.infer<typeof packRegionSchema>;

export const packParamsSchema = z.object({
  provider: z.enum(onlineProviders),
  region: packRegionSchema,
  minZoom: z.number().int().min(0).max(18),
  maxZoom: z.number().int().min(0).max(18),
  key: z.string().min(1).optional(),
  endpoint: tileUrlTemplateSchema.optional(),
});
export type PackParams = z.infer<typeof packParamsSchema>;

/** What a pack will take before anything is downloaded. */
export const packPlanSchema = z.object({
  /** The .mbtiles beside the project: a new name, or the same pack's file to resume. */
  path: z.string(),
  /** The file exists and is this provider's pack: tiles already in it are skipped. */
  resume: z.boolean(),
  /** The region in WGS-84 after the margin. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** Tile addresses to fetch, all zooms (天地图 counts each address once; its label layer comes with it). */
  tiles: z.number().int(),
  perZoom: z.array(z.object({ z: z.number().int(), tiles: z.number().int() })),
  /** Addresses already in the file. */
  have: z.number().int(),
  /** Bytes still to download, from the file's own average tile when it has tiles, else a typical street tile. */
  estimatedBytes: z.number(),
  maxTiles: z.number().int(),
  /** Above `maxTiles`: the download is refused until the region or zooms shrink. */
  tooMany: z.boolean(),
});
export type PackPlan = z.infer<typeof packPlanSchema>;

export const packResultSchema = z.object({
  path: z.string(),
  /** The local basemap the pack is registered as (the same entry when resumed). */
  basemapId: z.string(),
  total: z.number().int(),
  downloaded: z.number().int(),
  /** Already in the file. */
  skipped: z.number().int(),
  /** The provider has no tile there (404/204). */
  empty: z.number().int(),
});
export type PackResult = z.infer<typeof packResultSchema>;
