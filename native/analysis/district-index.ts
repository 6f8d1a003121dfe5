import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bboxOf, pointInPolygon } from './geometry.js';
import type { Ring } from './geometry.js';

/** Where a point lies in China's divisions, from the bundled boundaries (district only where bundled). */
export interface Division {
  district: string | null;
  city: string | null;
  province: string | null;
}


interface Area {
  name: string;
  city: string | null;
  province: string | null;
  bbox: [number, number, number, number];
  polygons: Ring[][];
}

interface Feature {
  properties: { name: string; city?: string; province?: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

const CELL = 0.5; // degrees: a coarse grid so each point is tested against a handful of polygons only
/** Marks in the fine grid: an edge runs through the cell, or nothing is known yet. */
const EDGE = -1;
const UNKNOWN = 0;
/** Cells are widened by this much (degrees) when marking edges, so a cell without a mark is clear of every edge. */
const MARGIN = 1e-9;

/**
 * Areas by coarse cell, plus a fine grid (1/scale degrees; scale a power of two, so cells nest in the
 * coarse ones and a cell's number is exact) remembering, for each cell no edge crosses, which area
 * holds it: every point of such a cell lies in the same areas, so the first point's answer serves all.
 */
class GridIndex {
  private readonly cells = new Map<string, Area[]>();
  private readonly areas: Area[];
  private readonly scale: number;
  private readonly x0: number;
  private readonly y0: number;
  private readonly cols: number;
  private readonly rows: number;
  /** EDGE, UNKNOWN, or 1 + the area's index (areas.length + 1: no area). */
  private readonly known: Int16Array;

  constructor(areas: Area[], scale: number) {
    this.areas = areas;
    this.scale = scale;
    for (const a of areas) {
      for (let cx = Math.floor(a.bbox[0] / CELL); cx <= Math.floor(a.bbox[2] / CELL); cx++) {
        for (let cy = Math.floor(a.bbox[1] / CELL); cy <= Math.floor(a.bbox[3] / CELL); cy++) {
          const key = `${cx}:${cy}`;
          const list = this.cells.get(key) ?? [];
          list.push(a);
          this.cells.set(key, list);
        }
      }
    }
    const box = areas.reduce<[number, number, number, number]>((b, a) => [Math.min(b[0], a.bbox[0]), Math.min(b[1], a.bbox[1]), Math.max(b[2], a.bbox[2]), Math.max(b[3], a.bbox[3])], [Infinity, Infinity, -Infinity, -Infinity]);
    const empty = areas.length === 0;
    this.x0 = empty ? 0 : Math.floor(box[0] * scale);
    this.y0 = empty ? 0 : Math.floor(box[1] * scale);
    this.cols = empty ? 0 : Math.floor(box[2] * scale) - this.x0 + 1;
    this.rows = empty ? 0 : Math.floor(box[3] * scale) - this.y0 + 1;
    this.known = new Int16Array(this.cols * this.rows);
    for (const a of areas) for (const polygon of a.polygons) for (const ring of polygon) this.markEdges(ring);
  }

  find(x: number, y: number): Area | null {
    const cx = Math.floor(x * this.scale) - this.x0;
    const cy = Math.floor(y * this.scale) - this.y0;
    // Outside the grid (or not a number): no area's box holds the point, as the scan says too.
    if (!(cx >= 0 && cx < this.cols && cy >= 0 && cy < this.rows)) return this.scan(x, y);
    const cell = cy * this.cols + cx;
    const mark = this.known[cell] ?? EDGE;
    if (mark === EDGE) return this.scan(x, y);
    if (mark !== UNKNOWN) return this.areas[mark - 1] ?? null;
    const found = this.scan(x, y);
    this.known[cell] = found === null ? this.areas.length + 1 : this.areas.indexOf(found) + 1;
    return found;
  }

  /** The first area (in file order) whose polygon holds the point. */
  private scan(x: number, y: number): Area | null {
    for (const a of this.cells.get(`${Math.floor(x / CELL)}:${Math.floor(y / CELL)}`) ?? []) {
      if (x < a.bbox[0] || x > a.bbox[2] || y < a.bbox[1] || y > a.bbox[3]) continue;
      if (a.polygons.some((p) => pointInPolygon(x, y, p))) return a;
    }
    return null;
  }

  /** Every cell an edge's box (widened by MARGIN) touches can hold points on both sides of it. */
  private markEdges(ring: Ring): void {
    // The same edges as pointInRing walks, the closing one included.
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[j] ?? [0, 0];
      const [bx, by] = ring[i] ?? [0, 0];
      const left = Math.max(0, Math.floor((Math.min(ax, bx) - MARGIN) * this.scale) - this.x0);
      const right = Math.min(this.cols - 1, Math.floor((Math.max(ax, bx) + MARGIN) * this.scale) - this.x0);
      const bottom = Math.max(0, Math.floor((Math.min(ay, by) - MARGIN) * this.scale) - this.y0);
      const top = Math.min(this.rows - 1, Math.floor((Math.max(ay, by) + MARGIN) * this.scale) - this.y0);
      for (let cy = bottom; cy <= top; cy++) this.known.fill(EDGE, cy * this.cols + left, cy * this.cols + right + 1);
    }
  }
}

function load(resourcesDir: string, file: string): Area[] {
  const data = JSON.parse(readFileSync(join(resourcesDir, 'basemap', file), 'utf8')) as { features: Feature[] };
  return data.features.map((f) => {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const bbox = bboxOf(polygons.map((p) => p[0] ?? []));
    return { name: f.properties.name, city: f.properties.city ?? null, province: f.properties.province ?? null, bbox, polygons };
  });
}

export interface DivisionIndex {
  /** Point-in-polygon against the bundled 区县 (四省市) and 城市 (all China) boundaries. */
  divisionOf(lng: number, lat: number): Division;
  /** The bundled 区县 boundaries themselves (机会战场 by district). */
  districtShapes(): ReadonlyArray<{ name: string; polygons: Ring[][] }>;
}

const indexes = new Map<string, DivisionIndex>();

/** The boundaries of one resources folder, read on first use and shared by every engine in the process. */
export function divisionIndex(resourcesDir: string): DivisionIndex {
  const known = indexes.get(resourcesDir);
  if (known !== undefined) return known;
  let districtIndex: GridIndex | null = null;
  // Read only when a point lies outside every bundled district: most sheets never need it.
  let cityIndex: GridIndex | null = null;
  let shapes: Array<{ name: string; polygons: Ring[][] }> | null = null;
  const index: DivisionIndex = {
    divisionOf(lng, lat) {
      // Fine cells of 1/64° (~1.6 km) over the four provinces, 1/16° over China (cities are larger).
      districtIndex ??= new GridIndex(load(resourcesDir, 'districts.geojson'), 64);
      const district = districtIndex.find(lng, lat);
      if (district !== null) return { district: district.name, city: district.city, province: district.province };
      cityIndex ??= new GridIndex(load(resourcesDir, 'cities.geojson'), 16);
      const city = cityIndex.find(lng, lat);
      return { district: null, city: city?.name ?? null, province: city?.province ?? null };
    },
    districtShapes() {
      shapes ??= load(resourcesDir, 'districts.geojson').map((a) => ({ name: a.name, polygons: a.polygons }));
      return shapes;
    },
  };
  indexes.set(resourcesDir, index);
  return index;
}
