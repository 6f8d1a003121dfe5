import { resolve } from 'node:path';
import type { Handlers } from '../contract/handler-types.js';
import { KetuError } from '../contract/errors.js';
import { OPPORTUNITY_DEFAULTS } from '../contract/methods.js';
import { writeCustomerList } from '../export/customer-list.js';
import { filterWords } from '../export/filter-words.js';
import { writeRankingSheet } from '../export/ranking-sheet.js';
import { maskPhone } from '../import/values/index.js';
import type { ProjectSession } from '../store/project-session.js';
import { countInAreas, findArea, geometryOf, gradeAreas, placesInArea, projectCenter } from './area-analysis.js';
import { cellNameContext } from './cell-names.js';
import { divisionIndex } from './district-index.js';
import { districtOpportunities, gridOpportunities } from './opportunity.js';
import { ranking, rankingMembers } from './rankings.js';

type AnalysisMethods =
  | 'stats.ranking'
  | 'stats.members'
  | 'stats.export'
  | 'areas.add'
  | 'areas.list'
  | 'areas.update'
  | 'areas.remove'
  | 'areas.count'
  | 'areas.export'
  | 'areas.grade'
  | 'areas.opportunities'
  | 'places.brief'
  | 'places.detail';

/** Rankings, and drawn target areas: shapes, counts, lists, grading by output and 机会战场. */
export function createAnalysisHandlers(session: ProjectSession, resourcesDir: string): Pick<Handlers, AnalysisMethods> {
  return {
    'stats.ranking': (p) => ({ ...ranking(session.current(), p.by, p.top ?? 15, p.filter ?? {}), filterText: filterWords(p.filter ?? {}) }),
    'places.brief': (p) => session.current().placeDetails.briefs(p.placeIds),
    'places.detail': (p) => {
      const detail = session.current().placeDetails.detail(p.placeId);
      if (detail === null) throw new KetuError('INVALID_PARAMS', `没有编号为 ${p.placeId} 的地点`);
      // Masked here, in the engine: an unmasked phone reaches the page only when asked for.
      const phone = detail.customer?.phone ?? null;
      if (detail.customer === null || phone === null || p.unmasked === true) return detail;
      return { ...detail, customer: { ...detail.customer, phone: maskPhone(phone) } };
    },
    'stats.members': (p) => ({ ids: rankingMembers(session.current(), p.by, p.key, p.filter ?? {}) }),
    'stats.export': async (p) => {
      const out = resolve(p.out);
      const filterText = filterWords(p.filter ?? {});
      const rows = await writeRankingSheet(out, ranking(session.current(), p.by, p.top ?? 15, p.filter ?? {}), filterText);
      return { path: out, rows, filterText };
    },
    'areas.add': (p) =>
      session.current().areas.insert({
        name: p.name,
        grade: p.grade ?? null,
        color: p.color ?? null,
        notes: p.notes ?? null,
        team: p.team ?? null,
        hidden: p.hidden ?? false,
        ...geometryOf(p.shape),
      }),
    'areas.list': () => session.current().areas.list(),
    'areas.update': (p) => {
      const { id, shape, ...patch } = p;
      return session.current().areas.update(id, { ...patch, ...(shape === undefined ? {} : geometryOf(shape)) });
    },
    'areas.remove': (p) => ({ removed: session.current().areas.remove(p.id) }),
    'areas.count': (p) => countInAreas(session.current(), p.by, p.filter ?? {}, p.bands),
    'areas.export': async (p) => {
      const store = session.current();
      const area = findArea(store, p.area);
      const filterText = filterWords(p.filter ?? {});
      const rows = store.areas.listRows(placesInArea(store, area, p.filter ?? {}));
      const customers = new Set(rows.map((r) => r.customer)).size;
      if (customers === 0) {
        const why = filterText === '' ? '' : `（筛选条件：${filterText}）`;
        throw new KetuError('EXPORT_FAILED', `区域「${area.name}」内没有客户${why}，未导出清单`, { reason: 'AREA_EMPTY', area: area.name, filterText });
      }
      const rowsPer = p.rows ?? 'customer';
      const out = resolve(p.out);
      const scope = filterText === '' ? '' : `，筛选：${filterText}`;
      const title = `${area.name} 客户清单（${customers} 位客户，区域内地点 ${rows.length} 个${scope}）`;
      const written = await writeCustomerList(out, rows, { title, filterText, mask: (p.maskPhones ?? true) ? maskPhone : null, columns: p.columns, rowsPer });
      return { path: out, rows: written, customers, places: rows.length, rowsPer, filterText };
    },
    'areas.grade': (p) => gradeAreas(session.current(), p.filter ?? {}, p.thresholds, p.apply === true, p.useFilter === true),
    'areas.opportunities': (p) => {
      const store = session.current();
      const center = projectCenter(store, p.center);
      const q = { center, radiusM: p.radiusM, maxCount: p.maxCount, minDistanceM: p.minDistanceM ?? OPPORTUNITY_DEFAULTS.minDistanceM, minCommunities: p.minCommunities ?? OPPORTUNITY_DEFAULTS.minCommunities };
      const ctx = cellNameContext(store, resourcesDir);
      if (p.by === 'district') {
        const counts = store.areas.countByDistrict(p.filter ?? {});
        return { center, cells: districtOpportunities(divisionIndex(resourcesDir).districtShapes(), (name) => counts.get(name) ?? 0, q, ctx.communities) };
      }
      const places = store.areas.placesForCounting('role', p.filter ?? {});
      return { center, cells: gridOpportunities(places, { ...q, cellM: p.cellM ?? 1000 }, ctx) };
    },
  };
}
