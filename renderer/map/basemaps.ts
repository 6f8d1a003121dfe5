// The basemap the map draws: the bundled offline one, a local tile archive, or online raster tiles.
// Every tile URL is `ketu-tile://…`, answered by the engine (tile-protocol.ts): nothing leaves the page.
import type { ExpressionSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { BUNDLED_BASEMAP, basemapCrs } from '../../native/contract/index.js';
import type { DisplayCrs, LocalBasemap, OnlineProvider, TileArchiveInfo, VectorLayer } from '../../native/contract/index.js';
import type { Lang } from '../i18n/i18n.js';
import { BASEMAP_FONT_STACK, basemapStyle } from './basemap-style.js';

export const TILE_PROTOCOL = 'ketu-tile';

/** What the map shows now; `id` is what `MapSettings.basemap` holds. */
export type ActiveBasemap =
  | { kind: 'bundled'; id: typeof BUNDLED_BASEMAP }
  | { kind: 'local'; id: string; name: string; archive: TileArchiveInfo; crs: DisplayCrs }
  /** `attempt` goes into the tile URLs: a new one (key changed, retried) makes MapLibre fetch every tile again. */
  | { kind: 'online'; id: OnlineProvider; attempt?: number };

export const BUNDLED: ActiveBasemap = { kind: 'bundled', id: BUNDLED_BASEMAP };

/**
 * The saved choice as something drawable: a local archive that cannot be read, or a basemap that no
 * longer exists, falls back to the bundled map (the caller shows the reason).
 */
export function resolveBasemap(id: string, locals: readonly LocalBasemap[] | null): ActiveBasemap {
  if (id === 'amap' || id === 'tianditu') return { kind: 'online', id };
  const local = locals?.find((b) => b.id === id);
  if (local === undefined || local.archive === null) return BUNDLED;
  return { kind: 'local', id: local.id, name: local.name, archive: local.archive, crs: local.crs };
}

/** The system places are shifted into while this basemap is shown. */
export function crsOf(basemap: ActiveBasemap): DisplayCrs {
  return basemap.kind === 'local' ? basemap.crs : basemapCrs(basemap.id);
}

/** `ketu-tile://<id>/{z}/{x}/{y}`, or with 天地图's layer `ketu-tile://tianditu/vec/{z}/{x}/{y}`. */
export function tileUrl(id: string, layer?: string): string {
  return `${TILE_PROTOCOL}://${encodeURIComponent(id)}${layer === undefined ? '' : `/${layer}`}/{z}/{x}/{y}`;
}

const BACKGROUND = '#f6f5f1';
const WATER = '#b9d3e6';
const GREEN = '#d6e7c8';
const BUILDING = '#dedad2';
const ROAD = '#ffffff';
const ROAD_CASING = '#c9c3b6';
const BOUNDARY = '#9a8fa6';
const TEXT = '#3f4750';
const OTHER_FILLS = ['#ece8df', '#e6ece3', '#efe6e6', '#e4e8ee'];

type Role = 'water' | 'green' | 'building' | 'road' | 'boundary' | 'label' | 'other';

/** What a source layer most likely is, from its name (OpenMapTiles, Protomaps, GDAL exports, Chinese names). */
function roleOf(id: string): Role {
  const n = id.toLowerCase();
  if (/water|ocean|lake|river|sea|水|河|湖|海/.test(n)) return 'water';
  if (/park|green|wood|forest|grass|landcover|landuse|绿|林|公园/.test(n)) return 'green';
  if (/building|建筑|房屋/.test(n)) return 'building';
  if (/road|street|transport|highway|rail|道路|街|铁路|公路/.test(n)) return 'road';
  if (/boundar|admin|border|境界|行政|边界/.test(n)) return 'boundary';
  if (/place|label|poi|name|地名|注记/.test(n)) return 'label';
  return 'other';
}

/** The label text of a layer's features: a Chinese name first, then the plain name. */
function nameField(layer: VectorLayer): ExpressionSpecification | null {
  const candidates = ['name:zh', 'name_zh', 'name:zh-Hans', 'name_zh-Hans', 'name', 'NAME', 'Name', '名称', 'label'];
  const present = candidates.filter((f) => f in layer.fields);
  if (present.length === 0) return null;
  return ['coalesce', ...present.map((f): ExpressionSpecification => ['get', f])] as ExpressionSpecification;
}

const isPolygon: ExpressionSpecification = ['==', ['geometry-type'], 'Polygon'];
const isLine: ExpressionSpecification = ['==', ['geometry-type'], 'LineString'];
const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];

/**
 * A plain style for any vector archive, from its `vector_layers`: fills, lines, points and labels per
 * source layer, coloured by what the layer's name suggests. Labels use local CJK fonts (no glyph server).
 */
