import { areaBandRanges, areaRangeLabel } from '../contract/area-bands.js';
import { areaColor } from '../contract/area-colors.js';
import { centredOnSite } from '../contract/site-rings.js';
import { defaultPrintLayout, migratePrintLayout, paperMm, printTemplates, revisionPageParts } from '../contract/print-layout.js';
import type { PrintChart, PrintLayout, PrintLegend, PrintPage, PrintTemplate, RevisionPagePart } from '../contract/print-layout.js';
import type { Area, PlaceFilter } from '../contract/methods.js';
import type { z } from 'zod';
import type { printOverridesSchema } from '../contract/print-layout.js';
import { countInAreas, placesInArea } from '../analysis/area-analysis.js';
import { ranking } from '../analysis/rankings.js';
import { filterWords, roleWords, stageWords } from '../export/filter-words.js';
import type { ProjectStore } from '../store/project-store.js';
import { revisionPartTitles, revisionPrint } from './revision-pages.js';
import type { RevisionPrint } from './revision-pages.js';

export type PrintOverrides = z.infer<typeof printOverridesSchema>;

/** What the workbench map draws for a page's frame (renderer/map/ketu-hook.ts PrintFrameRequest, less the ratio). */
export interface MapRequest {
  template: 'map1' | 'map2';
  filter: PlaceFilter;
  /** The layout's 本案 marker element (false: 本案 is left off the frame). */
  siteMarker: boolean;
  fit: [number, number, number, number] | null;
  padding: number;
  /** Areas drawn instead of the project's own (the 修订 map's plan areas, coloured by verdict). */
  areas?: Area[];
}

/** One page to print: everything but the map picture, and what to draw for it. */
export interface PageJob {
  page: Omit<PrintPage, 'map'>;
  map: MapRequest | null;
  /** Target areas drawn on the map, for the legend's 目标区域 rows (counted inside the frame). */
  areas: Array<{ area: Area; count: number }>;
  /** Legends the engine states whole (the 修订 map's verdicts), printed after the frame's own. */
  legends: PrintLegend[];
  /** What the overview inset shows [w, s, e, n] (every place of the page's filter and 本案), when it is switched on. */
  overview?: [number, number, number, number] | null;
}

/** A page request: a template, optionally narrowed (a product's or a 面积段's map, one area of the atlas). */
export interface PageRequest {
  template: PrintTemplate;
  filter?: PlaceFilter;
  /** Said after the title: 「产品：洋房」. */
  variant?: string;
  area?: Area;
  /** A 修订 page: which of its three. */
  part?: RevisionPagePart;
}

/** The project's layouts: each template's saved one, or its built-in one. */
export function printLayouts(store: ProjectStore): PrintLayout[] {
  const saved = store.printLayouts.read();
  const fromFile = [...saved.values()].map((row) => migratePrintLayout(row));
  const ids = new Set(fromFile.map((l) => l.id));
  return [...fromFile, ...printTemplates.filter((t) => !ids.has(t)).map(defaultPrintLayout)];
}

function layoutOf(store: ProjectStore, template: PrintTemplate, overrides: PrintOverrides, draft?: PrintLayout): PrintLayout {
  const layout = draft?.id === template ? draft : (printLayouts(store).find((l) => l.id === template) ?? defaultPrintLayout(template));
  const merged = { ...layout, ...overrides };
  // A paper named on the command line is the whole page size: its orientation follows --landscape alone.
  if (overrides.paper !== undefined && overrides.landscape === undefined) merged.landscape = overrides.paper !== 'A4' && overrides.paper !== 'A3' ? layout.landscape : false;
  return merged;
}

const titles: Record<PrintTemplate, string> = { 地图1: '生活工作分布图', 地图2: '行业工作分布图', 排名: '客户排名', 区域: '区域图册', 修订: '1/3 修订' };

function chartOf(store: ProjectStore, by: 'community' | 'industry' | 'district', top: number, filter: PlaceFilter, title: string): PrintChart {
  const r = ranking(store, by, top, filter);
  return { title: `${title}（共 ${r.total.toLocaleString('zh-CN')} 户）`, unit: '户', rows: r.rows.map((row) => ({ label: row.key, count: row.count, share: row.share })) };
}

function areaBounds(area: Area): [number, number, number, number] {
  const lngs = area.ring.map((p) => p[0]);
  const lats = area.ring.map((p) => p[1]);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}

/** The stage part of the filter in words (all stages when it names none). */
function stageText(filter: PlaceFilter): string {
  const stages = filter.stages ?? filter.fields?.find((f) => f.field === 'stage')?.values ?? [];
  return stages.length === 0 ? '全部客户阶段' : stages.map((s) => stageWords[s] ?? s).join('、');
}

