import { KetuError } from '../contract/errors.js';
import { gradeThresholdsSchema } from '../contract/methods.js';
import type { Area, AreaCountDimension, AreaShape, GradeThresholds, PlaceFilter, Result } from '../contract/methods.js';
import type { ProjectStore } from '../store/project-store.js';
import { filterWords, isFiltering, withoutStages } from '../export/filter-words.js';
import { PlaceGrid } from './area-count.js';
import { defaultGradeThresholds, gradeOf } from './area-grading.js';
import { areaRing } from './area-shape.js';

const THRESHOLDS_KEY = 'gradeThresholds';

/** The stored geometry of a drawn shape; refused with a clear message when degenerate. */
export function geometryOf(shape: AreaShape): Pick<Area, 'kind' | 'center' | 'radiusM' | 'ring'> {
  const ring = areaRing(shape);
  return shape.kind === 'circle'
    ? { kind: 'circle', center: { lng: shape.lng, lat: shape.lat }, radiusM: shape.radiusM, ring }
    : { kind: 'polygon', center: null, radiusM: null, ring };
}

function savedThresholds(store: ProjectStore): GradeThresholds {
  const text = store.areas.setting(THRESHOLDS_KEY);
  if (text === undefined) return defaultGradeThresholds;
  const parsed = gradeThresholdsSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : defaultGradeThresholds;
}

/** An area by id or by name, or a message listing the names there are. */
export function findArea(store: ProjectStore, ref: number | string): Area {
  const areas = store.areas.list();
  const area = typeof ref === 'number' ? areas.find((a) => a.id === ref) : areas.find((a) => a.name === ref);
  if (area === undefined) throw new KetuError('INVALID_PARAMS', `没有名为「${String(ref)}」的区域；现有区域：${areas.map((a) => a.name).join('、') || '（无）'}`);
  return area;
}

/** 本案's position: the project site, or the centre the caller names. */
export function projectCenter(store: ProjectStore, center: { lng: number; lat: number } | undefined): [number, number] {
  if (center !== undefined) return [center.lng, center.lat];
  const site = store.sites().find((s) => s.kind === 'project');
  if (site === undefined) throw new KetuError('INVALID_PARAMS', '项目没有本案位置：请先设置本案坐标，或在地图上指定中心点');
  return [site.lng, site.lat];
}

/** Places inside each drawn area, split by one dimension (role, stage, industry …). */
export function countInAreas(store: ProjectStore, by: AreaCountDimension, filter: PlaceFilter, bands: readonly number[] | undefined): Result<'areas.count'> {
  const places = store.areas.placesForCounting(by, filter, bands);
  const grid = new PlaceGrid(places);
  return {
    by,
    total: places.count,
    areas: store.areas.list().map((area) => {
      const counts: Record<string, number> = {};
      const inside = grid.inside(area.ring);
      for (const i of inside) {
        const key = places.key[i] ?? '';
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return { id: area.id, name: area.name, total: inside.length, share: places.count === 0 ? 0 : inside.length / places.count, counts };
    }),
  };
}

/** The places of one area (their ids), for its customer list. */
export function placesInArea(store: ProjectStore, area: Area, filter: PlaceFilter): number[] {
  const places = store.areas.placesForCounting('role', filter);
  return new PlaceGrid(places).inside(area.ring).map((i) => places.ids[i] ?? 0);
}

/**
 * 热力度: each area's prospects, visitors and deals (customers, not places) and the grade they earn.
 * Grading counts by stage, so the map's filter is left aside unless the caller asks for it
 * (`useFilter`), and even then its stage part is: a 成交 filter would leave no visits and grade every area D.
 */
export function gradeAreas(store: ProjectStore, sent: PlaceFilter, given: GradeThresholds | undefined, apply: boolean, useFilter = false): Result<'areas.grade'> {
  if (given !== undefined) store.areas.putSetting(THRESHOLDS_KEY, JSON.stringify(given));
  const thresholds = given ?? savedThresholds(store);
  const filter = useFilter ? withoutStages(sent) : {};
  const filterText = filterWords(filter);
  const places = store.areas.placesForCounting('stage', filter);
  const grid = new PlaceGrid(places);
  const areas = store.areas.list().map((area) => {
    // Customers, not places: one buyer's home and work in the same area is one deal.
    const people = { prospects: new Set<number>(), visitors: new Set<number>(), deals: new Set<number>() };
    for (const i of grid.inside(area.ring)) {
      const stage = places.key[i];
      if (stage === 'prospects' || stage === 'visitors' || stage === 'deals') people[stage].add(places.customer[i] ?? 0);
    }
    const output = { prospects: people.prospects.size, visitors: people.visitors.size, deals: people.deals.size };
    return { id: area.id, name: area.name, ...output, grade: gradeOf(output, thresholds) };
  });
  if (apply) store.areas.setGrades(areas);
  return { thresholds, filtered: filterText !== '', filter: filterText === '' ? {} : filter, filterText, filterIgnored: !useFilter && isFiltering(sent), areas };
}
