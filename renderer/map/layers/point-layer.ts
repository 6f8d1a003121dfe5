import { ScatterplotLayer } from '@deck.gl/layers';
import type { LayerConfig, PlaceColumns } from '../../../native/contract/index.js';
import { deckId } from './layer-context.js';
import type { Rgb } from './layer-context.js';

/**
 * Per-place RGBA from a class per place: class -1 (or a hidden place) gets alpha 0, so a recolour or a
 * filter rebuilds this one small buffer and never the positions.
 */
export function classColors(shown: Uint8Array, classOfPlace: (i: number) => number, palette: readonly Rgb[]): Uint8Array {
  const out = new Uint8Array(shown.length * 4);
  for (let i = 0; i < shown.length; i++) {
    if (shown[i] !== 1) continue;
    const c = classOfPlace(i);
    const rgb = c < 0 ? undefined : palette[c];
    if (rgb === undefined) continue;
    const o = i * 4;
    out[o] = rgb[0];
    out[o + 1] = rgb[1];
    out[o + 2] = rgb[2];
    out[o + 3] = 255;
  }
  return out;
}

/** Counts of shown places per class (index = class; -1 not counted). */
export function classCounts(shown: Uint8Array, classOfPlace: (i: number) => number, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < shown.length; i++) {
    if (shown[i] !== 1) continue;
    const c = classOfPlace(i);
    if (c >= 0 && c < classes) counts[c] = (counts[c] ?? 0) + 1;
  }
  return counts;
}

/**
 * Points over binary attributes: positions are the columns' own typed array on every call, which deck.gl
 * recognises and does not upload again; only the colour (and radius) buffers change.
 */
export function pointsLayer(config: LayerConfig, columns: PlaceColumns, colors: Uint8Array, radiusPixels: number, radii: Float32Array | null = null): ScatterplotLayer {
  return new ScatterplotLayer({
    id: deckId(config, 'points'),
    data: {
      length: columns.count,
      attributes: {
        getPosition: { value: columns.positions, size: 2 },
        getFillColor: { value: colors, size: 4, normalized: true },
        ...(radii === null ? {} : { getRadius: { value: radii, size: 1 } }),
      },
    },
    opacity: config.opacity,
    radiusUnits: 'pixels',
    ...(radii === null ? { getRadius: radiusPixels } : {}),
    radiusMinPixels: 1,
    stroked: false,
    filled: true,
    pickable: false,
    updateTriggers: { getFillColor: colors, getRadius: radii ?? radiusPixels },
  });
}
