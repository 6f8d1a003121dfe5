import type { Opportunity } from '../contract/methods.js';
import { nameCells } from './cell-names.js';
import type { KnownPlace } from './cell-names.js';
import type { Division } from './district-index.js';
import { distanceM, pointInPolygon } from './geometry.js';
import type { Position, Ring } from './geometry.js';

const M_PER_DEG_LAT = 111_320;

export interface OpportunityQuery {
  center: Position;
  radiusM: number;
  maxCount: number;
  /** Cells (districts) nearer 本案 than this are not worth a separate visit. */
  minDistanceM: number;
  /** The population proxy: fewer known communities than this and nobody much lives there. */
  minCommunities: number;
}

/** What names a cell and tells whether people live there. */
export interface OpportunityContext {
  divisionOf(lng: number, lat: number): Division;
  /** Places known by name, for the cell names. */
  known: readonly KnownPlace[];
  /** Known residential communities, the population proxy. */
  communities: readonly KnownPlace[];
}

/**
 * 机会战场 on a grid: square cells of `cellM` metres laid out from 本案 (which sits at the centre of cell 0,0,
 * left out), those whose centre lies within the radius and at least `minDistanceM` away, holding at most
 * `maxCount` places and at least `minCommunities` known communities; nearest first, named by district and
 * nearest known place.
 */
export function gridOpportunities(places: { count: number; lng: Float64Array; lat: Float64Array }, q: OpportunityQuery & { cellM: number }, ctx: OpportunityContext): Opportunity[] {
  const [lng0, lat0] = q.center;
  const dLat = q.cellM / M_PER_DEG_LAT;
  const dLng = q.cellM / (M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180));
  const reach = Math.ceil(q.radiusM / q.cellM);
  const cellOf = (lng: number, lat: number): [number, number] => [Math.round((lat - lat0) / dLat), Math.round((lng - lng0) / dLng)];
  const tally = (points: Iterable<[number, number]>): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const [lng, lat] of points) {
      const [row, col] = cellOf(lng, lat);
      if (Math.abs(col) > reach || Math.abs(row) > reach) continue;
      const key = `${row},${col}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  };
  const counts = tally(
    (function* () {
      for (let i = 0; i < places.count; i++) yield [places.lng[i] ?? 0, places.lat[i] ?? 0] as [number, number];
    })(),
  );
  const communities = tally(ctx.communities.map((c) => [c.lng, c.lat] as [number, number]));
  const kept: Array<Omit<Opportunity, 'label' | 'district' | 'nearest'>> = [];
  for (let row = -reach; row <= reach; row++) {
    for (let col = -reach; col <= reach; col++) {
      if (row === 0 && col === 0) continue;
      const center: Position = [lng0 + col * dLng, lat0 + row * dLat];
      const distance = distanceM(q.center, center);
      if (distance > q.radiusM || distance < q.minDistanceM) continue;
      const key = `${row},${col}`;
      const count = counts.get(key) ?? 0;
      const known = communities.get(key) ?? 0;
      if (count > q.maxCount || known < q.minCommunities) continue;
      const [w, e, s, n] = [center[0] - dLng / 2, center[0] + dLng / 2, center[1] - dLat / 2, center[1] + dLat / 2];
      const ring: Ring = [[w, s], [e, s], [e, n], [w, n], [w, s]];
      kept.push({ kind: 'grid', key, center, distanceM: Math.round(distance), count, communities: known, ring });
    }
  }
  kept.sort((a, b) => a.distanceM - b.distanceM || a.count - b.count);
  const names = nameCells(kept.map((c) => c.center), ctx.divisionOf, ctx.known);
  return kept.map((c, i) => ({ ...c, label: names[i]?.label ?? c.key, district: names[i]?.district ?? null, nearest: names[i]?.nearest ?? null }));
}

export interface DistrictShape {
  name: string;
  polygons: Ring[][];
}

/**
 * 机会战场 by district: districts within the radius (by their nearest boundary corner, or containing 本案)
 * and at least `minDistanceM` away, whose place count is at most `maxCount` and which hold at least
 * `minCommunities` known communities; nearest first.
 */
export function districtOpportunities(districts: readonly DistrictShape[], countOf: (name: string) => number, q: OpportunityQuery, communities: readonly KnownPlace[]): Opportunity[] {
  const out: Opportunity[] = [];
  for (const d of districts) {
    const inside = d.polygons.some((p) => pointInPolygon(q.center[0], q.center[1], p));
    let nearest = Infinity;
    if (!inside) for (const p of d.polygons) for (const c of p[0] ?? []) nearest = Math.min(nearest, distanceM(q.center, c));
    const distance = inside ? 0 : nearest;
    if (distance > q.radiusM || distance < q.minDistanceM) continue;
    const count = countOf(d.name);
    if (count > q.maxCount) continue;
    const known = communities.filter((c) => d.polygons.some((p) => pointInPolygon(c.lng, c.lat, p))).length;
    if (known < q.minCommunities) continue;
    // The largest part stands for the district when it becomes an area (islands are left out).
    const outer = d.polygons.map((p) => p[0] ?? []).reduce((a, b) => (b.length > a.length ? b : a), []);
    const center: Position = [outer.reduce((s, p) => s + p[0], 0) / Math.max(1, outer.length), outer.reduce((s, p) => s + p[1], 0) / Math.max(1, outer.length)];
    out.push({ kind: 'district', key: d.name, label: d.name, district: d.name, nearest: null, center, distanceM: Math.round(distance), count, communities: known, ring: outer });
  }
  return out.sort((a, b) => a.distanceM - b.distanceM || a.count - b.count);
}
