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

/** A drawn circle target area (辐射区 rings among them), in display coordinates and the colour it is drawn in. */
export interface DrawnCircle {
  name: string;
  lng: number;
  lat: number;
  radiusM: number;
  color: Rgb;
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
  /** The circle areas drawn on the map: the site layer's rings that one of them already draws are not drawn twice. */
  circles: readonly DrawnCircle[];
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
  /** A size key's disc (grouped symbols): its radius relative to the largest row's, 0–1. */
  size?: number;
}

export interface LayerNeeds {
  /** Field columns (places.field) the layer reads, its own filter's included. */
  fields: string[];
  /** Role pairs (places.pairs) the layer reads. */
  pairs: Array<[PlaceRole, PlaceRole]>;
}

/**
 * One property control of a layer type (kepler.gl's visualChannels): what the properties editor draws for
 * `prop` of the config. Number ranges and enum options are read from the contract's schema (controls.ts),
 * so the editor can never offer a value the project file refuses. `key` names the control's data-testid
 * (`prop-<key>`, checkboxes `prop-<key>-<value>`).
 */
export type LayerControl<T extends LayerConfig = LayerConfig> =
  | { kind: 'slider'; prop: keyof T & string; key: string; label: MessageKey; min: number; max: number; step: number; scale: number }
  | { kind: 'integer'; prop: keyof T & string; key: string; label: MessageKey; min: number; max: number }
  | { kind: 'select'; prop: keyof T & string; key: string; label: MessageKey; options: readonly string[]; optionLabel: OptionLabel }
  | { kind: 'checks'; prop: keyof T & string; key: string; label: MessageKey; options: readonly string[]; optionLabel: OptionLabel }
  /** A field of the open project (`places.fields`); `numbers`: number and date fields only; `nullable`: offers 无. */
  | { kind: 'field'; prop: keyof T & string; key: string; label: MessageKey; numbers: boolean; nullable: boolean }
  /** A list of numbers typed as text ("1, 3, 5"), kept only when the schema accepts it. */
  | { kind: 'numbers'; prop: keyof T & string; key: string; label: MessageKey; parse(text: string): number[] | null };

/** How a select or checkbox option reads in the UI language; `place-field`: the option is a place field, named as everywhere else. */
export type OptionLabel = ((value: string, t: Translate, lang: Lang) => string) | 'place-field';

/** A registry entry: how one layer type turns its config into deck.gl layers and a legend. */
export interface LayerTypeSpec<T extends LayerConfig> {
  type: T['type'];
  /** The type's own property controls, top to bottom (opacity and the layer's filter are common to all). */
  controls: ReadonlyArray<LayerControl<T>>;
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
