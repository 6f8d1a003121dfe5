import { basename } from 'node:path';
import { KetuError } from '../contract/errors.js';
import type { CellProblem } from '../contract/errors.js';
import type { CrsName, DeclaredCrs, ImportField, ImportStage } from '../contract/methods.js';
import { createGeocoder, isHit } from '../geocode/geocoder.js';
import type { QueryKind } from '../geocode/geocoder.js';
import { locateInRounds } from '../geocode/rounds.js';
import type { NewCustomer, NewPlace, PlacePrecision, ProjectStore } from '../store/project-store.js';
import type { PlainCell } from './cell-value.js';
import { parseCoordinate, toWgs84 } from './coordinates.js';
import { fieldForHeader, normaliseHeader } from './header-map.js';
import { readTable } from './sources/header-detect.js';
import { openTableSource } from './sources/table-source.js';
import type { SourceRow } from './sources/table-source.js';
import { cellText, normaliseIndustry, normalisePhone, parseAge, parseArea, parseDate, parseGender, parsePrice } from './values/index.js';

export interface ImportOptions {
  file: string;
  crs: DeclaredCrs;
  sheet?: string | undefined;
  encoding?: 'auto' | 'utf-8' | 'gb18030' | undefined;
  stage?: ImportStage | undefined;
  mapping?: Record<string, ImportField | null> | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((phase: 'read' | 'geocode', done: number, total: number) => void) | undefined;
}

/** Everything an import will do, worked out before anything is written. */
export interface ImportPlan {
  file: string;
  kind: 'xlsx' | 'csv';
  encoding: string | null;
  sheet: string;
  sheets: string[];
  headerRow: number;
  columns: Array<{ header: string; field: ImportField | null }>;
  /** The column layout (normalised headers) the mapping is remembered under. */
  layout: string;
  mappingRemembered: boolean;
  rowsRead: number;
  customers: NewCustomer[];
  problems: CellProblem[];
  rejectedRows: number;
  flaggedRows: number;
  crsUsed: Record<string, CrsName>;
  skipped: { blank: number; summary: number };
  geocoded: Record<string, number>;
  sample: Array<Record<string, PlainCell>>;
}

const placeFields: ReadonlySet<ImportField> = new Set<ImportField>(['name', 'phone', 'community', 'address', 'homeDistrict', 'employer', 'workAddress', 'industry', 'lng', 'lat', 'workLng', 'workLat']);

/** China's extent, generous: a point outside is kept but flagged for review. */
const CHINA = { west: 73.4, east: 135.1, south: 18.1, north: 53.6 };
const OUTLIER_MIN_KM = 80;

/** Column names often say which map the coordinates were copied from. */
function crsFromHeaders(headers: string[], declared: DeclaredCrs): CrsName {
  if (declared !== 'auto') return declared;
  const text = headers.join(' ').toLowerCase();
  if (/百度|baidu|bd09|bd-09|bd_/.test(text)) return 'bd09';
  if (/wgs|gps|84/.test(text)) return 'wgs84';
  return 'gcj02';
}

function distanceKm(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(h));
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? 0 : sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface PendingPlace {
  place: NewPlace;
  /** Geocoding still to do: texts tried in order (name first, then address). */
  queries: Array<{ text: string; kind: QueryKind }>;
  column: string;
}

interface PendingRow {
  row: number;
  customer: NewCustomer;
  pending: PendingPlace[];
  problems: CellProblem[];
}

type CoordinateOutcome = { kind: 'none' } | { kind: 'ok'; lng: number; lat: number; flags: string[] } | { kind: 'error'; reason: string };