export function vectorArchiveLayers(source: string, vectorLayers: readonly VectorLayer[]): LayerSpecification[] {
  const fills: LayerSpecification[] = [];
  const lines: LayerSpecification[] = [];
  const points: LayerSpecification[] = [];
  const labels: LayerSpecification[] = [];
  vectorLayers.forEach((vl, i) => {
    const role = roleOf(vl.id);
    const base = { source, 'source-layer': vl.id, ...(vl.minzoom === undefined ? {} : { minzoom: vl.minzoom }) };
    const id = (suffix: string): string => `basemap-${i}-${suffix}`;
    const fill = role === 'water' ? WATER : role === 'green' ? GREEN : role === 'building' ? BUILDING : (OTHER_FILLS[i % OTHER_FILLS.length] ?? BACKGROUND);
    if (role !== 'road' && role !== 'boundary' && role !== 'label') {
      fills.push({ ...base, id: id('fill'), type: 'fill', filter: isPolygon, paint: { 'fill-color': fill, 'fill-outline-color': role === 'other' ? '#d8d2c6' : fill } });
    }
    if (role === 'road') {
      const width: ExpressionSpecification = ['interpolate', ['exponential', 1.6], ['zoom'], 8, 0.6, 12, 2, 16, 9];
      lines.push({ ...base, id: id('casing'), type: 'line', filter: isLine, layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': ROAD_CASING, 'line-width': ['+', width, 1.5] as ExpressionSpecification } });
      lines.push({ ...base, id: id('line'), type: 'line', filter: isLine, layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': ROAD, 'line-width': width } });
    } else if (role === 'boundary') {
      lines.push({ ...base, id: id('line'), type: 'line', filter: isLine, paint: { 'line-color': BOUNDARY, 'line-width': 1.2, 'line-dasharray': [3, 2] } });
    } else if (role !== 'label') {
      lines.push({ ...base, id: id('line'), type: 'line', filter: isLine, paint: { 'line-color': role === 'water' ? WATER : '#b8b1a4', 'line-width': role === 'water' ? 1.5 : 1 } });
    }
    if (role !== 'label') {
      points.push({ ...base, id: id('point'), type: 'circle', filter: isPoint, minzoom: Math.max(vl.minzoom ?? 0, 12), paint: { 'circle-radius': 2.5, 'circle-color': '#8a8478' } });
    }
    const text = nameField(vl);
    if (text !== null) {
      labels.push({
        ...base,
        id: id('label'),
        type: 'symbol',
        layout: {
          'text-field': text,
          'text-font': BASEMAP_FONT_STACK,
          'text-size': role === 'label' ? 13 : 11,
          'symbol-placement': role === 'road' ? 'line' : 'point',
          'text-max-width': 8,
          'text-padding': 4,
        },
        paint: { 'text-color': role === 'water' ? '#3d6a8f' : TEXT, 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.3 },
      });
    }
  });
  return [...fills, ...lines, ...points, ...labels];
}

function tileStyle(name: string, crs: DisplayCrs, sources: Record<string, SourceSpecification>, layers: LayerSpecification[]): StyleSpecification {
  return {
    version: 8,
    name,
    metadata: { 'ketu:crs': crs === 'gcj02' ? 'GCJ-02' : 'EPSG:4326' },
    sources,
    layers: [{ id: 'basemap-background', type: 'background', paint: { 'background-color': BACKGROUND } }, ...layers],
  };
}

/** The whole MapLibre style of a basemap. */
export function styleForBasemap(basemap: ActiveBasemap, lang: Lang, origin: string, opts: { print: boolean } = { print: false }): StyleSpecification {
  if (basemap.kind === 'bundled') return basemapStyle(origin, lang, { districtOnce: opts.print });
  const raster = (url: string, maxzoom: number): SourceSpecification => ({ type: 'raster', tiles: [url], tileSize: 256, minzoom: 0, maxzoom });
  if (basemap.kind === 'online') {
    const q = basemap.attempt === undefined || basemap.attempt === 0 ? '' : `?a=${basemap.attempt}`;
    if (basemap.id === 'amap') return tileStyle('高德地图', 'gcj02', { 'basemap-amap': raster(tileUrl('amap') + q, 18) }, [{ id: 'basemap-amap', type: 'raster', source: 'basemap-amap' }]);
    return tileStyle(
      '天地图',
      'wgs84',
      { 'basemap-vec': raster(tileUrl('tianditu', 'vec') + q, 18), 'basemap-cva': raster(tileUrl('tianditu', 'cva') + q, 18) },
      [
        { id: 'basemap-vec', type: 'raster', source: 'basemap-vec' },
        { id: 'basemap-cva', type: 'raster', source: 'basemap-cva' },
      ],
    );
  }
  const a = basemap.archive;
  const extent = { minzoom: a.minzoom, maxzoom: a.maxzoom, ...(a.bounds === null ? {} : { bounds: a.bounds }), ...(a.attribution === null ? {} : { attribution: a.attribution }) };
  if (a.kind === 'raster') {
    const sources: Record<string, SourceSpecification> = { 'basemap-tiles': { type: 'raster', tiles: [tileUrl(basemap.id)], tileSize: 256, ...extent } };
    const layers: LayerSpecification[] = [{ id: 'basemap-tiles', type: 'raster', source: 'basemap-tiles' }];
    // A 天地图 离线底图包 carries its label layer (cva) too, drawn over the streets as online.
    if (a.labels) {
      sources['basemap-labels'] = { type: 'raster', tiles: [tileUrl(basemap.id, 'cva')], tileSize: 256, ...extent };
      layers.push({ id: 'basemap-labels', type: 'raster', source: 'basemap-labels' });
    }
    return tileStyle(basemap.name, basemap.crs, sources, layers);
  }
  return tileStyle(basemap.name, basemap.crs, { 'basemap-tiles': { type: 'vector', tiles: [tileUrl(basemap.id)], ...extent } }, vectorArchiveLayers('basemap-tiles', a.vectorLayers));
}
