import { cellNameContext, nameCells } from '../analysis/cell-names.js';
import { areaBandRanges, areaRangeLabel } from '../contract/area-bands.js';
import { importStages } from '../contract/methods.js';
import type { PlaceFilter } from '../contract/methods.js';
import { mixDimensions, mixKeys, mixTitle, revisionThresholdsSchema } from '../contract/revision.js';
import type { AreaVerdict, MixDimension, MixRow, Revision, RevisionThresholds, SalesProgress } from '../contract/revision.js';
import { PlaceGrid } from '../analysis/area-count.js';
import { divisionIndex } from '../analysis/district-index.js';
import { largestRing, pointInPolygon } from '../analysis/geometry.js';
import type { Position, Ring } from '../analysis/geometry.js';
import type { ProjectStore } from '../store/project-store.js';
import type { CodedColumn, RevisionColumns } from '../store/revision-store.js';
import { salesProgress } from './progress.js';
import { getVersion } from './versions.js';

export interface CompareParams {
  plan?: number | string | undefined;
  planFilter?: PlaceFilter | undefined;
  actualFilter?: PlaceFilter | undefined;
  /** 'third', 'all' or a day (YYYY-MM-DD). */
  until?: string | undefined;
  thresholds?: Partial<RevisionThresholds> | undefined;
}

/** The plan when none is named: every customer of the stages before a sale. */
const planStages = importStages.filter((s) => s !== 'deals');
const M_PER_DEG_LAT = 111_320;
const CELL_M = 1000;
/** A kept column with more values than this is an id or free text, not a mix (客户编号, 备注). */
const MAX_KEPT_VALUES = 30;
/** Summary sentences per kind, so the words stay a summary. */
const MAX_SENTENCES = 4;

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const pp = (delta: number): string => Math.abs(delta).toFixed(1);

/** Customers per label of a coded column (negative codes, no value, left out; so are labels nobody here has). */
function countCodes(col: CodedColumn, count: number): Map<string, number> {
  const n = new Int32Array(col.labels.length);
  for (let i = 0; i < count; i++) {
    const c = col.codes[i] ?? -1;
    if (c >= 0) n[c] = (n[c] ?? 0) + 1;
  }
  return new Map(col.labels.flatMap((label, c) => ((n[c] ?? 0) > 0 ? [[label, n[c] ?? 0] as [string, number]] : [])));
}

function countBands(cols: RevisionColumns, bands: readonly number[]): Map<string, number> {
  // The ranges once, not per customer (areaBandOf rebuilds them on every call).
  const ranges = areaBandRanges(bands);
  const names = ranges.map(areaRangeLabel);
  const n = new Int32Array(ranges.length);
  for (let i = 0; i < cols.count; i++) {
    const a = cols.area[i] ?? NaN;
    if (Number.isNaN(a)) continue;
    const k = ranges.findIndex((r) => (r.min === null || a >= r.min) && (r.max === null || a < r.max));
    if (k >= 0) n[k] = (n[k] ?? 0) + 1;
  }
  return new Map(names.flatMap((name, k) => ((n[k] ?? 0) > 0 ? [[name, n[k] ?? 0] as [string, number]] : [])));
}

/** Plan % against actual %, in percentage points, biggest shift first; shares over the customers with a value. */
function mixTable(plan: Map<string, number>, actual: Map<string, number>, flagPp: number): MixRow[] {
  const total = (m: Map<string, number>): number => [...m.values()].reduce((s, n) => s + n, 0);
  const pt = total(plan);
  const at = total(actual);
  const rows: MixRow[] = [];
  for (const name of new Set([...plan.keys(), ...actual.keys()])) {
    const p = plan.get(name) ?? 0;
    const a = actual.get(name) ?? 0;
    const planShare = pt === 0 ? 0 : p / pt;
    const actualShare = at === 0 ? 0 : a / at;
    const deltaPp = Math.round((actualShare - planShare) * 1000) / 10;
    rows.push({ name, plan: p, planShare, actual: a, actualShare, deltaPp, flagged: pt > 0 && at > 0 && Math.abs(deltaPp) >= flagPp });
  }
  return rows.sort((x, y) => Math.abs(y.deltaPp) - Math.abs(x.deltaPp) || y.actual - x.actual || (x.name < y.name ? -1 : 1));
}

/**
 * A district new source's outline, as the plan areas have theirs: the bundled boundary's largest ring; of
 * districts sharing the name (普陀区 is in 上海 and in 舟山), the one holding its buyers' centre. Null without one.
 */
function districtRing(resourcesDir: string, name: string, center: Position): Ring | null {
  const named = divisionIndex(resourcesDir)
    .districtShapes()
    .filter((d) => d.name === name);
  const shape = named.length > 1 ? (named.find((d) => d.polygons.some((p) => pointInPolygon(center[0], center[1], p))) ?? named[0]) : named[0];
  return shape === undefined ? null : largestRing(shape.polygons);
}

