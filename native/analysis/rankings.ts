import type { PlaceFilter, Ranking, RankingDimension } from '../contract/methods.js';
import type { ProjectStore } from '../store/project-store.js';
import { officeBuilding } from './office-building.js';

/** Work places after the filters, each with its office building (null when its texts name none). */
function workBuildings(store: ProjectStore, filter: PlaceFilter): Array<{ fid: number; customer: number | null; building: string | null }> {
  return store.workPlaces(filter).map((r) => ({ fid: r.fid, customer: r.customer, building: officeBuilding(r.address, r.name) }));
}

/** 写字楼 ranking: the building is read from text SQL cannot parse, so the grouping happens here. */
function buildingRanking(store: ProjectStore, top: number, filter: PlaceFilter): Ranking {
  const people = new Map<string, Set<number>>();
  const everyone = new Set<number>();
  for (const w of workBuildings(store, filter)) {
    if (w.building === null || w.customer === null) continue;
    everyone.add(w.customer);
    const set = people.get(w.building) ?? new Set<number>();
    set.add(w.customer);
    people.set(w.building, set);
  }
  const total = everyone.size;
  // Same order as the SQL rankings: count, then the key by code point (SQLite's BINARY collation).
  const rows = [...people]
    .map(([key, set]) => ({ key, count: set.size, share: total === 0 ? 0 : set.size / total }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, top);
  return { by: 'building', total, rows };
}

/**
 * A ranking as planners read it (居住小区前N位, 行业分布, 市区客户分布 …): distinct customers per key,
 * over home places (work places for employer, industry and building), after the filters.
 */
export function ranking(store: ProjectStore, by: RankingDimension, top: number, filter: PlaceFilter = {}): Ranking {
  return by === 'building' ? buildingRanking(store, top, filter) : store.ranking(by, top, filter);
}

/** The ids of the places counted in one row of a ranking. */
export function rankingMembers(store: ProjectStore, by: RankingDimension, key: string, filter: PlaceFilter = {}): Uint32Array<ArrayBuffer> {
  if (by !== 'building') return store.rankingMembers(by, key, filter);
  return Uint32Array.from(workBuildings(store, filter).flatMap((w) => (w.building === key ? [w.fid] : [])));
}
