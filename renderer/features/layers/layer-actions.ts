import type { LayerConfig } from '../../../native/contract/index.js';

/*
 * Every change to the layer list as a pure function from one list to the next. The history keeps the list
 * before and after, so each action's inverse is exact (excalidraw's actions, with snapshots for deltas:
 * a map has tens of layers, not thousands).
 */

/** Area layers (heat, hexagons, districts) go to the bottom so the points stay readable above them; others on top. */
export function addLayer(list: readonly LayerConfig[], layer: LayerConfig): LayerConfig[] {
  return areaTypes.has(layer.type) ? [layer, ...list] : [...list, layer];
}

const areaTypes = new Set<LayerConfig['type']>(['heatmap', 'hexagon', 'district-choropleth']);

export function removeLayer(list: readonly LayerConfig[], id: string): LayerConfig[] {
  return list.filter((l) => l.id !== id);
}

/** A copy right above the original, with a fresh id. */
export function duplicateLayer(list: readonly LayerConfig[], id: string, name: string): LayerConfig[] {
  const i = list.findIndex((l) => l.id === id);
  const source = list[i];
  if (source === undefined) return [...list];
  const ids = new Set(list.map((l) => l.id));
  let n = 2;
  while (ids.has(`${source.id}-${n}`)) n++;
  const copy: LayerConfig = { ...source, id: `${source.id}-${n}`, name };
  return [...list.slice(0, i + 1), copy, ...list.slice(i + 1)];
}

/** Moves a layer `delta` places in draw order (+1 = one step towards the top). */
export function moveLayer(list: readonly LayerConfig[], id: string, delta: number): LayerConfig[] {
  const i = list.findIndex((l) => l.id === id);
  const j = Math.max(0, Math.min(list.length - 1, i + delta));
  if (i < 0 || i === j) return [...list];
  const out = [...list];
  const [moved] = out.splice(i, 1);
  if (moved !== undefined) out.splice(j, 0, moved);
  return out;
}

/** Replaces a layer with `next` (the panel's property editor, rename, hide). */
export function replaceLayer(list: readonly LayerConfig[], next: LayerConfig): LayerConfig[] {
  return list.map((l) => (l.id === next.id ? next : l));
}