function verdict(ratio: number | null, actual: number, t: RevisionThresholds): AreaVerdict {
  if (ratio === null) return actual > 0 ? '超预期' : '偏弱';
  if (ratio >= t.strong) return '超预期';
  if (ratio < t.weak) return '偏弱';
  return '已印证';
}

/** The day the actual deals run to: the 1/3 day by default when it is known, else every deal. */
function untilDay(until: CompareParams['until'], progress: SalesProgress): string | null {
  if (until === 'all') return null;
  if (until === undefined || until === 'third') return progress.thirdReachedOn;
  return until;
}

/** Deals per month over the last three calendar months up to the last month with a deal. */
function pace(progress: SalesProgress): { perMonth: number; months: string[] } {
  const last = progress.byMonth[progress.byMonth.length - 1];
  if (last === undefined) return { perMonth: 0, months: [] };
  const [y, m] = last.month.split('-').map(Number) as [number, number];
  const months = [2, 1, 0].map((back) => new Date(Date.UTC(y, m - 1 - back, 1)).toISOString().slice(0, 7));
  const sold = progress.byMonth.filter((b) => months.includes(b.month)).reduce((s, b) => s + b.sold, 0);
  return { perMonth: Math.round((sold / 3) * 10) / 10, months };
}

/**
 * 修订对比: the plan (a saved version, or a filter) against actual buyers (deals up to the 1/3 day by default):
 * per plan area, new sources, mix shifts, pace (够不够) and a summary in words. Customers are counted once,
 * at their first home place; 行业 at their work places.
 */
