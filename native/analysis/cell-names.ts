import type { ProjectStore } from '../store/project-store.js';
import { divisionIndex } from './district-index.js';
import type { Division } from './district-index.js';
import type { Position } from './geometry.js';

/** A place a planner knows by name (a community, an employer, 本案 or a 竞品), WGS-84. */
export interface KnownPlace {
  name: string;
  lng: number;
  lat: number;
}

export interface CellName {
  /** 「西湖区 · 近翠苑一区」, or the district alone when no known place is near. */
  label: string;
  district: string | null;
  /** The nearest known place within reach, null when none. */
  nearest: string | null;
}

const M_PER_DEG_LAT = 111_320;
/** Beyond this a place no longer says where a cell is: the district alone is more honest. */
const REACH_M = 3_000;

/** Metres between two positions, on the local flat approximation (cells are a few km across). */
function metres(a: Position, b: Position): number {
  const kx = M_PER_DEG_LAT * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * M_PER_DEG_LAT);
}

const compass = ['东', '东北', '北', '西北', '西', '西南', '南', '东南'] as const;

/** The eight-way direction from `from` to `to`, as a planner says it (东北). */
function direction(from: Position, to: Position): string {
  const kx = Math.cos((((from[1] + to[1]) / 2) * Math.PI) / 180);
  const angle = Math.atan2(to[1] - from[1], (to[0] - from[0]) * kx);
  const sector = Math.round(angle / (Math.PI / 4));
  return compass[(sector + 8) % 8] ?? '东';
}

/**
 * Names for grid cells (机会战场, the revision's new-source cells): the district the centre lies in and
 * the nearest known place (「西湖区 · 近翠苑一区」). Cells that would share a name are told apart by the
 * direction from that place (「近翠苑一区（东北）」), then by a number.
 */
export function nameCells(centres: readonly Position[], divisionOf: (lng: number, lat: number) => Division, known: readonly KnownPlace[]): CellName[] {
  const named = centres.map((c) => {
    const division = divisionOf(c[0], c[1]);
    const district = division.district ?? division.city;
    let best: KnownPlace | null = null;
    let bestM = Infinity;
    for (const k of known) {
      const d = metres(c, [k.lng, k.lat]);
      if (d < bestM) {
        bestM = d;
        best = k;
      }
    }
    const nearest = best !== null && bestM <= REACH_M ? best : null;
    return { centre: c, district, nearest };
  });
  const base = named.map((n) => [n.district, n.nearest === null ? null : `近${n.nearest.name}`].filter((s): s is string => s !== null).join(' · ') || '未知区域');
  const labels = base.map((b, i) => {
    if (base.indexOf(b) === base.lastIndexOf(b)) return b;
    const n = named[i];
    return n?.nearest === null || n === undefined ? b : `${b}（${direction([n.nearest.lng, n.nearest.lat], n.centre)}）`;
  });
  const seen = new Map<string, number>();
  return labels.map((label, i) => {
    const repeats = labels.filter((l) => l === label).length;
    const k = (seen.get(label) ?? 0) + 1;
    seen.set(label, k);
    return { label: repeats > 1 ? `${label} ${k}` : label, district: named[i]?.district ?? null, nearest: named[i]?.nearest?.name ?? null };
  });
}

/**
 * What cell names and the population proxy are read from, for one project: the bundled boundaries, the
 * gazetteer's communities, employers and POIs, and the project's sites.
 */
export function cellNameContext(store: ProjectStore, resourcesDir: string): { divisionOf(lng: number, lat: number): Division; known: KnownPlace[]; communities: KnownPlace[] } {
  const communities = store.geocoding.known(['community']);
  const others = store.geocoding.known(['employer', 'poi']);
  const sites = store.sites().map((s) => ({ name: s.name, lng: s.lng, lat: s.lat }));
  // Communities first: where several places are equally near, the one people live in names the cell.
  return { divisionOf: divisionIndex(resourcesDir).divisionOf, known: [...communities, ...sites, ...others], communities };
}