/** One lng/lat pair of a row: parsed, checked, converted to WGS-84. Problems are named, never fixed silently. */
function readPair(lngCell: PlainCell, latCell: PlainCell, crs: CrsName): CoordinateOutcome {
  if (lngCell === null && latCell === null) return { kind: 'none' };
  const lng = parseCoordinate(lngCell);
  const lat = parseCoordinate(latCell);
  if (lngCell === null || latCell === null) return { kind: 'error', reason: lngCell === null ? '经度为空' : '纬度为空' };
  if (lng === null) return { kind: 'error', reason: `经度不是数字：${String(lngCell)}` };
  if (lat === null) return { kind: 'error', reason: `纬度不是数字：${String(latCell)}` };
  if (lng === 0 && lat === 0) return { kind: 'error', reason: '坐标为 (0, 0)，不是有效位置' };
  const flags: string[] = [];
  let [x, y] = [lng, lat];
  // China spans 73–135°E and 18–54°N: numbers the other way round are a swapped pair, not a place at sea.
  if (x >= CHINA.south && x <= CHINA.north && y >= CHINA.west && y <= CHINA.east) {
    [x, y] = [y, x];
    flags.push('经纬度颠倒，已对调');
  }
  if (x < -180 || x > 180 || y < -90 || y > 90) return { kind: 'error', reason: `坐标超出范围：${lng}, ${lat}` };
  const [wx, wy] = toWgs84(x, y, crs);
  if (wx < CHINA.west || wx > CHINA.east || wy < CHINA.south || wy > CHINA.north) flags.push('位于中国境外');
  return { kind: 'ok', lng: wx, lat: wy, flags };
}

const precisionLabel: Record<PlacePrecision, string> = { coordinate: '坐标', address: '门牌', community: '小区', road: '道路', district: '区县', city: '城市' };

/** Reads, maps, checks, converts and geocodes a sheet into customers; writes nothing. */
export async function planImport(store: ProjectStore, opts: ImportOptions): Promise<ImportPlan> {
  const source = await openTableSource(opts.file, opts.encoding === undefined ? {} : { encoding: opts.encoding });
  const sheets = await source.sheets();
  // Headers the user mapped before (now or in an earlier import) count as recognised when finding the header row.
  const mapped = new Set([...Object.keys(opts.mapping ?? {}), ...store.mappedHeaders()].map(normaliseHeader));
  const table = await readTable(source, opts.sheet, opts.signal, (h) => fieldForHeader(h) !== null || mapped.has(normaliseHeader(h)));
  const sheet = table.sheet;
  const headers = table.headers;
  const layout = headers.map(normaliseHeader).join('|');
  const remembered = opts.mapping === undefined ? store.recallMapping(layout) : null;
  const columns = headers.map((header) => {
    // A null choice means "keep as a custom attribute": it must not fall back to the recognised field.
    const chosen = opts.mapping !== undefined && header in opts.mapping ? opts.mapping[header] : remembered?.[header];
    return { header, field: chosen === undefined ? fieldForHeader(header) : chosen };
  });
  const index: Partial<Record<ImportField, number>> = {};
  columns.forEach((c, i) => {
    if (c.field !== null && index[c.field] === undefined) index[c.field] = i;
  });
  const headerOf = (f: ImportField): string => (index[f] === undefined ? f : (headers[index[f]] ?? f));
  const homeCrs = crsFromHeaders([headerOf('lng'), headerOf('lat')], opts.crs);
  const workCrs = crsFromHeaders([headerOf('workLng'), headerOf('workLat')], opts.crs);
  const crsUsed: Record<string, CrsName> = {};
  if (index.lng !== undefined || index.lat !== undefined) crsUsed[`${headerOf('lng')}/${headerOf('lat')}`] = homeCrs;
  if (index.workLng !== undefined || index.workLat !== undefined) crsUsed[`${headerOf('workLng')}/${headerOf('workLat')}`] = workCrs;
  // Without any column to place a row by, every row is rejected with this reason; the preview still
  // returns the columns so the planner can map one.
  const locatable =
    index.lng !== undefined || index.community !== undefined || index.address !== undefined || index.homeDistrict !== undefined || index.employer !== undefined || index.workAddress !== undefined || index.workLng !== undefined;

  const rows: PendingRow[] = [];
  const sample: Array<Record<string, PlainCell>> = [];
  let rowsRead = 0;
  for await (const src of table.rows) {
    rowsRead++;
    if (rowsRead % 1000 === 0) opts.onProgress?.('read', rowsRead, 0);
    if (sample.length < 5) sample.push(Object.fromEntries(headers.map((h, i) => [h, src.values[i] ?? null])));
    rows.push(readRow(src, sheet, headers, columns, index, headerOf, homeCrs, workCrs));
  }
  if (opts.signal?.aborted === true) throw new KetuError('CANCELLED', '导入已取消，项目文件未改动');

  const geocoded = await geocodePending(store, rows, sheet, opts);
  flagOutliers(rows, sheet);

  const problems: CellProblem[] = [];
  const customers: NewCustomer[] = [];
  let rejectedRows = 0;
  let flaggedRows = 0;
  for (const r of rows) {
    problems.push(...r.problems);
    if (r.customer.places.length === 0) {
      rejectedRows++;
      if (!r.problems.some((p) => p.severity === 'error')) {
        const reason = locatable ? '没有坐标，也没有可定位的小区、地址或单位' : `工作表没有可用于定位的列（经度/纬度、居住小区、地址或工作单位），请在列对应中指定：${basename(opts.file)}`;
        problems.push({ sheet, row: r.row, column: '(整行)', reason, severity: 'error' });
      }
      continue;
    }
    if (r.problems.some((p) => p.severity === 'error')) {
      rejectedRows++;
      continue;
    }
    if (r.problems.length > 0) flaggedRows++;
    customers.push(r.customer);
  }
  return {
    file: opts.file,
    kind: source.kind,
    encoding: source.encoding ?? null,
    sheet,
    sheets,
    headerRow: table.headerRow,
    columns,
    layout,
    mappingRemembered: remembered !== null,
    rowsRead,
    customers,
    problems,
    rejectedRows,
    flaggedRows,
    crsUsed,
    skipped: { blank: table.skipped.blank, summary: table.skipped.summary.length },
    geocoded,
    sample,
  };
}