export function compareRevision(store: ProjectStore, params: CompareParams, resourcesDir: string): Omit<Revision, 'report'> {
  const thresholds = revisionThresholdsSchema.parse(params.thresholds ?? {});
  const settings = store.mapSettings.read();
  let planFilter: PlaceFilter;
  let planAreas;
  let versionName: string | null = null;
  if (params.plan !== undefined) {
    const version = getVersion(store, params.plan);
    versionName = version.name;
    const f = version.settings.filter;
    // An empty batch list would mean "every batch" to the filter; a version drawn from none plans nobody.
    const batches = version.batches.length > 0 ? version.batches.map((b) => b.id) : [-1];
    planFilter = { ...f, stages: f.stages !== undefined && f.stages.length > 0 ? f.stages : [...planStages], batches };
    planAreas = version.areaList;
  } else {
    planFilter = params.planFilter ?? { stages: [...planStages] };
    planAreas = store.areas.list();
  }
  const dealRows = store.revision.deals();
  const progress = salesProgress(store, dealRows);
  const until = untilDay(params.until, progress);
  const given = params.actualFilter ?? {};
  const actualFilter: PlaceFilter = {
    ...given,
    stages: given.stages !== undefined && given.stages.length > 0 ? given.stages : ['deals'],
    ...(until === null ? {} : { dateRange: { field: 'dealDate' as const, from: given.dateRange?.from ?? null, to: until } }),
  };

  const { plan, actual } = store.revision.sides(planFilter, actualFilter);

  // Per plan area; each actual buyer remembers whether any plan area holds them.
  const planGrid = new PlaceGrid(plan);
  const actualGrid = new PlaceGrid(actual);
  const actualCovered = new Uint8Array(actual.count);
  const planInArea: number[][] = [];
  const areas = planAreas.map((area) => {
    const inPlan = planGrid.inside(area.ring);
    const inActual = actualGrid.inside(area.ring);
    for (const i of inActual) actualCovered[i] = 1;
    const planShare = plan.count === 0 ? 0 : inPlan.length / plan.count;
    const actualShare = actual.count === 0 ? 0 : inActual.length / actual.count;
    const ratio = planShare === 0 ? null : Math.round((actualShare / planShare) * 100) / 100;
    planInArea.push(inPlan);
    return { id: area.id, name: area.name, plan: inPlan.length, planShare, actual: inActual.length, actualShare, ratio, grade: verdict(ratio, inActual.length, thresholds) };
  });

  // Mix tables.
  const mix: Revision['mix'] = {};
  const textDims: Partial<Record<MixDimension, 'district' | 'city' | 'purpose' | 'family' | 'ageBand' | 'income' | 'channel' | 'product'>> = {
    district: 'district',
    city: 'city',
    purpose: 'purpose',
    family: 'family',
    ageBand: 'ageBand',
    income: 'income',
    channel: 'channel',
    product: 'product',
  };
  for (const dim of mixDimensions) {
    const text = textDims[dim];
    let p: Map<string, number>;
    let a: Map<string, number>;
    if (text !== undefined) {
      p = countCodes(plan.text[text], plan.count);
      a = countCodes(actual.text[text], actual.count);
    } else if (dim === 'industry') {
      p = countCodes(plan.industry, plan.industry.codes.length);
      a = countCodes(actual.industry, actual.industry.codes.length);
    } else {
      p = countBands(plan, settings.areaBands);
      a = countBands(actual, settings.areaBands);
    }
    if (p.size === 0 && a.size === 0) continue;
    mix[dim] = mixTable(p, a, thresholds.flagPp);
  }
  // Columns kept at import, in the order they were first met, under their field name.
  for (const [key, col] of plan.kept) {
    const p = countCodes(col, plan.count);
    const ac = actual.kept.get(key);
    const a = ac === undefined ? new Map<string, number>() : countCodes(ac, actual.count);
    if (p.size === 0 && a.size === 0) continue;
    if (new Set([...p.keys(), ...a.keys()]).size > MAX_KEPT_VALUES) continue;
    mix[`attr:${key}`] = mixTable(p, a, thresholds.flagPp);
  }

  // New sources: districts the plan (almost) never reached, then 1 km cells outside every plan area.
  const newSources: Revision['newSources'] = [];
  const dPlan = countCodes(plan.text.district, plan.count);
  const dCol = actual.text.district;
  const dStats = dCol.labels.map(() => ({ n: 0, covered: 0, lng: 0, lat: 0 }));
  for (let i = 0; i < actual.count; i++) {
    const s = dStats[dCol.codes[i] ?? -1];
    if (s === undefined) continue;
    s.n++;
    s.covered += actualCovered[i] ?? 0;
    s.lng += actual.lng[i] ?? 0;
    s.lat += actual.lat[i] ?? 0;
  }
  const isNew = (a: number, p: number, covered: number): boolean => {
    const planShare = plan.count === 0 ? 0 : p / plan.count;
    return a >= thresholds.newSourceMinDeals && planShare <= thresholds.newSourcePlanShare && covered * 2 < a;
  };
  dCol.labels.forEach((name, c) => {
    const s = dStats[c];
    const p = dPlan.get(name) ?? 0;
    if (s === undefined || !isNew(s.n, p, s.covered)) return;
    const center: Position = [s.lng / s.n, s.lat / s.n];
    newSources.push({ kind: 'district', name, actual: s.n, actualShare: s.n / actual.count, plan: p, planShare: plan.count === 0 ? 0 : p / plan.count, center, ring: districtRing(resourcesDir, name, center) });
  });
  if (actual.count > 0) {
    let meanLat = 0;
    for (let i = 0; i < actual.count; i++) meanLat += actual.lat[i] ?? 0;
    meanLat /= actual.count;
    const dLat = CELL_M / M_PER_DEG_LAT;
    const dLng = CELL_M / (M_PER_DEG_LAT * Math.cos((meanLat * Math.PI) / 180));
    const cellOf = (lng: number, lat: number): string => `${Math.floor(lat / dLat)},${Math.floor(lng / dLng)}`;
    const aCells = new Map<string, number>();
    for (let i = 0; i < actual.count; i++) if (actualCovered[i] === 0) {
      const k = cellOf(actual.lng[i] ?? 0, actual.lat[i] ?? 0);
      aCells.set(k, (aCells.get(k) ?? 0) + 1);
    }
    const pCells = new Map<string, number>();
    for (let i = 0; i < plan.count; i++) {
      const k = cellOf(plan.lng[i] ?? 0, plan.lat[i] ?? 0);
      if (aCells.has(k)) pCells.set(k, (pCells.get(k) ?? 0) + 1);
    }
    const cells = [...aCells].filter(([k, a]) => isNew(a, pCells.get(k) ?? 0, 0)).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, 20);
    const boxes = cells.map(([k]) => {
      const [row, col] = k.split(',').map(Number) as [number, number];
      return [col * dLng, row * dLat, (col + 1) * dLng, (row + 1) * dLat] as const;
    });
    // Named as 机会战场 names its cells: district and nearest known place, not coordinates.
    const ctx = cellNameContext(store, resourcesDir);
    const names = nameCells(boxes.map(([w, s, e, n]) => [(w + e) / 2, (s + n) / 2]), ctx.divisionOf, ctx.known);
    cells.forEach(([k, a], i) => {
      const [w, s, e, n] = boxes[i] ?? [0, 0, 0, 0];
      const center: [number, number] = [(w + e) / 2, (s + n) / 2];
      const p = pCells.get(k) ?? 0;
      newSources.push({ kind: 'cell', name: names[i]?.label ?? k, actual: a, actualShare: a / actual.count, plan: p, planShare: plan.count === 0 ? 0 : p / plan.count, center, ring: [[w, s], [e, s], [e, n], [w, n], [w, s]] });
    });
  }
  // Districts by name among equals (cells are already ordered): the order never depends on the scan's.
  const byName = (x: { kind: string; name: string }, y: { kind: string; name: string }): number => (x.kind !== 'district' || x.name === y.name ? 0 : x.name < y.name ? -1 : 1);
  newSources.sort((x, y) => (x.kind === y.kind ? y.actual - x.actual || byName(x, y) : x.kind === 'district' ? -1 : 1));

  // 够不够: pace, and the open prospects of the confirmed areas against the units left.
  const { perMonth, months } = pace(progress);
  const unitsLeft = progress.units === null ? null : Math.max(0, progress.units - progress.sold);
  const dealt = new Set(dealRows.map((d) => d.customer));
  const open = new Set<number>();
  areas.forEach((a, k) => {
    if (a.grade === '偏弱') return;
    for (const i of planInArea[k] ?? []) {
      const c = plan.customer[i] ?? 0;
      if (!dealt.has(c)) open.add(c);
    }
  });
  const paceOut: Revision['pace'] = {
    unitsLeft,
    perMonth,
    months,
    monthsNeeded: unitsLeft === null || perMonth === 0 ? null : Math.round((unitsLeft / perMonth) * 10) / 10,
    openProspects: open.size,
    prospectsPerUnit: unitsLeft === null || unitsLeft === 0 ? null : Math.round((open.size / unitsLeft) * 100) / 100,
  };

  const result: Omit<Revision, 'report' | 'summary'> = {
    plan: { count: plan.count, version: versionName, filter: planFilter, areas: planAreas.length },
    actual: { count: actual.count, until, filter: actualFilter },
    areas,
    newSources,
    mix,
    pace: paceOut,
    thresholds,
  };
  const summary = summarise(result, progress);
  if (until === null && params.until !== 'all') summary.splice(1, 0, progress.units === null ? '未设货量，无法判断 1/3 节点，按全部成交对比' : `已售 ${progress.sold}/${progress.units} 套，尚未达到 1/3，按全部成交对比`);
  return { ...result, summary };
}

