import type { Layer } from '@deck.gl/core';
import type { FieldColumn, LayerConfig, LayerType, PlaceColumns, PlaceFilter, PlaceRole, Site } from '../../../native/contract/index.js';
import { placeRoles } from '../../../native/contract/index.js';
import type { MessageKey } from '../../i18n/messages.js';
import { filterFieldNames, filterMask } from '../filter-mask.js';
import type { DistrictShapes } from './district-shapes.js';

export type Rgb = readonly [number, number, number];

/** The UI language and its translate function (i18n.tsx's, kept structural so these pure modules need no React). */
export type Lang = 'zh-CN' | 'en';
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Home→work (or any two roles) of the same customer: indices into the place columns, as `places.pairs` returns them. */
export interface PlacePairs {
  from: Uint32Array;
  to: Uint32Array;
}

/** Everything a layer type's pure functions read. Identity matters: a new object means "changed". */
export interface LayerContext {
  columns: PlaceColumns;
  fields: ReadonlyMap<string, FieldColumn>;
  /** 1 = the place passes the map's filter; null = no map filter. */
  mapMask: Uint8Array | null;
  sites: readonly Site[];
  /** The bundled 区县 boundaries, once loaded (null until then). */
  districts: DistrictShapes | null;
  /** Pairs by `pairKey(from, to)`, once loaded. */
  pairs: ReadonlyMap<string, PlacePairs>;
  lang: Lang;
  t: Translate;
}

/** One row of a layer's legend; `count` is how many places (or areas, see the label) it stands for. */
export interface LegendEntry {
  label: string;
  color: Rgb;
  count: number | null;
  shape: 'dot' | 'square' | 'line' | 'ring' | 'text';
}

export interface LayerNeeds {
  /** Field columns (places.field) the layer reads, its own filter's included. */
  fields: string[];
  /** Role pairs (places.pairs) the layer reads. */
  pairs: Array<[PlaceRole, PlaceRole]>;
}

/** A registry entry: how one layer type turns its config into deck.gl layers and a legend. */
export interface LayerTypeSpec<T extends LayerConfig> {
  type: T['type'];
  /** A new layer of this type, before the planner edits it. */
  defaults(id: string, name: string): T;
  render(config: T, ctx: LayerContext): Layer[];
  legend(config: T, ctx: LayerContext): LegendEntry[];
  needs(config: T): LayerNeeds;
  /** The places this layer draws as points (1 = drawn), for the visible-point count; absent for areas, heat and the like. */
  points?(config: T, ctx: LayerContext): Uint8Array;
}

export type ConfigOf<K extends LayerType> = Extract<LayerConfig, { type: K }>;

export function pairKey(from: PlaceRole, to: PlaceRole): string {
  return `${from}>${to}`;
}

/** deck.gl ids: unique per layer config and part, so deck keeps each one's GPU state across renders. */
export function deckId(config: LayerConfig, part: string): string {
  return `layer:${config.id}:${part}`;
}

/** The fields a layer's own filter reads, plus `extra`. */
export function needsFields(filter: PlaceFilter | undefined, ...extra: string[]): LayerNeeds {
  return { fields: [...new Set([...extra, ...filterFieldNames(filter)])], pairs: [] };
}

/**
 * Which places a point layer may draw: its roles, the map's filter and its own filter.
 * Everything else (colour, class) only chooses how a shown place looks.
 */
export function shownMask(ctx: LayerContext, roles: readonly PlaceRole[], filter: PlaceFilter | undefined): Uint8Array {
  // render, legend and the drawn-point count all ask for the same mask: compute it once per context.
  let cache = maskCache.get(ctx);
  if (cache === undefined) {
    cache = new Map();
    maskCache.set(ctx, cache);
  }
  const key = `${roles.join(',')}|${JSON.stringify(filter ?? null)}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const mask = computeShownMask(ctx, roles, filter);
  cache.set(key, mask);
  return mask;
}

const maskCache = new WeakMap<LayerContext, Map<string, Uint8Array>>();

function computeShownMask(ctx: LayerContext, roles: readonly PlaceRole[], filter: PlaceFilter | undefined): Uint8Array {
  const { count, roles: roleCodes } = ctx.columns;
  const roleOk = new Uint8Array(placeRoles.length);
  for (const r of roles) roleOk[placeRoles.indexOf(r)] = 1;
  const own = filterMask(count, ctx.fields, filter);
  const map = ctx.mapMask;
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = (roleOk[roleCodes[i] ?? 0] ?? 0) & (map === null ? 1 : (map[i] ?? 0)) & (own === null ? 1 : (own[i] ?? 0));
  }
  return out;
}

export function rgbCss([r, g, b]: Rgb): string {
  return `rgb(${r} ${g} ${b})`;
}
