import type { Layer } from '@deck.gl/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LayerConfig, PlaceColumns } from '../../../native/contract/index.js';
import { loadDistrictShapes } from './district-shapes.js';
import type { DistrictShapes } from './district-shapes.js';
import type { LayerContext, LegendEntry } from './layer-context.js';
import { drawnPoints, drawOrder, layerLegend, renderLayer, specOf } from './registry.js';

export interface LayerLegend {
  config: LayerConfig;
  entries: LegendEntry[];
}

export interface LayerStack {
  /** deck.gl layers of the visible configs, bottom first. */
  deckLayers: Layer[];
  legends: LayerLegend[];
  /** Places drawn as points by any visible layer (null without columns). */
  drawn: Uint8Array | null;
  drawnCount: number;
}

interface Memo {
  config: LayerConfig;
  ctx: LayerContext;
  layers: Layer[];
  legend: LegendEntry[] | null;
}

/**
 * Whether a layer reads the same inputs in both contexts. The context changes whenever any field column
 * arrives; a layer that does not read that column keeps its buffers (at 1M points, a colour pass each).
 */
export function sameInputs(config: LayerConfig, a: LayerContext, b: LayerContext): boolean {
  if (a === b) return true;
  if (a.columns !== b.columns || a.mapMask !== b.mapMask || a.sites !== b.sites || a.districts !== b.districts || a.lang !== b.lang || a.t !== b.t) return false;
  const needs = specOf(config).needs(config);
  if (needs.pairs.length > 0 && a.pairs !== b.pairs) return false;
  return needs.fields.every((f) => a.fields.get(f) === b.fields.get(f));
}

/** The same layer objects in the same order: deck.gl would draw this list exactly as the other. */
export function sameLayerList(a: readonly Layer[], b: readonly Layer[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/**
 * The registry's output for a list of configs. Each layer is recomputed only when its own config or the
 * inputs it reads changed, so editing one layer leaves the others' buffers (and GPU state) untouched.
 */
export function useLayerStack(configs: readonly LayerConfig[] | null, ctx: LayerContext | null): LayerStack {
  const memo = useRef(new Map<string, Memo>());
  const lastLayers = useRef<Layer[]>([]);
  return useMemo(() => {
    if (configs === null || ctx === null) return { deckLayers: [], legends: [], drawn: null, drawnCount: 0 };
    const next = new Map<string, Memo>();
    const deckLayers: Layer[] = [];
    const legends: LayerLegend[] = [];
    for (const config of drawOrder(configs)) {
      let m = memo.current.get(config.id);
      if (m === undefined || m.config !== config || !sameInputs(config, m.ctx, ctx)) m = { config, ctx, layers: renderLayer(config, ctx), legend: null };
      else m.ctx = ctx;
      if (config.visible) {
        m.legend ??= layerLegend(config, ctx);
        legends.push({ config, entries: m.legend });
      }
      next.set(config.id, m);
      deckLayers.push(...m.layers);
    }
    memo.current = next;
    // The same layers in a new array would still cost deck.gl a full frame (seconds at 1M points on a
    // software GPU) when a column no layer reads arrives, e.g. as the filter popover opens.
    if (!sameLayerList(lastLayers.current, deckLayers)) lastLayers.current = deckLayers;
    const drawn = drawnPoints(configs, ctx);
    let drawnCount = 0;
    for (const v of drawn) drawnCount += v;
    return { deckLayers: lastLayers.current, legends, drawn, drawnCount };
  }, [configs, ctx]);
}

/** The 区县 boundaries, fetched once some visible layer needs them. */
export function useDistrictShapes(needed: boolean): DistrictShapes | null {
  const [shapes, setShapes] = useState<DistrictShapes | null>(null);
  useEffect(() => {
    if (!needed || shapes !== null) return;
    let alive = true;
    loadDistrictShapes(location.origin)
      .then((s) => {
        if (alive) setShapes(s);
      })
      .catch(() => {
        // The choropleth stays empty; the rest of the map is unaffected.
      });
    return () => {
      alive = false;
    };
  }, [needed, shapes]);
  return shapes;
}

/** Drawn places inside [west, south, east, north]: the status bar's visible count. */
export function countDrawnInBounds(columns: PlaceColumns, drawn: Uint8Array, bounds: readonly [number, number, number, number]): number {
  const [w, s, e, n] = bounds;
  const { positions, count } = columns;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (drawn[i] !== 1) continue;
    const x = positions[2 * i] ?? NaN;
    const y = positions[2 * i + 1] ?? NaN;
    if (x >= w && x <= e && y >= s && y <= n) total++;
  }
  return total;
}
