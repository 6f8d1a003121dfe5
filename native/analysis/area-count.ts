import { bboxOf, pointInRing } from './geometry.js';
import type { Ring } from './geometry.js';

/** Places as parallel arrays, as the store reads them for counting. */
export interface CountablePlaces {
  count: number;
  lng: Float64Array;
  lat: Float64Array;
}

const CELL = 0.005; // degrees (~500 m): fine enough that most cells an area covers hold no edge of it (measured: 1 km cells 108×, 500 m 141×, 250 m 129× the scan)
const MAX_DENSE_CELLS = 1 << 22; // beyond this (places spread over a continent) the cells go into a Map

/** The cell of a coordinate. Points and edges go through the same monotone function, so a point on an edge always lands in a cell the edge is marked in. */
function cellOf(v: number): number {
  return Math.floor(v / CELL);
}

/**
 * A uniform grid over the places, bucketed once (a counting sort into one index array).
 * An area visits only the cells its box covers; a cell no edge of the area reaches is wholly inside or
 * wholly outside, so one point decides for all of it, and the cells an edge reaches test their points
 * against only the edges of their row. The answer is the plain scan's, point for point.
 */
export class PlaceGrid {
  private readonly minCx: number;
  private readonly minCy: number;
  private readonly cols: number;
  private readonly rows: number;
  /** Dense: slot = (cx - minCx) * rows + (cy - minCy). Sparse: the same number looked up in `sparse`. */
  private readonly sparse: Map<number, number> | null;
  private readonly start: Int32Array;
  private readonly order: Int32Array;

  constructor(private readonly places: CountablePlaces) {
    const n = places.count;
    const cx = new Int32Array(n);
    const cy = new Int32Array(n);
    const ok = new Uint8Array(n);
    let minCx = Infinity;
    let minCy = Infinity;
    let maxCx = -Infinity;
    let maxCy = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = places.lng[i] ?? NaN;
      const y = places.lat[i] ?? NaN;
      // A place without finite coordinates is inside no ring (pointInRing compares false), so it stays out of the grid.
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1e4 || Math.abs(y) > 1e4) continue;
      ok[i] = 1;
      const a = cellOf(x);
      const b = cellOf(y);
      cx[i] = a;
      cy[i] = b;
      if (a < minCx) minCx = a;
      if (a > maxCx) maxCx = a;
      if (b < minCy) minCy = b;
      if (b > maxCy) maxCy = b;
    }
    const empty = minCx === Infinity;
    this.minCx = empty ? 0 : minCx;
    this.minCy = empty ? 0 : minCy;
    this.cols = empty ? 0 : maxCx - minCx + 1;
    this.rows = empty ? 0 : maxCy - minCy + 1;
    const dense = this.cols * this.rows <= MAX_DENSE_CELLS;
    this.sparse = dense ? null : new Map();
    const slotOf = new Int32Array(n);
    let slots = dense ? this.cols * this.rows : 0;
    for (let i = 0; i < n; i++) {
      if (ok[i] === 0) continue;
      const key = ((cx[i] ?? 0) - this.minCx) * this.rows + ((cy[i] ?? 0) - this.minCy);
      if (this.sparse === null) slotOf[i] = key;
      else {
        let slot = this.sparse.get(key);
        if (slot === undefined) {
          slot = slots++;
          this.sparse.set(key, slot);
        }
        slotOf[i] = slot;
      }
    }
    // Counting sort by slot; stable, so each cell lists its places in index order as before.
    this.start = new Int32Array(slots + 1);
    for (let i = 0; i < n; i++) if (ok[i] === 1) bump(this.start, (slotOf[i] ?? 0) + 1, 1);
    for (let s = 0; s < slots; s++) bump(this.start, s + 1, this.start[s] ?? 0);
    const fill = this.start.slice(0, slots);
    this.order = new Int32Array(this.start[slots] ?? 0);
    for (let i = 0; i < n; i++) {
      if (ok[i] === 0) continue;
      const s = slotOf[i] ?? 0;
      this.order[bump(fill, s, 1) - 1] = i;
    }
  }

  private slot(cx: number, cy: number): number {
    if (cx < this.minCx || cy < this.minCy || cx >= this.minCx + this.cols || cy >= this.minCy + this.rows) return -1;
    const key = (cx - this.minCx) * this.rows + (cy - this.minCy);
    if (this.sparse === null) return key;
    return this.sparse.get(key) ?? -1;
  }

  /** Indexes of the places inside the ring, in the order the cells and places are stored. */
  inside(ring: Ring): number[] {
    const out: number[] = [];
    if (ring.length === 0 || this.cols === 0) return out;
    const [w, s, e, n] = bboxOf([ring]);
    const c0 = Math.max(cellOf(w), this.minCx);
    const c1 = Math.min(cellOf(e), this.minCx + this.cols - 1);
    const r0 = Math.max(cellOf(s), this.minCy);
    const r1 = Math.min(cellOf(n), this.minCy + this.rows - 1);
    if (c0 > c1 || r0 > r1) return out;
    const edges = prepareEdges(ring, c0, c1, r0, r1);
    const height = r1 - r0 + 1;
    for (let cx = c0; cx <= c1; cx++) {
      for (let cy = r0; cy <= r1; cy++) {
        const slot = this.slot(cx, cy);
        if (slot < 0) continue;
        const from = this.start[slot] ?? 0;
        const to = this.start[slot + 1] ?? 0;
        if (from === to) continue;
        const row = cy - r0;
        if (edges.boundary[(cx - c0) * height + row] === 0) {
          // No edge reaches this cell: one place decides for all of them.
          const first = this.order[from] ?? 0;
          if (edges.contains(this.places.lng[first] ?? 0, this.places.lat[first] ?? 0, row)) {
            for (let k = from; k < to; k++) out.push(this.order[k] ?? 0);
          }
          continue;
        }
        for (let k = from; k < to; k++) {
          const i = this.order[k] ?? 0;
          if (edges.contains(this.places.lng[i] ?? 0, this.places.lat[i] ?? 0, row)) out.push(i);
        }
      }
    }
    return out;
  }
}

