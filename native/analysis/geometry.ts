import { pointInRing } from '../contract/point-in-ring.js';

export { pointInRing };

/** Plane geometry on lng/lat for drawn areas and boundaries; areas are small enough that lng/lat is fine. */
export type Position = [number, number];
export type Ring = Position[];

const EARTH_RADIUS_M = 6_371_008.8;

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(x: number, y: number, rings: readonly (readonly Position[])[]): boolean {
  const [outer, ...holes] = rings;
  return outer !== undefined && pointInRing(x, y, outer) && !holes.some((h) => pointInRing(x, y, h));
}

/** The largest outer ring of a (multi)polygon's parts: a target area, or a district's outline on a map, is one ring. */
export function largestRing(polygons: readonly Ring[][]): Ring | null {
  let best: Ring | null = null;
  let bestArea = -1;
  for (const poly of polygons) {
    const outer = poly[0];
    if (outer === undefined) continue;
    let a = 0;
    for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) a += ((outer[j]?.[0] ?? 0) - (outer[i]?.[0] ?? 0)) * ((outer[j]?.[1] ?? 0) + (outer[i]?.[1] ?? 0));
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a);
      best = outer;
    }
  }
  return best;
}

export function bboxOf(rings: readonly (readonly Position[])[]): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const [x, y] of ring) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  }
  return box;
}

/** A closed ring around a centre at a radius in metres (spherical destination formula), counter-clockwise. */
export function circleRing(lng: number, lat: number, radiusM: number, segments = 64): Ring {
  const rad = Math.PI / 180;
  const d = radiusM / EARTH_RADIUS_M;
  const φ1 = lat * rad;
  const λ1 = lng * rad;
  const ring: Ring = [];
  for (let i = 0; i < segments; i++) {
    const θ = (2 * Math.PI * i) / segments;
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
    const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
    ring.push([λ2 / rad, φ2 / rad]);
  }
  ring.reverse(); // the formula walks clockwise from north; GeoJSON outer rings go counter-clockwise
  const first = ring[0];
  if (first !== undefined) ring.push([first[0], first[1]]);
  return ring;
}

/** Great-circle distance in metres. */
export function distanceM(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** Corners of a ring without its closing point and without repeated consecutive points. */
export function distinctCorners(ring: readonly Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (last === undefined || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

function cross(o: Position, a: Position, b: Position): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function segmentsCross(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const d1 = cross(q1, q2, p1);
  const d2 = cross(q1, q2, p2);
  const d3 = cross(p1, p2, q1);
  const d4 = cross(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const onSegment = (a: Position, b: Position, c: Position): boolean =>
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  return (d1 === 0 && onSegment(q1, q2, p1)) || (d2 === 0 && onSegment(q1, q2, p2)) || (d3 === 0 && onSegment(p1, p2, q1)) || (d4 === 0 && onSegment(p1, p2, q2));
}

/** Whether any two non-adjacent edges of the ring touch or cross (a bow-tie, a figure eight). */
export function selfIntersects(corners: readonly Position[]): boolean {
  const n = corners.length;
  for (let i = 0; i < n; i++) {
    const a1 = corners[i];
    const a2 = corners[(i + 1) % n];
    for (let j = i + 1; j < n; j++) {
      if (j === i || (j + 1) % n === i || (i + 1) % n === j) continue;
      const b1 = corners[j];
      const b2 = corners[(j + 1) % n];
      if (a1 === undefined || a2 === undefined || b1 === undefined || b2 === undefined) continue;
      if (segmentsCross(a1, a2, b1, b2)) return true;
    }
  }
  return false;
}