/** The summary at the top of the panel and the report, in the planner's words, from the figures only. */
function summarise(r: Omit<Revision, 'report' | 'summary'>, progress: SalesProgress): string[] {
  const out: string[] = [];
  const upTo = r.actual.until === null ? '全部成交' : `截至 ${r.actual.until}${r.actual.until === progress.thirdReachedOn ? '（达到 1/3）' : ''}`;
  out.push(`${upTo}，成交 ${r.actual.count} 户，前期地图 ${r.plan.count} 位客户、${r.plan.areas} 个目标区域${r.plan.version === null ? '' : `（${r.plan.version}）`}`);
  for (const s of r.newSources.slice(0, MAX_SENTENCES)) {
    out.push(`${s.kind === 'district' ? s.name : `${s.name}（1 公里网格）`}为新增客源：成交 ${s.actual} 户（${pct(s.actualShare)}），前期地图未覆盖`);
  }
  const word: Record<AreaVerdict, string> = { 已印证: '已印证', 偏弱: '偏弱', 超预期: '超预期' };
  for (const a of [...r.areas].sort((x, y) => y.actual - x.actual).slice(0, MAX_SENTENCES)) {
    out.push(`${a.name}${word[a.grade]}：前期占 ${pct(a.planShare)}，成交占 ${pct(a.actualShare)}`);
  }
  const flagged = mixKeys(r.mix).flatMap((dim) => (r.mix[dim] ?? []).filter((row) => row.flagged).map((row) => ({ dim, row })));
  flagged.sort((x, y) => Math.abs(y.row.deltaPp) - Math.abs(x.row.deltaPp));
  for (const { dim, row } of flagged.slice(0, MAX_SENTENCES * 2)) {
    out.push(`${mixTitle(dim)}「${row.name}」占比${row.deltaPp > 0 ? '上升' : '下降'} ${pp(row.deltaPp)} 个百分点（${pct(row.planShare)} → ${pct(row.actualShare)}）`);
  }
  const p = r.pace;
  if (p.unitsLeft !== null) {
    out.push(
      p.monthsNeeded === null
        ? `剩余 ${p.unitsLeft} 套，近 3 个月没有成交`
        : `近 3 个月月均成交 ${p.perMonth} 套，剩余 ${p.unitsLeft} 套按此节奏约需 ${p.monthsNeeded} 个月`,
    );
    if (p.prospectsPerUnit !== null) out.push(`已印证区域内尚有 ${p.openProspects} 位未成交客户，为剩余货量的 ${p.prospectsPerUnit} 倍${p.prospectsPerUnit < 3 ? '，客户储备不足，建议扩大地图' : ''}`);
  }
  return out;
}