/** Adds to one slot of a counting array and returns the new value. */
function bump(counts: Int32Array, at: number, by: number): number {
  const v = (counts[at] ?? 0) + by;
  counts[at] = v;
  return v;
}

/** A ring's edges for one query: which cells they reach, and per grid row the edges whose height spans it. */
interface PreparedEdges {
  boundary: Uint8Array;
  contains(x: number, y: number, row: number): boolean;
}

function prepareEdges(ring: Ring, c0: number, c1: number, r0: number, r1: number): PreparedEdges {
  const m = ring.length;
  const xi = new Float64Array(m);
  const yi = new Float64Array(m);
  const xj = new Float64Array(m);
  const yj = new Float64Array(m);
  const height = r1 - r0 + 1;
  const boundary = new Uint8Array((c1 - c0 + 1) * height);
  const rowCount = new Int32Array(height + 1);
  const rowSpan: [number, number][] = [];
  // The same edges pointInRing walks (i with the one before it, the closing pair included), in its order.
  for (let i = 0, j = m - 1; i < m; j = i++) {
    const a = ring[i] ?? [0, 0];
    const b = ring[j] ?? [0, 0];
    xi[i] = a[0];
    yi[i] = a[1];
    xj[i] = b[0];
    yj[i] = b[1];
    const ea = Math.max(cellOf(Math.min(a[0], b[0])), c0) - c0;
    const eb = Math.min(cellOf(Math.max(a[0], b[0])), c1) - c0;
    const ra = Math.max(cellOf(Math.min(a[1], b[1])), r0) - r0;
    const rb = Math.min(cellOf(Math.max(a[1], b[1])), r1) - r0;
    rowSpan.push([ra, rb]);
    for (let x = ea; x <= eb; x++) for (let y = ra; y <= rb; y++) boundary[x * height + y] = 1;
    for (let y = Math.max(ra, 0); y <= rb; y++) bump(rowCount, y + 1, 1);
  }
  for (let y = 0; y < height; y++) bump(rowCount, y + 1, rowCount[y] ?? 0);
  const fill = rowCount.slice(0, height);
  const rowEdges = new Int32Array(rowCount[height] ?? 0);
  for (let i = 0; i < m; i++) {
    const [ra, rb] = rowSpan[i] ?? [0, -1];
    for (let y = Math.max(ra, 0); y <= rb; y++) rowEdges[bump(fill, y, 1) - 1] = i;
  }
  return {
    boundary,
    // pointInRing's crossing test, term for term, over the edges that can straddle this row's heights.
    contains(x: number, y: number, row: number): boolean {
      let inside = false;
      for (let k = rowCount[row] ?? 0, end = rowCount[row + 1] ?? 0; k < end; k++) {
        const i = rowEdges[k] ?? 0;
        const y1 = yi[i] ?? 0;
        const y2 = yj[i] ?? 0;
        if (y1 > y !== y2 > y) {
          const x1 = xi[i] ?? 0;
          if (x < (((xj[i] ?? 0) - x1) * (y - y1)) / (y2 - y1) + x1) inside = !inside;
        }
      }
      return inside;
    },
  };
}

/** The plain loop the grid is measured against: every place against every area. */
export function insideByScan(places: CountablePlaces, ring: Ring): number[] {
  const out: number[] = [];
  for (let i = 0; i < places.count; i++) if (pointInRing(places.lng[i] ?? 0, places.lat[i] ?? 0, ring)) out.push(i);
  return out;
}
