import { ScatterplotLayer } from '@deck.gl/layers';
import { placeRoles } from '../../../native/contract/index.js';
import type { LayerConfig, PlaceColumns, PlaceRole } from '../../../native/contract/index.js';
import { deckId } from './layer-context.js';
import { setPickResolver } from './pick-places.js';
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

interface RoleSubset {
  positions: Float32Array;
  /** Index in the columns of each point of the subset. */
  index: Uint32Array;
}

// Per columns array (display columns included), per set of roles: computed once, so the positions a
// layer uploads stay the same array through every recolour and filter.
const subsets = new WeakMap<Float32Array, Map<string, RoleSubset>>();

/**
 * The points of some roles only: three role layers over all the places would each draw every point
 * (hidden ones with alpha 0), tripling the GPU work of the first frame; each draws its own instead.
 */
function roleSubset(columns: PlaceColumns, roles: readonly PlaceRole[]): RoleSubset | null {
  if (placeRoles.every((r) => roles.includes(r))) return null;
  const codes = placeRoles.map((r) => roles.includes(r));
  const key = codes.map((c) => (c ? '1' : '0')).join('');
  let byRoles = subsets.get(columns.positions);
  if (byRoles === undefined) {
    byRoles = new Map();
    subsets.set(columns.positions, byRoles);
  }
  const known = byRoles.get(key);
  if (known !== undefined) return known;
  let n = 0;
  for (let i = 0; i < columns.count; i++) if (codes[columns.roles[i] ?? 0] === true) n++;
  const index = new Uint32Array(n);
  const positions = new Float32Array(2 * n);
  let k = 0;
  for (let i = 0; i < columns.count; i++) {
    if (codes[columns.roles[i] ?? 0] !== true) continue;
    index[k] = i;
    positions[2 * k] = columns.positions[2 * i] ?? 0;
    positions[2 * k + 1] = columns.positions[2 * i + 1] ?? 0;
    k++;
  }
  const subset = { positions, index };
  byRoles.set(key, subset);
  return subset;
}

function pick<T extends Uint8Array | Float32Array>(values: T, index: Uint32Array, size: number, make: (n: number) => T): T {
  const out = make(index.length * size);
  for (let k = 0; k < index.length; k++) {
    const i = (index[k] ?? 0) * size;
    for (let j = 0; j < size; j++) out[k * size + j] = values[i + j] ?? 0;
  }
  return out;
}

// One attribute object per positions array: deck.gl compares the object, not the array inside it, so a
// new `{value, size}` each render re-uploads every position (8 MB at 1M places) on a mere recolour.
const positionAttributes = new WeakMap<Float32Array, { value: Float32Array; size: 2 }>();

/** The `getPosition` binary attribute of a positions array, the same object every time it is asked. */
export function positionAttribute(positions: Float32Array): { value: Float32Array; size: 2 } {
  let attribute = positionAttributes.get(positions);
  if (attribute === undefined) {
    attribute = { value: positions, size: 2 };
    positionAttributes.set(positions, attribute);
  }
  return attribute;
}

/**
 * Points over binary attributes: positions are the same typed array on every call (the columns' own, or
 * the cached subset of the layer's roles), which deck.gl recognises and does not upload again; only the
 * colour (and radius) buffers change.
 */
export function pointsLayer(config: LayerConfig & { roles: readonly PlaceRole[] }, columns: PlaceColumns, colors: Uint8Array, radiusPixels: number, radii: Float32Array | null = null): ScatterplotLayer {
  const subset = roleSubset(columns, config.roles);
  const positions = subset === null ? columns.positions : subset.positions;
  const fill = subset === null ? colors : pick(colors, subset.index, 4, (n) => new Uint8Array(n));
  const sizes = subset === null || radii === null ? radii : pick(radii, subset.index, 1, (n) => new Float32Array(n));
  // Only a shown place answers a hover or click (hidden ones are drawn with alpha 0).
  setPickResolver(deckId(config, 'points'), (k) => {
    const i = subset === null ? k : (subset.index[k] ?? -1);
    return i >= 0 && (colors[4 * i + 3] ?? 0) > 0 ? [i] : [];
  });
  return new ScatterplotLayer({
    id: deckId(config, 'points'),
    data: {
      length: positions.length / 2,
      attributes: {
        getPosition: positionAttribute(positions),
        getFillColor: { value: fill, size: 4, normalized: true },
        ...(sizes === null ? {} : { getRadius: { value: sizes, size: 1 } }),
      },
    },
    opacity: config.opacity,
    radiusUnits: 'pixels',
    ...(sizes === null ? { getRadius: radiusPixels } : {}),
    radiusMinPixels: 1,
    stroked: false,
    filled: true,
    pickable: true,
    updateTriggers: { getFillColor: fill, getRadius: sizes ?? radiusPixels },
  });
}
