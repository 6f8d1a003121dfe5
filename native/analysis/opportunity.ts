import type { Opportunity } from '../contract/methods.js';
import { distanceM, pointInPolygon } from './geometry.js';
import type { Position, Ring } from './geometry.js';

const M_PER_DEG_LAT = 111_320;

export interface OpportunityQuery {
  center: Position;
  radiusM: number;
  maxCount: number;
}

/**
 * 机会战场 on a grid: square cells of `cellM` metres laid out from 本案 (which sits at the centre of cell 0,0),
 * those whose centre lies within the radius and which hold at most `maxCount` places; nearest first.
 */
export function gridOpportunities(places: { count: number; lng: Float64Array; lat: Float64Array }, q: OpportunityQuery & { cellM: number }): Opportunity[] {
  const [lng0, lat0] = q.center;
  const dLat = q.cellM / M_PER_DEG_LAT;
  const dLng = q.cellM / (M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180));
  const reach = Math.ceil(q.radiusM / q.cellM);
  const counts = new Map<string, number>();
  for (let i = 0; i < places.count; i++) {
    const col = Math.round(((places.lng[i] ?? 0) - lng0) / dLng);
    const row = Math.round(((places.lat[i] ?? 0) - lat0) / dLat);
    if (Math.abs(col) > reach || Math.abs(row) > reach) continue;
    const key = `${row},${col}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out: Opportunity[] = [];
  for (let row = -reach; row <= reach; row++) {
    for (let col = -reach; col <= reach; col++) {
      const center: Position = [lng0 + col * dLng, lat0 + row * dLat];
      const distance = distanceM(q.center, center);
      if (distance > q.radiusM) continue;
      const key = `${row},${col}`;
      const count = counts.get(key) ?? 0;
      if (count > q.maxCount) continue;
      const [w, e, s, n] = [center[0] - dLng / 2, center[0] + dLng / 2, center[1] - dLat / 2, center[1] + dLat / 2];
      const ring: Ring = [[w, s], [e, s], [e, n], [w, n], [w, s]];
      out.push({ kind: 'grid', key, label: cellLabel(row, col, q.cellM), center, distanceM: Math.round(distance), count, ring });
    }
  }
  return out.sort((a, b) => a.distanceM - b.distanceM || a.count - b.count);
}

/** Where a cell lies from 本案, as a planner would say it: 东2北1, in cells (kilometres for the usual 1 km cells). */
function cellLabel(row: number, col: number, cellM: number): string {
  const step = (n: number, pos: string, neg: string): string => (n === 0 ? '' : `${n > 0 ? pos : neg}${Math.abs(n)}`);
  const where = `${step(col, '东', '西')}${step(row, '北', '南')}` || '本案';
  return cellM === 1000 ? where : `${where}（${cellM >= 1000 ? `${cellM / 1000}公里` : `${cellM}米`}格）`;
}

export interface DistrictShape {
  name: string;
  polygons: Ring[][];
}

/**
 * 机会战场 by district: districts within the radius (by their nearest boundary corner, or containing 本案)
 * whose place count is at most `maxCount`; nearest first.
 */
export function districtOpportunities(districts: readonly DistrictShape[], countOf: (name: string) => number, q: OpportunityQuery): Opportunity[] {
  const out: Opportunity[] = [];
  for (const d of districts) {
    const inside = d.polygons.some((p) => pointInPolygon(q.center[0], q.center[1], p));
    let nearest = Infinity;
    if (!inside) for (const p of d.polygons) for (const c of p[0] ?? []) nearest = Math.min(nearest, distanceM(q.center, c));
    const distance = inside ? 0 : nearest;
    if (distance > q.radiusM) continue;
    const count = countOf(d.name);
    if (count > q.maxCount) continue;
    // The largest part stands for the district when it becomes an area (islands are left out).
    const outer = d.polygons.map((p) => p[0] ?? []).reduce((a, b) => (b.length > a.length ? b : a), []);
    const center: Position = [outer.reduce((s, p) => s + p[0], 0) / Math.max(1, outer.length), outer.reduce((s, p) => s + p[1], 0) / Math.max(1, outer.length)];
    out.push({ kind: 'district', key: d.name, label: d.name, center, distanceM: Math.round(distance), count, ring: outer });
  }
  return out.sort((a, b) => a.distanceM - b.distanceM || a.count - b.count);
}
