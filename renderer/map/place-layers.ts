import { ScatterplotLayer } from '@deck.gl/layers';
import { placeRoles } from '../../native/contract/index.js';
import type { PlaceColumns, PlaceRole } from '../../native/contract/index.js';

export type Rgb = readonly [number, number, number];
export type RoleVisibility = Record<PlaceRole, boolean>;

/** Distinct at a glance and for common colour-blindness: blue homes, orange work, green leisure. */
export const roleColors: Record<PlaceRole, Rgb> = {
  home: [37, 99, 235],
  work: [234, 88, 12],
  leisure: [22, 163, 74],
};

export const PLACES_LAYER_ID = 'ketu-places';
const ALPHA = 220;

/** Counts per role code (0 home, 1 work, 2 leisure). */
export function countByRole(roles: Uint8Array): Record<PlaceRole, number> {
  const counts = [0, 0, 0];
  for (let i = 0; i < roles.length; i++) counts[roles[i] ?? 0] = (counts[roles[i] ?? 0] ?? 0) + 1;
  return { home: counts[0] ?? 0, work: counts[1] ?? 0, leisure: counts[2] ?? 0 };
}

/**
 * One RGBA per point from its role. Hidden roles get alpha 0, so a visibility toggle rebuilds this
 * one small buffer instead of filtering positions.
 */
export function buildFillColors(roles: Uint8Array, visible: RoleVisibility, colors: Record<PlaceRole, Rgb> = roleColors): Uint8Array {
  const table = new Uint8Array(placeRoles.length * 4);
  placeRoles.forEach((role, code) => {
    const [r, g, b] = colors[role];
    table.set([r, g, b, visible[role] ? ALPHA : 0], code * 4);
  });
  const out = new Uint8Array(roles.length * 4);
  for (let i = 0; i < roles.length; i++) {
    const t = (roles[i] ?? 0) * 4;
    const o = i * 4;
    out[o] = table[t] ?? 0;
    out[o + 1] = table[t + 1] ?? 0;
    out[o + 2] = table[t + 2] ?? 0;
    out[o + 3] = table[t + 3] ?? 0;
  }
  return out;
}

/** Points of visible roles inside [west, south, east, north]; a plain loop is a few ms for 1M points. */
export function countVisibleInBounds(columns: PlaceColumns, visible: RoleVisibility, bounds: readonly [number, number, number, number]): number {
  const [w, s, e, n] = bounds;
  const show = placeRoles.map((r) => visible[r]);
  const { positions, roles, count } = columns;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (show[roles[i] ?? 0] !== true) continue;
    const x = positions[2 * i] ?? NaN;
    const y = positions[2 * i + 1] ?? NaN;
    if (x >= w && x <= e && y >= s && y <= n) total++;
  }
  return total;
}

export interface PlacesLayerInput {
  columns: PlaceColumns;
  fillColors: Uint8Array;
  radiusPixels?: number;
}

/** The place points as one ScatterplotLayer over binary attributes: no per-feature JS objects. */
export function buildPlacesLayer({ columns, fillColors, radiusPixels = 3.5 }: PlacesLayerInput): ScatterplotLayer {
  return new ScatterplotLayer({
    id: PLACES_LAYER_ID,
    data: {
      length: columns.count,
      attributes: {
        getPosition: { value: columns.positions, size: 2 },
        getFillColor: { value: fillColors, size: 4, normalized: true },
      },
    },
    radiusUnits: 'pixels',
    getRadius: radiusPixels,
    radiusMinPixels: 1,
    stroked: false,
    filled: true,
    pickable: false,
    // The colour buffer is rebuilt on every visibility toggle; positions stay the same typed array.
    updateTriggers: { getFillColor: fillColors },
  });
}
