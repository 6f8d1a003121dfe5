import type { Area, PlaceFilter, PrintLegend } from '../../native/contract/index.js';
import { bytesToBase64 } from './png-capture.js';
import type { CapturedPng } from './png-capture.js';
import type { TemplateId } from './layers/templates.js';

/** What a print page draws instead of the project's own layers and filter (nothing is saved). */
export interface PrintOverride {
  template: TemplateId;
  filter: PlaceFilter;
  /** The layout's 本案 marker element: false leaves 本案 off the frame. */
  siteMarker: boolean;
  /** Areas drawn instead of the project's own (the 修订 map's plan areas, coloured by verdict); absent: the project's. */
  areas?: Area[] | undefined;
  /** The overview inset: the template's places as small dots, without names, 本案 or areas. */
  inset?: boolean | undefined;
}

/** `ketu export pdf|pptx|pack`: one map frame of a print page. */
export interface PrintFrameRequest extends PrintOverride {
  /** [w, s, e, n] WGS-84 to fit, or null to keep the camera. */
  fit: readonly [number, number, number, number] | null;
  /** CSS px kept clear around the fitted bounds. */
  padding: number;
  /** Device px per CSS px: the page's dpi / 96. */
  ratio: number;
  /** Draw the frame in tiles no wider or taller than this many device px (default: the WebGL canvas limit). */
  tilePx?: number;
}

export interface PrintFrame {
  /** Base64 PNG, no data: prefix. */
  png: string;
  width: number;
  height: number;
  /** The frame in WGS-84 [w, s, e, n]. */
  bounds: readonly [number, number, number, number];
  centerLat: number;
  zoom: number;
  /** Metres per CSS pixel at the frame centre. */
  metresPerPixel: number;
  /** The legend of what the frame shows, counted inside it. */
  legends: PrintLegend[];
  /** The basemap's own names drawn in the frame, once per label drawn. */
  basemapLabels: string[];
  /** KeTu's own names drawn in the frame, with their boxes. */
  mapLabels: ScreenLabel[];
}

export type KetuState = 'loading' | 'ready' | 'error';

/**
 * `window.__ketu`: what end-to-end tests and the CLI's headless PNG export read from the page.
 * - state: 'ready' once the open project's points are uploaded and a map frame with them has been
 *   drawn (deck.gl onAfterRender with the layer, then MapLibre 'idle'); with no project, once the
 *   empty map is drawn. 'loading' while a project or its points are in flight; 'error' when the
 *   page cannot reach the engine or the project failed to load.
 * - pointCount: places in the open project (0 without one).
 * - renderedPoints: places of the visible roles in the layer last drawn.
 * - exportPng(ratio, legend = true): the current view re-rendered at `ratio` device pixels per CSS
 *   pixel, with the legend unless told not to, as a base64 PNG (no data: prefix); the same capture the
 *   导出 PNG dialog uses.
 */
export interface KetuHook {
  state: KetuState;
  pointCount: number;
  renderedPoints: number;
  exportPng(ratio: number, legend?: boolean): Promise<string>;
  /**
   * Generations of deck.gl layer lists: `layersSet` counts overlay.setProps calls, `layersDrawn` is the
   * generation the last deck frame drew. The recolour benchmark waits for drawn === set after a change.
   */
  frames: { layersSet: number; layersDrawn: number };
  /**
   * The labels drawn now (after collision placement), each with the box it covers in CSS px of the map,
   * its text measured by the page's own canvas in the drawn font: a test checks that no two intersect.
   */
  labels(): ScreenLabel[];
  /**
   * Names of the basemap's own labels MapLibre drew (its collision boxes) meeting [x0, y0, x1, y1] in CSS px
   * of the map: under a KeTu label's box it is empty, the basemap names having made way.
   */
  basemapLabelsIn(box: [number, number, number, number]): string[];
  /**
   * The grouped place symbols (discs) deck.gl drew meeting [x0, y0, x1, y1] in CSS px of the map, found by
   * deck.gl's own picking: a ring's or an area's name finds none under it wherever its circle leaves room.
   */
  placeSymbolsIn(box: [number, number, number, number]): string[];
  /** Place ids a customer card highlights on the map ([] when none). */
  highlightedPlaces: number[];
  /** Draws a print page's template and filter, fits the camera, and captures the frame at the page's density. */
  printFrame(request: PrintFrameRequest): Promise<PrintFrame>;
}

export interface ScreenLabel {
  text: string;
  /** [x0, y0, x1, y1] in CSS px from the map's top-left corner. */
  box: [number, number, number, number];
}

let labelSource: () => ScreenLabel[] = () => [];
let basemapLabelQuery: (box: [number, number, number, number]) => string[] = () => [];
let symbolQuery: (box: [number, number, number, number]) => string[] = () => [];

/** The labels the map draws now, with their boxes in CSS px of the map. */
export function drawnLabels(): ScreenLabel[] {
  return labelSource();
}

/** The map view tells the hook how to list its drawn labels (replaced when a new map view mounts). */
export function setLabelSource(source: () => ScreenLabel[]): void {
  labelSource = source;
}

/** The map view tells the hook how to find the basemap's drawn labels in a box. */
export function setBasemapLabelQuery(query: (box: [number, number, number, number]) => string[]): void {
  basemapLabelQuery = query;
}

/** The map view tells the hook how to pick the place symbols drawn in a box. */
export function setPlaceSymbolQuery(query: (box: [number, number, number, number]) => string[]): void {
  symbolQuery = query;
}

declare global {
  interface Window {
    __ketu?: KetuHook;
  }
}

/** One long-lived object, mutated in place, so a test may hold a reference while it polls. */
export function installKetuHook(capture: (ratio: number, legend: boolean) => Promise<CapturedPng>, printFrame: (request: PrintFrameRequest) => Promise<PrintFrame>): KetuHook {
  const hook: KetuHook = {
    state: 'loading',
    pointCount: 0,
    renderedPoints: 0,
    exportPng: async (ratio, legend = true) => bytesToBase64((await capture(ratio, legend)).png),
    frames: { layersSet: 0, layersDrawn: 0 },
    labels: drawnLabels,
    basemapLabelsIn: (box) => basemapLabelQuery(box),
    placeSymbolsIn: (box) => symbolQuery(box),
    highlightedPlaces: [],
    printFrame,
  };
  window.__ketu = hook;
  return hook;
}

/** A customer card highlighted these places (or none). */
export function markHighlighted(placeIds: number[]): void {
  if (window.__ketu !== undefined) window.__ketu.highlightedPlaces = placeIds;
}

/** The map handed deck.gl a new layer list. */
export function markLayersSet(): void {
  const frames = window.__ketu?.frames;
  if (frames !== undefined) frames.layersSet++;
}

/** deck.gl finished a frame: it drew the latest layer list it was given. */
export function markLayersDrawn(): void {
  const frames = window.__ketu?.frames;
  if (frames !== undefined) frames.layersDrawn = frames.layersSet;
}
