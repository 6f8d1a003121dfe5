import { ScatterplotLayer } from '@deck.gl/layers';
import type { PlaceColumns, PlaceRole } from '../../native/contract/index.js';

export type Rgb = readonly [number, number, number];

/** Distinct at a glance and for common colour-blindness: blue homes, orange work, green leisure. */
export const roleColors: Record<PlaceRole, Rgb> = {
  home: [37, 99, 235],
  work: [234, 88, 12],
  leisure: [22, 163, 74],
};

/** Counts per role code (0 home, 1 work, 2 leisure); with a filter mask, of the places that pass it. */
export function countByRole(roles: Uint8Array, mask: Uint8Array | null = null): Record<PlaceRole, number> {
  const counts = [0, 0, 0];
  for (let i = 0; i < roles.length; i++) if (mask === null || mask[i] === 1) counts[roles[i] ?? 0] = (counts[roles[i] ?? 0] ?? 0) + 1;
  return { home: counts[0] ?? 0, work: counts[1] ?? 0, leisure: counts[2] ?? 0 };
}

/** The highlight of a ranking row: fuchsia, a colour no role, site or basemap feature uses. */
export const highlightColor: Rgb = [217, 70, 239];
export const HIGHLIGHT_LAYER_ID = 'ketu-highlight';

/** Points picked out of the columns: their own position array, so the full layer stays untouched. */
export interface HighlightPoints {
  positions: Float32Array;
  count: number;
}

/**
 * Indices into the columns of the given place ids (ids unknown to the columns are skipped). Column ids come
 * sorted from the engine, so a binary search avoids a million-entry Map; unsorted ids fall back to one.
 */
export function indicesOfIds(columnIds: Uint32Array, ids: Uint32Array): number[] {
  let sorted = true;
  for (let i = 1; i < columnIds.length && sorted; i++) sorted = (columnIds[i - 1] ?? 0) < (columnIds[i] ?? 0);
  const out: number[] = [];
  if (sorted) {
    for (const id of ids) {
      let lo = 0;
      let hi = columnIds.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = columnIds[mid] ?? 0;
        if (v === id) {
          out.push(mid);
          break;
        }
        if (v < id) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return out;
  }
  const index = new Map<number, number>();
  columnIds.forEach((id, i) => index.set(id, i));
  for (const id of ids) {
    const i = index.get(id);
    if (i !== undefined) out.push(i);
  }
  return out;
}

/** The highlighted points' positions and their [w, s, e, n], or null bounds when none has a position. */
export function pickHighlight(columns: PlaceColumns, indices: readonly number[]): { points: HighlightPoints; bounds: [number, number, number, number] | null } {
  const positions = new Float32Array(indices.length * 2);
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  indices.forEach((idx, k) => {
    const x = columns.positions[2 * idx] ?? NaN;
    const y = columns.positions[2 * idx + 1] ?? NaN;
    positions[2 * k] = x;
    positions[2 * k + 1] = y;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
  });
  return { points: { positions, count: indices.length }, bounds: w <= e ? [w, s, e, n] : null };
}

/** Larger fuchsia discs with a white ring, drawn above every other layer so a row's places stand out. */
export function buildHighlightLayer(points: HighlightPoints): ScatterplotLayer {
  const [r, g, b] = highlightColor;
  return new ScatterplotLayer({
    id: HIGHLIGHT_LAYER_ID,
    data: { length: points.count, attributes: { getPosition: { value: points.positions, size: 2 } } },
    radiusUnits: 'pixels',
    getRadius: 7,
    stroked: true,
    filled: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
    getFillColor: [r, g, b, 255],
    getLineColor: [255, 255, 255, 255],
    pickable: false,
  });
}