/**
 * Every page's content, in print order. Page numbers count the whole document. The map filter saved
 * in the project applies to every page; a product's or a 面积段's map narrows it further.
 */
export function pageJobs(store: ProjectStore, requests: readonly PageRequest[], overrides: PrintOverrides, today: string, resourcesDir: string, draft?: PrintLayout): PageJob[] {
  const info = store.info();
  // The comparison once for the document's 修订 pages.
  let revision: RevisionPrint | null = null;
  const revised = (): RevisionPrint => (revision ??= revisionPrint(store, resourcesDir, info.name));
  const baseFilter = store.mapSettings.read().filter;
  const project = info.sites.find((s) => s.kind === 'project');
  const areas = store.areas.list().filter((a) => !a.hidden);
  return requests.map((req, i) => {
    const layout = layoutOf(store, req.template, overrides, draft);
    const { width, height } = paperMm(layout);
    const filter: PlaceFilter = { ...baseFilter, ...req.filter };
    const words = filterWords(filter);
    const deals = store.printLayouts.facts(filter, 'deals', 'dealDate');
    const all = store.printLayouts.facts(filter, null, 'visitDate');
    // Say what the map holds: deals alone when that is all it shows, else every customer with the deals among them.
    const latest = [deals.lastDate, all.lastDate].filter((d): d is string => d !== null).sort().at(-1);
    const until = latest === undefined ? '' : `，截至 ${latest}`;
    const n = (v: number): string => v.toLocaleString('zh-CN');
    const source =
      deals.customers > 0 && deals.customers === all.customers
        ? `数据：成交客户 ${n(deals.customers)} 户${until}`
        : deals.customers > 0
          ? `数据：客户 ${n(all.customers)} 户（成交 ${n(deals.customers)} 户）${until}`
          : `数据：客户 ${n(all.customers)} 户${until}`;
    const part = req.template === '修订' ? (req.part ?? 'map') : null;
    const title = layout.texts.title ?? `${info.name} ${titles[req.template]}${req.area === undefined ? '' : ` · ${req.area.name}`}${part === null ? '' : ` · ${revisionPartTitles[part]}`}${req.variant === undefined ? '' : `（${req.variant}）`}`;
    const subtitle = layout.texts.subtitle ?? `项目：${info.name} · 阶段：${stageText(filter)} · 筛选：${words === '' ? '无（全部客户）' : words}`;
    const page: Omit<PrintPage, 'map'> = {
      template: req.template,
      part,
      widthMm: width,
      heightMm: height,
      dpi: layout.dpi,
      elements: layout.elements,
      legendPosition: layout.legendPosition,
      placements: layout.placements,
      title,
      subtitle,
      date: `编制日期：${today}`,
      sourceNote: layout.texts.sourceNote ?? source,
      compiler: layout.texts.compiler ?? '编制：客图 KeTu',
      pageNumber: i + 1,
      pageCount: requests.length,
      charts: [],
      tables: [],
      sections: [],
    };
    if (part !== null) {
      const r = revised();
      page.subtitle = layout.texts.subtitle ?? r.subtitle;
      page.sourceNote = layout.texts.sourceNote ?? r.sourceNote;
      if (part === 'table') page.tables = r.tables;
      if (part === 'summary') page.sections = r.sections;
      if (part !== 'map') return { page, map: null, areas: [], legends: [] };
      const filter = r.revision.actual.filter;
      const near = r.drawnAreas.flatMap((a) => a.ring.map(([lng, lat]) => ({ lng, lat })));
      const fit = store.printLayouts.frame(filter, ['home'], 0.96, near);
      return { page, map: { template: 'map1', filter, siteMarker: layout.elements.siteMarker, fit, padding: 30, areas: r.drawnAreas }, areas: [], legends: r.legends };
    }
    const counts = req.template === '排名' ? null : countInAreas(store, 'role', filter, undefined);
    // Circles centred on 本案 are its rings: the site layer's legend lists them with their band counts (when 本案 is shown).
    const marked = layout.elements.siteMarker ? project : undefined;
    const listed = areas.filter((area) => marked === undefined || area.center === null || !centredOnSite(area.center, marked));
    const areaCounts = listed.map((area) => ({ area, count: counts?.areas.find((a) => a.id === area.id)?.total ?? 0 }));
    // The overview inset shows the city the project's customers come from: all of them, and 本案.
    const overview = req.template !== '排名' && layout.elements.overview ? store.printLayouts.frame(filter, ['home', 'work'], 1, project === undefined ? [] : [project]) : null;
    if (req.template === '排名') {
      page.charts = [chartOf(store, 'community', 15, filter, '居住小区前15位'), chartOf(store, 'industry', 20, filter, '行业分布'), chartOf(store, 'district', 15, filter, '区县分布')];
      return { page, map: null, areas: [], legends: [] };
    }
    if (req.template === '区域' && req.area !== undefined) {
      const area = req.area;
      const rows = store.areas.listRows(placesInArea(store, area, filter));
      const customers = new Set(rows.map((r) => r.customer)).size;
      const byRole = new Map<string, number>();
      for (const r of rows) byRole.set(r.role, (byRole.get(r.role) ?? 0) + 1);
      page.tables = [{
        title: `${area.name}：客户 ${customers.toLocaleString('zh-CN')} 位，区域内地点 ${rows.length.toLocaleString('zh-CN')} 个（${[...byRole].map(([role, n]) => `${roleWords[role] ?? role} ${n}`).join('，')}）`,
        columns: ['序号', '地点类型', '地点', '区县', '阶段'],
        // Names and phones stay off a printed page: the list (.xlsx) carries them, masked.
        rows: rows.slice(0, 25).map((r, k) => [String(k + 1), roleWords[r.role] ?? r.role, r.place ?? r.address ?? '', r.district ?? '', r.stage === null ? '' : (stageWords[r.stage] ?? r.stage)]),
      }];
      return { page, map: { template: 'map1', filter, siteMarker: layout.elements.siteMarker, fit: areaBounds(area), padding: 40 }, areas: areaCounts.filter((a) => a.area.id === area.id), legends: [], overview };
    }
    if (layout.elements.rankings) page.charts = [chartOf(store, req.template === '地图2' ? 'industry' : 'community', 15, filter, req.template === '地图2' ? '行业分布' : '居住小区前15位')];
    const roles = req.template === '地图2' ? (['work'] as const) : (['home', 'work'] as const);
    // 本案 and its 3 km ring stay in the frame, whatever the customers' spread.
    const near = project === undefined ? [] : [-1, 1].flatMap((k) => [{ lng: project.lng + (k * 3000) / (111_320 * Math.cos((project.lat * Math.PI) / 180)), lat: project.lat }, { lng: project.lng, lat: project.lat + (k * 3000) / 110_540 }]);
    const fit = store.printLayouts.frame(filter, roles, 0.96, near);
    return { page, map: { template: req.template === '地图2' ? 'map2' : 'map1', filter, siteMarker: layout.elements.siteMarker, fit, padding: 30 }, areas: areaCounts, legends: [], overview };
  });
}

