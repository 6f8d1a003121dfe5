import type { SnappableContext, TerraDrawMouseEvent } from 'terra-draw';
import { toDisplay } from '../../native/contract/display-crs.js';
import type { DisplayCrs } from '../../native/contract/display-crs.js';

type Position = [number, number];

const CELL = 0.02; // degrees: a vertex search looks at the 3×3 cells around the pointer
const SNAP_PX = 14;

interface BoundaryFile {
  features: Array<{ geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] } }>;
}

/**
 * Snapping to 区县 boundaries: the nearest boundary corner of the bundled districts within a few pixels of the
 * pointer. The same file the basemap draws, fetched once when snapping is first switched on.
 */
export class DistrictSnapper {
  private readonly cells = new Map<string, Position[]>();
  private corners: Position[] = [];
  private indexed: DisplayCrs | null = null;
  private loading: Promise<void> | null = null;

  /** Resolves once the boundaries are indexed in `crs` (or could not be read: then nothing snaps). */
  load(crs: DisplayCrs): Promise<void> {
    this.loading ??= fetch(`${location.origin}/basemap/districts.geojson`)
      .then((r) => r.json() as Promise<BoundaryFile>)
      .then((data) => {
        for (const f of data.features) {
          const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
          for (const ring of polygons.flat()) for (const p of ring) this.corners.push([p[0] ?? 0, p[1] ?? 0]);
        }
      })
      .catch(() => {
        // Without the file there is simply nothing to snap to; drawing goes on unsnapped.
        this.loading = null;
      });
    return (this.loading ?? Promise.resolve()).then(() => this.index(crs));
  }

  /** Corners where the basemap draws them: shifted onto a GCJ-02 basemap. */
  private index(crs: DisplayCrs): void {
    if (this.indexed === crs) return;
    this.cells.clear();
    for (const [lng, lat] of this.corners) this.add(toDisplay(lng, lat, crs));
    this.indexed = crs;
  }

  private add(p: Position): void {
    const key = `${Math.floor(p[0] / CELL)}:${Math.floor(p[1] / CELL)}`;
    const list = this.cells.get(key);
    if (list === undefined) this.cells.set(key, [p]);
    else list.push(p);
  }

  snap(event: TerraDrawMouseEvent, ctx: SnappableContext): Position | undefined {
    const cx = Math.floor(event.lng / CELL);
    const cy = Math.floor(event.lat / CELL);
    let best: Position | undefined;
    let bestPx = SNAP_PX;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const p of this.cells.get(`${cx + dx}:${cy + dy}`) ?? []) {
          const { x, y } = ctx.project(p[0], p[1]);
          const d = Math.hypot(x - event.containerX, y - event.containerY);
          if (d < bestPx) {
            bestPx = d;
            best = p;
          }
        }
      }
    }
    return best;
  }
}
