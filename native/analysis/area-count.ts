import { bboxOf, pointInRing } from './geometry.js';
import type { Ring } from './geometry.js';

/** Places as parallel arrays, as the store reads them for counting. */
export interface CountablePlaces {
  count: number;
  lng: Float64Array;
  lat: Float64Array;
}

const CELL = 0.01; // degrees (~1 km): small enough that a cell's points are mostly inside or outside an area

/** A uniform grid over the places: an area looks only at the cells its bounding box covers. */
export class PlaceGrid {
  private readonly cells = new Map<number, number[]>();

  constructor(private readonly places: CountablePlaces) {
    for (let i = 0; i < places.count; i++) {
      const key = this.key(Math.floor((places.lng[i] ?? 0) / CELL), Math.floor((places.lat[i] ?? 0) / CELL));
      const list = this.cells.get(key);
      if (list === undefined) this.cells.set(key, [i]);
      else list.push(i);
    }
  }

  private key(cx: number, cy: number): number {
    return cx * 100_000 + cy;
  }

  /** Indexes of the places inside the ring. */
  inside(ring: Ring): number[] {
    const [w, s, e, n] = bboxOf([ring]);
    const out: number[] = [];
    for (let cx = Math.floor(w / CELL); cx <= Math.floor(e / CELL); cx++) {
      for (let cy = Math.floor(s / CELL); cy <= Math.floor(n / CELL); cy++) {
        for (const i of this.cells.get(this.key(cx, cy)) ?? []) {
          const x = this.places.lng[i] ?? 0;
          const y = this.places.lat[i] ?? 0;
          if (x >= w && x <= e && y >= s && y <= n && pointInRing(x, y, ring)) out.push(i);
        }
      }
    }
    return out;
  }
}

/** The plain loop the grid is measured against: every place against every area. */
export function insideByScan(places: CountablePlaces, ring: Ring): number[] {
  const out: number[] = [];
  for (let i = 0; i < places.count; i++) if (pointInRing(places.lng[i] ?? 0, places.lat[i] ?? 0, ring)) out.push(i);
  return out;
}