function readRow(
  src: SourceRow,
  sheet: string,
  headers: string[],
  columns: Array<{ header: string; field: ImportField | null }>,
  index: Partial<Record<ImportField, number>>,
  headerOf: (f: ImportField) => string,
  homeCrs: CrsName,
  workCrs: CrsName,
): PendingRow {
  const get = (f: ImportField): PlainCell => (index[f] === undefined ? null : (src.values[index[f]] ?? null));
  const text = (f: ImportField): string | null => cellText(get(f));
  const problems: CellProblem[] = [];
  const flag = (f: ImportField, reason: string): void => {
    problems.push({ sheet, row: src.number, column: headerOf(f), reason, severity: 'flag', value: String(get(f) ?? '') });
  };
  const error = (column: string, reason: string, value: string): void => {
    problems.push({ sheet, row: src.number, column, reason, severity: 'error', value });
  };
  const attributes: Record<string, string | number | null> = {};
  columns.forEach((c, i) => {
    const v = src.values[i] ?? null;
    if (c.field === null) {
      if (c.header !== '' && v !== null) attributes[c.header] = v;
    } else if (!placeFields.has(c.field) && v !== null) attributes[c.field] = v;
  });

  // Values: normalised where KeTu knows the field; the original stays in the sheet's report.
  let phone: string | null = null;
  if (get('phone') !== null) {
    const p = normalisePhone(get('phone'));
    if (p.ok) {
      phone = p.value.phone;
      if (p.value.others.length > 0) attributes.otherPhones = p.value.others.join(' ');
    } else flag('phone', p.reason);
  }
  const normalise = (f: ImportField, parse: (cell: PlainCell) => { ok: true; value: string | number } | { ok: false; reason: string }): void => {
    if (get(f) === null) return;
    const r = parse(get(f));
    if (r.ok) attributes[f] = r.value;
    else flag(f, r.reason);
  };
  normalise('gender', parseGender);
  normalise('visitDate', parseDate);
  normalise('dealDate', parseDate);
  normalise('area', parseArea);
  normalise('price', (c) => parsePrice(c, headerOf('price')));
  if (get('age') !== null) {
    const a = parseAge(get('age'));
    if (a.ok) {
      if (a.value.age !== undefined) attributes.age = a.value.age;
      attributes.ageBand = a.value.band;
    } else flag('age', a.reason);
  }

  const places: NewPlace[] = [];
  const pending: PendingPlace[] = [];
  const community = text('community');
  const address = text('address');
  const homeDistrict = text('homeDistrict');
  const home = readPair(get('lng'), get('lat'), homeCrs);
  const homeName = community ?? address;
  if (home.kind === 'error') error(`${headerOf('lng')}/${headerOf('lat')}`, home.reason, `${String(get('lng') ?? '')}, ${String(get('lat') ?? '')}`);
  else if (home.kind === 'ok') {
    for (const f of home.flags) flag('lng', f);
    places.push({ role: 'home', lng: home.lng, lat: home.lat, name: community, address, source: 'import', precision: 'coordinate', flags: home.flags });
  } else {
    const queries: Array<{ text: string; kind: QueryKind }> = [];
    if (community !== null) queries.push({ text: community, kind: 'community' });
    if (address !== null) queries.push({ text: address, kind: 'address' });
    if (homeDistrict !== null) queries.push({ text: homeDistrict, kind: 'address' });
    if (queries.length > 0) {
      pending.push({ place: { role: 'home', lng: 0, lat: 0, name: homeName, address, source: 'geocode' }, queries, column: headerOf(community !== null ? 'community' : address !== null ? 'address' : 'homeDistrict') });
    }
  }

  const employer = text('employer');
  const workAddress = text('workAddress');
  const industryText = text('industry');
  let industry: string | null = null;
  if (industryText !== null) {
    const n = industryOf(industryText);
    attributes.industryOriginal = industryText;
    if (n === null) flag('industry', `行业无法归入国民经济行业分类：${industryText}`);
    else {
      industry = n.name;
      attributes.industrySection = n.section;
    }
  }
  const work = readPair(get('workLng'), get('workLat'), workCrs);
  if (work.kind === 'error') flag('workLng', `单位${work.reason}，工作地点未导入`);
  else if (work.kind === 'ok') {
    for (const f of work.flags) flag('workLng', f);
    places.push({ role: 'work', lng: work.lng, lat: work.lat, name: employer, address: workAddress, industry, source: 'import', precision: 'coordinate', flags: work.flags });
  }
  if (work.kind !== 'ok') {
    const queries: Array<{ text: string; kind: QueryKind }> = [];
    if (employer !== null) queries.push({ text: employer, kind: 'employer' });
    if (workAddress !== null) queries.push({ text: workAddress, kind: 'address' });
    if (queries.length > 0) {
      pending.push({ place: { role: 'work', lng: 0, lat: 0, name: employer, address: workAddress, industry, source: 'geocode' }, queries, column: headerOf(employer !== null ? 'employer' : 'workAddress') });
    }
  }
  return { row: src.number, customer: { name: text('name'), phone, attributes, row: src.number, places }, pending, problems };
}