/** The pages of `templates` in order; 区域 stands for one page per visible target area, 修订 for its three pages. */
export function templatePages(store: ProjectStore, templates: readonly PrintTemplate[], only?: ReadonlyArray<number | string>): PageRequest[] {
  const areas = store.areas.list().filter((a) => (only === undefined ? !a.hidden : only.includes(a.id) || only.includes(a.name)));
  return templates.flatMap((template): PageRequest[] => {
    if (template === '区域') return areas.map((area) => ({ template, area }));
    if (template === '修订') return revisionPageParts.map((part) => ({ template, part }));
    return [{ template }];
  });
}

/** 一键出图's pages: 地图1, 地图2, a 地图1 per product and per 面积段 when asked, 排名, the atlas and the 修订 pages when asked. */
export function packPages(store: ProjectStore, opts: { products: boolean; bands: boolean; areas: boolean; revision: boolean }): PageRequest[] {
  const pages: PageRequest[] = [{ template: '地图1' }, { template: '地图2' }];
  if (opts.products) {
    const column = store.fields.column('product');
    const labels = column.kind === 'category' ? column.labels : [];
    for (const product of labels.filter((l) => l !== '')) pages.push({ template: '地图1', filter: { products: [product] }, variant: `产品：${product}` });
  }
  if (opts.bands) {
    for (const range of areaBandRanges(store.mapSettings.read().areaBands)) pages.push({ template: '地图1', filter: { areaRanges: [range] }, variant: `面积段：${areaRangeLabel(range)}` });
  }
  pages.push({ template: '排名' });
  if (opts.areas) pages.push(...templatePages(store, ['区域']));
  if (opts.revision) pages.push(...templatePages(store, ['修订']));
  return pages;
}

/**
 * Legend rows of the target areas drawn in the frame [w, s, e, n] (WGS-84), with their counts, each in the
 * colour the print map draws it (its own, else its grade's, else blue: printed maps do not colour by grade).
 */
export function areaLegend(areas: PageJob['areas'], frame: readonly [number, number, number, number]): PrintLegend | null {
  const inside = areas.filter(({ area }) => {
    const [w, s, e, n] = areaBounds(area);
    return e >= frame[0] && w <= frame[2] && n >= frame[1] && s <= frame[3];
  });
  if (inside.length === 0) return null;
  return { title: '目标区域（区域内地点数）', entries: inside.map(({ area, count }) => ({ label: area.grade === null ? area.name : `${area.name}（${area.grade}）`, color: areaColor(area, false), count, shape: 'square' as const })) };
}
