import type { Layer } from '@deck.gl/core';
import type { LayerConfig, LayerType } from '../../../native/contract/index.js';
import { arcs } from './arcs.js';
import { districtChoropleth } from './district-choropleth.js';
import { heatmap } from './heatmap.js';
import { hexagon } from './hexagon.js';
import type { ConfigOf, LayerContext, LayerNeeds, LayerTypeSpec, LegendEntry } from './layer-context.js';
import { labels } from './labels.js';
import { placesField } from './places-field.js';
import { placesIndustry } from './places-industry.js';
import { placesRole } from './places-role.js';
import { sites } from './sites.js';

/** Every layer type, each with its pure render / legend / needs functions (kepler.gl's layer classes, as data). */
export const layerRegistry: { [K in LayerType]: LayerTypeSpec<ConfigOf<K>> } = {
  'places-role': placesRole,
  'places-industry': placesIndustry,
  'places-field': placesField,
  heatmap,
  hexagon,
  'district-choropleth': districtChoropleth,
  arcs,
  labels,
  sites,
};

/** The spec of a config's type, typed for that config (one cast, here, instead of one per call site). */
export function specOf<T extends LayerConfig>(config: T): LayerTypeSpec<T> {
  return layerRegistry[config.type] as unknown as LayerTypeSpec<T>;
}

/** Layer types that fill whole districts: drawn under every other layer whatever their place in the list. */
const underlays: ReadonlySet<LayerType> = new Set(['district-choropleth']);

/** Configs in drawing order (bottom first): underlays, then the rest as listed, so no district fill covers points. */
export function drawOrder<T extends LayerConfig>(configs: readonly T[]): T[] {
  return [...configs.filter((c) => underlays.has(c.type)), ...configs.filter((c) => !underlays.has(c.type))];
}

export function renderLayer(config: LayerConfig, ctx: LayerContext): Layer[] {
  return config.visible ? specOf(config).render(config, ctx) : [];
}

export function layerLegend(config: LayerConfig, ctx: LayerContext): LegendEntry[] {
  return specOf(config).legend(config, ctx);
}

/** What the visible layers read: field columns and role pairs to fetch before they can draw. */
export function layersNeeds(configs: readonly LayerConfig[]): LayerNeeds {
  const fields = new Set<string>();
  const pairs = new Map<string, LayerNeeds['pairs'][number]>();
  for (const c of configs) {
    if (!c.visible) continue;
    const n = specOf(c).needs(c);
    for (const f of n.fields) fields.add(f);
    for (const p of n.pairs) pairs.set(p.join('>'), p);
  }
  return { fields: [...fields].sort(), pairs: [...pairs.values()] };
}

/** Places drawn as points by any visible layer (1 = drawn): what the status bar and the test hook count. */
export function drawnPoints(configs: readonly LayerConfig[], ctx: LayerContext): Uint8Array {
  const out = new Uint8Array(ctx.columns.count);
  for (const c of configs) {
    if (!c.visible) continue;
    const mask = specOf(c).points?.(c, ctx);
    if (mask === undefined) continue;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) | (mask[i] ?? 0);
  }
  return out;
}

/** A new layer of a type with a fresh id not used by `existing`. */
export function newLayer(type: LayerType, name: string, existing: readonly LayerConfig[]): LayerConfig {
  const ids = new Set(existing.map((l) => l.id));
  let n = existing.length + 1;
  while (ids.has(`${type}-${n}`)) n++;
  return layerRegistry[type].defaults(`${type}-${n}`, name);
}