/** Sheets repeat a few dozen industry texts over thousands of rows: classify each text once. */
const industryMemo = new Map<string, ReturnType<typeof normaliseIndustry>>();
function industryOf(text: string): ReturnType<typeof normaliseIndustry> {
  let known = industryMemo.get(text);
  if (known === undefined && !industryMemo.has(text)) {
    if (industryMemo.size > 10_000) industryMemo.clear();
    known = normaliseIndustry(text);
    industryMemo.set(text, known);
  }
  return known ?? null;
}

/**
 * Names this very batch places with coordinates (a community two rows give coordinates for), by the
 * median of their points: rows of the same batch that have only the name are placed there.
 */
function batchGazetteer(rows: PendingRow[]): Map<string, { lng: number; lat: number }> {
  const seen = new Map<string, { lngs: number[]; lats: number[] }>();
  for (const r of rows) {
    for (const p of r.customer.places) {
      if (p.precision !== 'coordinate' || p.name === null || p.name === undefined || (p.flags?.length ?? 0) > 0) continue;
      const key = `${p.role}:${p.name}`;
      const entry = seen.get(key) ?? { lngs: [], lats: [] };
      entry.lngs.push(p.lng);
      entry.lats.push(p.lat);
      seen.set(key, entry);
    }
  }
  return new Map([...seen].map(([key, e]) => [key, { lng: median(e.lngs), lat: median(e.lats) }]));
}

