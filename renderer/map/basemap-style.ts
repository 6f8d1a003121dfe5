// Offline basemap: bundled boundaries (resources/basemap), no network and no glyph server. Provinces and cities come
// as vector tiles cut at build time (build/make-basemap-tiles.mjs): as GeoJSON, the map's one worker parsed and
// indexed their 4.1 MB at every start. Districts and labels stay GeoJSON: zoomed in, a district is named once per
// tile of the current zoom, and tiles that deep would be hundreds of thousands of files.
// The style sets no `glyphs` URL, so MapLibre rasterises every label itself in the CJK font below.
import type {
  ExpressionSpecification,
  FontFacesSpecification,
  LayerSpecification,
  StyleSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl';

/**
 * `text-font` of every label. With no `glyphs` URL MapLibre draws each glyph with the browser
 * (TinySDF), using this stack as the CSS font-family (plus `sans-serif`): the bundled
 * @fontsource-variable/noto-sans-sc face first, then Debian's fonts-noto-cjk.
 */
export const BASEMAP_FONT_STACK = ['Noto Sans SC Variable', 'Noto Sans CJK SC'];

/**
 * For the `localIdeographFontFamily` map option. MapLibre only consults it for layers that keep
 * the default `text-font`; set it anyway so that any symbol layer added without a `text-font`
 * draws CJK in the same font instead of the browser's default sans-serif.
 */
export const LOCAL_IDEOGRAPH_FONT_FAMILY = "'Noto Sans SC Variable', 'Noto Sans CJK SC', sans-serif";

/** Source ids, for layers (e.g. a district choropleth) that reuse the basemap data. */
export const BASEMAP_SOURCES = {
  /** Provinces and cities, cut into vector tiles at build time (layers `provinces`, `cities`). */
  tiles: 'basemap-tiles',
  districts: 'basemap-districts',
  boundaryLines: 'basemap-boundary-lines',
  labels: 'basemap-labels',
} as const;

/** Id of the lowest label layer: insert data layers below it to keep place names on top. */
export const BASEMAP_FIRST_LABEL_LAYER = 'basemap-label-district';

export interface BasemapStyleOptions {
  /**
   * Optional `font-faces` entry. When the font files can be served at known URLs, declaring them
   * (keyed by a name in BASEMAP_FONT_STACK, e.g. the 101 Noto Sans SC woff2 slices with their
   * unicode ranges) makes MapLibre download and await each file before drawing with it, so labels
   * never flash in a fallback font. Without it the fonts come from the page's CSS / the system.
   */
  fontFaces?: FontFacesSpecification;
  /**
   * Name each district once, at its label point (labels.geojson: the pole of inaccessibility of its largest
   * piece), at every zoom. For print pages: a page spans many tiles, and the per-piece labels the screen uses
   * zoomed in would name a district once per piece per tile.
   */
  districtOnce?: boolean;
}

const WATER = '#dce6ee';
const LAND = '#f6f5f1';
const TEXT = '#3f4750';
const HALO = 'rgba(255,255,255,0.9)';
const PROVINCE_LINE = '#9a9488';
const CITY_LINE = '#b3ada1';
const DISTRICT_LINE = '#cdc8bd';

/** Five faint tints; `tint` is a graph colouring made by build/make-basemap.mjs, so neighbours differ. */
const DISTRICT_TINT: ExpressionSpecification = [
  'match',
  ['get', 'tint'],
  0, '#eef1e4',
  1, '#f2ece1',
  2, '#e6eeec',
  3, '#efe8ee',
  4, '#f3f0dc',
  '#efefea',
];

function labelLayer(
  id: string,
  level: 'province' | 'city' | 'district',
  textField: ExpressionSpecification,
  zoom: { min: number; max: number },
  size: [number, number, number, number],
  paint: { color: string; haloWidth: number },
): SymbolLayerSpecification {
  return {
    id,
    type: 'symbol',
    source: BASEMAP_SOURCES.labels,
    minzoom: zoom.min,
    maxzoom: zoom.max,
    // 香港 and 澳门 are too small to label at country scale; they get city labels from zoom 6.
    filter:
      level === 'province'
        ? ['all', ['==', ['get', 'level'], level], ['!', ['in', ['get', 'adcode'], ['literal', ['810000', '820000']]]]]
        : ['==', ['get', 'level'], level],
    layout: {
      'text-field': textField,
      'text-font': BASEMAP_FONT_STACK,
      'text-size': ['interpolate', ['linear'], ['zoom'], size[0], size[1], size[2], size[3]],
      'text-max-width': 8,
      'text-padding': 3,
      'text-letter-spacing': level === 'province' ? 0.1 : 0.02,
      'symbol-sort-key': ['get', 'rank'],
    },
    paint: {
      'text-color': paint.color,
      'text-halo-color': HALO,
      'text-halo-width': paint.haloWidth,
      'text-halo-blur': 0.5,
    },
  };
}

/**
 * Zoomed in, a district's one label point is usually off screen and the map was blank tint. Labelled from the
 * polygons instead: MapLibre places one label per polygon piece in each tile, so every screen inside a
 * district names it, and the boundary between two shows both names.
 */
function districtAreaLabels(name: ExpressionSpecification): SymbolLayerSpecification {
  return {
    id: 'basemap-label-district-area',
    type: 'symbol',
    source: BASEMAP_SOURCES.districts,
    minzoom: 11,
    layout: {
      'text-field': name,
      'text-font': BASEMAP_FONT_STACK,
      'text-size': ['interpolate', ['linear'], ['zoom'], 11, 13, 15, 16],
      'text-max-width': 8,
      'text-padding': 24,
      'text-letter-spacing': 0.05,
    },
    paint: { 'text-color': '#59616b', 'text-halo-color': HALO, 'text-halo-width': 1.4, 'text-halo-blur': 0.5 },
  };
}

/**
 * Builds a `font-faces` entry from a Fontsource package's `unicode.json` (keys such as "[4]" or
 * "latin", values "U+4e00-4e01,U+4e03,…"), e.g. for @fontsource-variable/noto-sans-sc:
 * `fontsourceFontFaces('Noto Sans SC Variable', unicode, (s) => urls[`noto-sans-sc-${s}-wght-normal.woff2`])`.
 * MapLibre then fetches only the slices that the labels on screen need.
 */
export function fontsourceFontFaces(
  fontName: string,
  unicodeJson: Readonly<Record<string, string>>,
  urlForSubset: (subset: string) => string,
): FontFacesSpecification {
  const faces = Object.entries(unicodeJson).map(([key, ranges]) => ({
    url: urlForSubset(key.replace(/^\[(.*)\]$/, '$1')),
    'unicode-range': ranges.split(',').map((r) => r.trim()).filter((r) => r !== ''),
  }));
  return { [fontName]: faces };
}

/**
 * The KeTu offline basemap style.
 * @param baseUrl where `resources/` is served, without a trailing slash (files at `${baseUrl}/basemap/…`)
 * @param lang label language; boundaries carry Chinese names only, so 'en' switches province names
 *   (which have `name_en`) and keeps Chinese for cities and districts.
 */
export function basemapStyle(
  baseUrl: string,
  lang: 'zh-CN' | 'en',
  options: BasemapStyleOptions = {},
): StyleSpecification {
  const root = baseUrl.replace(/\/+$/, '');
  const url = (file: string): string => `${root}/basemap/${file}`;
  const name: ExpressionSpecification = ['get', 'name'];
  // Short forms (浙江, 广西) at country scale, where full names (广西壮族自治区) crowd each other out.
  const provinceName: ExpressionSpecification =
    lang === 'en'
      ? ['coalesce', ['get', 'name_en'], ['get', 'name']]
      : ['step', ['zoom'], ['coalesce', ['get', 'short'], ['get', 'name']], 5, ['get', 'name']];

  const layers: LayerSpecification[] = [
    { id: 'basemap-background', type: 'background', paint: { 'background-color': WATER } },
    {
      id: 'basemap-land',
      type: 'fill',
      source: BASEMAP_SOURCES.tiles,
      'source-layer': 'provinces',
      paint: { 'fill-color': LAND, 'fill-antialias': false },
    },
    {
      id: 'basemap-district-fill',
      type: 'fill',
      source: BASEMAP_SOURCES.districts,
      minzoom: 7,
      paint: {
        'fill-color': DISTRICT_TINT,
        'fill-opacity': ['interpolate', ['linear'], ['zoom'], 7, 0, 8, 0.8],
        'fill-antialias': false,
      },
    },
    {
      id: 'basemap-district-line',
      type: 'line',
      source: BASEMAP_SOURCES.districts,
      minzoom: 7,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': DISTRICT_LINE,
        'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.4, 12, 1.2],
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 7, 0, 7.5, 1],
      },
    },
    {
      id: 'basemap-city-line',
      type: 'line',
      source: BASEMAP_SOURCES.tiles,
      'source-layer': 'cities',
      minzoom: 4,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': CITY_LINE,
        'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.4, 8, 0.9, 12, 1.6],
        'line-dasharray': [3, 2],
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 4, 0, 5, 1],
      },
    },
    {
      id: 'basemap-province-line',
      type: 'line',
      source: BASEMAP_SOURCES.tiles,
      'source-layer': 'provinces',
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': PROVINCE_LINE,
        'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 8, 1.4, 12, 2.2],
      },
    },
    {
      id: 'basemap-boundary-lines',
      type: 'line',
      source: BASEMAP_SOURCES.boundaryLines,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': PROVINCE_LINE,
        'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.8, 8, 1.6],
        'line-dasharray': [4, 2],
      },
    },
    labelLayer('basemap-label-district', 'district', name, { min: 9, max: options.districtOnce === true ? 24 : 11 }, [9, 11, 11, 13],
      { color: '#59616b', haloWidth: 1.2 }),
    ...(options.districtOnce === true ? [] : [districtAreaLabels(name)]),
    labelLayer('basemap-label-city', 'city', name, { min: 6, max: 11 }, [6, 11, 10, 14],
      { color: TEXT, haloWidth: 1.4 }),
    labelLayer('basemap-label-province', 'province', provinceName, { min: 2, max: 6.5 }, [3, 11, 6, 15],
      { color: '#2f363d', haloWidth: 1.6 }),
  ];

  const style: StyleSpecification = {
    version: 8,
    name: 'KeTu offline basemap',
    metadata: { 'ketu:crs': 'EPSG:4326', 'ketu:lang': lang },
    sources: {
      // Cut to zoom 10 (MAX_ZOOM there) and overzoomed beyond: the lines carry 150–200 m of simplification already.
      [BASEMAP_SOURCES.tiles]: { type: 'vector', tiles: [url('tiles/{z}/{x}/{y}.pbf')], maxzoom: 10 },
      [BASEMAP_SOURCES.districts]: { type: 'geojson', data: url('districts.geojson') },
      [BASEMAP_SOURCES.boundaryLines]: { type: 'geojson', data: url('boundary-lines.geojson') },
      [BASEMAP_SOURCES.labels]: { type: 'geojson', data: url('labels.geojson') },
    },
    layers,
  };
  if (options.fontFaces) style['font-faces'] = options.fontFaces;
  return style;
}
