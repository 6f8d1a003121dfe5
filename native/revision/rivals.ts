import { PlaceGrid } from '../analysis/area-count.js';
import type { Ring } from '../analysis/geometry.js';
import type { ProjectStore } from '../store/project-store.js';

export interface AreaRivals {
  id: number;
  name: string;
  /** Competitors' customers (stage 竞品客户) inside the area, each counted once at their first home place. */
  rivals: number;
}

/**
 * 好不好: how many of the competitors' customers live in each area, counted as the comparison counts its
 * sides (store.revision.sides), so the area's deals and its rivals are measured alike.
 */
export function rivalsInAreas(store: ProjectStore, areas: ReadonlyArray<{ id: number; name: string; ring: Ring }>): { total: number; areas: AreaRivals[] } {
  const competitors = { stages: ['competitors' as const] };
  const { plan } = store.revision.sides(competitors, competitors);
  const grid = new PlaceGrid(plan);
  return { total: plan.count, areas: areas.map((a) => ({ id: a.id, name: a.name, rivals: grid.inside(a.ring).length })) };
}