/** Places without coordinates: this batch's own names, the gazetteer, the cache, then district/city centroids (offline). */
async function geocodePending(store: ProjectStore, rows: PendingRow[], sheet: string, opts: ImportOptions): Promise<Record<string, number>> {
  const geocoder = createGeocoder({ store: store.geocoding, provider: null, defaultCity: store.city() ?? undefined });
  const counts: Record<string, number> = {};
  const local = batchGazetteer(rows);
  const localHit = (p: PendingPlace): { lng: number; lat: number } | undefined => (p.place.name === null || p.place.name === undefined ? undefined : local.get(`${p.place.role}:${p.place.name}`));
  const items = rows.flatMap((r) => r.pending).filter((p) => localHit(p) === undefined);
  const outcome = await locateInRounds(geocoder, items, { signal: opts.signal, onProgress: (done, total) => opts.onProgress?.('geocode', done, total) });
  let next = 0;
  rows.forEach((r) =>
    r.pending.forEach((p) => {
      const sheetRow = { sheet, row: r.row, column: p.column };
      const here = localHit(p);
      if (here !== undefined) {
        r.customer.places.push({ ...p.place, lng: here.lng, lat: here.lat, source: 'gazetteer', precision: 'community', flags: [] });
        counts.community = (counts.community ?? 0) + 1;
        return;
      }
      const result = outcome.results[next++];
      if (result === undefined || !isHit(result)) {
        // A home that cannot be placed is named; an employer without coordinates is common offline and
        // only counted, or every row of a CRM sheet would be flagged.
        if (p.place.role === 'work') {
          counts.unplaced = (counts.unplaced ?? 0) + 1;
          return;
        }
        const reason = result === undefined ? '无法定位' : result.failed;
        r.problems.push({ ...sheetRow, reason: `住址无法定位：${reason}`, severity: 'flag', value: p.queries[0]?.text ?? '' });
        return;
      }
      const flags = result.precision === 'district' || result.precision === 'city' ? [`仅定位到${precisionLabel[result.precision]}（${result.matched}），待核对`] : [];
      r.customer.places.push({ ...p.place, lng: result.lng, lat: result.lat, source: result.source, precision: result.precision, flags });
      counts[result.precision] = (counts[result.precision] ?? 0) + 1;
      for (const f of flags) r.problems.push({ ...sheetRow, reason: f, severity: 'flag', value: p.queries[0]?.text ?? '' });
    }),
  );
  return counts;
}

/** A home far from every other home of the batch is more likely a typo than a buyer: flag it. */
function flagOutliers(rows: PendingRow[], sheet: string): void {
  const homes: Array<{ r: PendingRow; p: NewPlace }> = [];
  for (const r of rows) for (const p of r.customer.places) if (p.role === 'home' && p.precision === 'coordinate') homes.push({ r, p });
  if (homes.length < 5) return;
  const centre: [number, number] = [median(homes.map((h) => h.p.lng)), median(homes.map((h) => h.p.lat))];
  const distances = homes.map((h) => distanceKm(centre, [h.p.lng, h.p.lat]));
  const limit = Math.max(OUTLIER_MIN_KM, 10 * median(distances));
  homes.forEach((h, i) => {
    const d = distances[i] ?? 0;
    if (d <= limit) return;
    const reason = `距本批其他客户约 ${Math.round(d)} 公里，请核对坐标`;
    h.p.flags = [...(h.p.flags ?? []), reason];
    h.r.problems.push({ sheet, row: h.r.row, column: '经度/纬度', reason, severity: 'flag' });
  });
}
