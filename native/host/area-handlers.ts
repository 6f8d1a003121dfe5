import { resolve } from 'node:path';
import { PlaceGrid } from '../analysis/area-count.js';
import { defaultGradeThresholds, gradeOf } from '../analysis/area-grading.js';
import { areaRing } from '../analysis/area-shape.js';
import { districtShapes } from '../analysis/district-index.js';
import { districtOpportunities, gridOpportunities } from '../analysis/opportunity.js';
import { KetuError } from '../contract/errors.js';
import { gradeThresholdsSchema } from '../contract/methods.js';
import type { Area, AreaShape, GradeThresholds } from '../contract/methods.js';
import { writeCustomerList } from '../export/customer-list.js';
import type { ProjectStore } from '../store/project-store.js';
import type { Handlers } from './dispatch.js';
import type { Engine } from './engine.js';

type AreaMethods = 'areas.add' | 'areas.list' | 'areas.update' | 'areas.remove' | 'areas.count' | 'areas.export' | 'areas.grade' | 'areas.opportunities';

const THRESHOLDS_KEY = 'gradeThresholds';

/** The stored geometry of a drawn shape; refused with a clear message when degenerate. */
function geometryOf(shape: AreaShape): Pick<Area, 'kind' | 'center' | 'radiusM' | 'ring'> {
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

function findArea(store: ProjectStore, ref: number | string): Area {
  const areas = store.areas.list();
  const area = typeof ref === 'number' ? areas.find((a) => a.id === ref) : areas.find((a) => a.name === ref);
  if (area === undefined) throw new KetuError('INVALID_PARAMS', `没有名为「${String(ref)}」的区域；现有区域：${areas.map((a) => a.name).join('、') || '（无）'}`);
  return area;
}

/** 本案's position: the project site, or the centre the caller names. */
function projectCenter(store: ProjectStore, center: { lng: number; lat: number } | undefined): [number, number] {
  if (center !== undefined) return [center.lng, center.lat];
  const site = store.sites().find((s) => s.kind === 'project');
  if (site === undefined) throw new KetuError('INVALID_PARAMS', '项目没有本案位置：请先设置本案坐标，或在地图上指定中心点');
  return [site.lng, site.lat];
}

/** Drawn target areas: shapes, counts, lists, grading by output and 机会战场. */
export function createAreaHandlers(engine: Engine): Pick<Handlers, AreaMethods> {
  return {
    'areas.add': (p) =>
      engine.current().areas.insert({
        name: p.name,
        grade: p.grade ?? null,
        color: p.color ?? null,
        notes: p.notes ?? null,
        team: p.team ?? null,
        hidden: p.hidden ?? false,
        ...geometryOf(p.shape),
      }),
    'areas.list': () => engine.current().areas.list(),
    'areas.update': (p) => {
      const { id, shape, ...patch } = p;
      return engine.current().areas.update(id, { ...patch, ...(shape === undefined ? {} : geometryOf(shape)) });
    },
    'areas.remove': (p) => ({ removed: engine.current().areas.remove(p.id) }),
    'areas.count': (p) => {
      const store = engine.current();
      const places = store.areas.placesForCounting(p.by, p.filter ?? {}, p.bands);
      const grid = new PlaceGrid(places);
      return {
        by: p.by,
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
    },
    'areas.export': async (p) => {
      const store = engine.current();
      const area = findArea(store, p.area);
      const places = store.areas.placesForCounting('role', p.filter ?? {});
      const inside = new PlaceGrid(places).inside(area.ring);
      const rows = store.areas.listRows(inside.map((i) => places.ids[i] ?? 0));
      const out = resolve(p.out);
      const written = await writeCustomerList(out, `${area.name} 客户清单（${rows.length} 条）`, rows, p.maskPhones ?? true, p.columns);
      return { path: out, rows: written };
    },
    'areas.grade': (p) => {
      const store = engine.current();
      if (p.thresholds !== undefined) store.areas.putSetting(THRESHOLDS_KEY, JSON.stringify(p.thresholds));
      const thresholds = p.thresholds ?? savedThresholds(store);
      const places = store.areas.placesForCounting('stage', p.filter ?? {});
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
      if (p.apply === true) store.areas.setGrades(areas);
      return { thresholds, areas };
    },
    'areas.opportunities': (p) => {
      const store = engine.current();
      const center = projectCenter(store, p.center);
      const q = { center, radiusM: p.radiusM, maxCount: p.maxCount };
      if (p.by === 'district') {
        const counts = store.areas.countByDistrict(p.filter ?? {});
        return { center, cells: districtOpportunities(districtShapes(), (name) => counts.get(name) ?? 0, q) };
      }
      const places = store.areas.placesForCounting('role', p.filter ?? {});
      return { center, cells: gridOpportunities(places, { ...q, cellM: p.cellM ?? 1000 }) };
    },
  };
}
