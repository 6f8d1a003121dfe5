import { basename } from 'node:path';
import { KetuError } from '../contract/errors.js';
import type { CellProblem } from '../contract/errors.js';
import { importFields } from '../contract/methods.js';
import type { CrsName, DeclaredCrs, ImportField } from '../contract/methods.js';
import type { QueryKind } from '../geocode/geocoder.js';
import type { NewCustomer, NewPlace } from '../store/records.js';
import { recordFieldValues } from '../store/record-field-values.js';
import type { PlainCell } from './cell-value.js';
import { toWgs84 } from '../geocode/crs.js';
import { parseCoordinate } from './coordinates.js';
import { fieldForHeader, normaliseHeader } from './header-map.js';
import { readTable } from './sources/header-detect.js';
import { openTableSource } from './sources/table-source.js';
import type { SourceRow } from './sources/table-source.js';
import { columnName } from './sources/xlsx-sheet.js';
import { cellText, normaliseIndustry, normalisePhone, parseAge, parseArea, parseDate, parseGender, parsePrice } from './values/index.js';

/*
 * The reading half of an import: open the file, find the header, map the columns, and turn each row
 * into a customer with its places, values parsed and coordinates checked and converted. It never
 * touches the project file, so it runs on a worker thread beside the writes (see reader-thread.ts).
 */

/** What the reader needs from the project and the planner: known mappings, and the planner's choices. */
export interface SheetReaderInput {
  file: string;
  crs: DeclaredCrs;
  sheet?: string | undefined;
  encoding?: 'auto' | 'utf-8' | 'gb18030' | undefined;
  mapping?: Record<string, ImportField | null> | undefined;
  /** Mappings remembered in the project, by column layout. */
  remembered: Record<string, Record<string, ImportField | null>>;
}

export interface SheetHeader {
  kind: 'xlsx' | 'csv';
  encoding: string | null;
  sheet: string;
  sheets: string[];
  headerRow: number;
  columns: Array<{ header: string; field: ImportField | null }>;
  layout: string;
  mappingRemembered: boolean;
  crsUsed: Record<string, CrsName>;
  /** Keys of crsUsed read as GCJ-02 only by default (nothing declared, nothing in the column names). */
  crsDefaulted: string[];
  /** Said of every row without a place: why it could not be placed. */
  unplacedReason: string;
  /** The first data rows as read, for the preview. */
  sample: Array<Record<string, PlainCell>>;
  /** What the preview must tell about the header itself (a repeated header and where its values went). */
  notes: CellProblem[];
}

/** Where a column's values go: its field, an attribute under this name, or the customer's other phones. */
type ColumnUse = { kind: 'field' } | { kind: 'attribute'; name: string } | { kind: 'phone' } | { kind: 'none' };

export type SheetEvent =
  | { type: 'header'; header: SheetHeader }
  | { type: 'rows'; rows: PendingRow[] }
  | { type: 'end'; rowsRead: number; skipped: { blank: number; summary: number } };

const CHUNK_ROWS = 1000;

const placeFields: ReadonlySet<ImportField> = new Set<ImportField>(['name', 'phone', 'community', 'address', 'homeDistrict', 'employer', 'workAddress', 'leisure', 'industry', 'lng', 'lat', 'workLng', 'workLat']);

/** China's extent, generous: a point outside is kept but flagged for review. */
const CHINA = { west: 73.4, east: 135.1, south: 18.1, north: 53.6 };

/** Column names often say which map the coordinates were copied from; null when they say nothing. */
function crsSaidByHeaders(headers: string[]): CrsName | null {
  const text = headers.join(' ').toLowerCase();
  if (/百度|baidu|bd09|bd-09|bd_/.test(text)) return 'bd09';
  if (/wgs|gps|84/.test(text)) return 'wgs84';
  if (/gcj|高德|腾讯|amap|火星/.test(text)) return 'gcj02';
  return null;
}

/** The declared system, else the column names', else GCJ-02 (most Chinese sheets are copied from 高德/腾讯). */
function crsFromHeaders(headers: string[], declared: DeclaredCrs): CrsName {
  if (declared !== 'auto') return declared;
  return crsSaidByHeaders(headers) ?? 'gcj02';
}

export interface PendingPlace {
  place: NewPlace;
  /** Geocoding still to do: texts tried in order (name first, then address). */
  queries: Array<{ text: string; kind: QueryKind }>;
  column: string;
}

export interface PendingRow {
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

/** Streams a sheet as events: its header first, then rows in chunks, then the counts. */
export async function* readSheet(input: SheetReaderInput, signal?: AbortSignal): AsyncGenerator<SheetEvent> {
  const source = await openTableSource(input.file, input.encoding === undefined ? {} : { encoding: input.encoding });
  const sheets = await source.sheets();
  // Headers the user mapped before (now or in an earlier import) count as recognised when finding the header row.
  const known = Object.values(input.remembered).flatMap((m) => Object.entries(m).filter(([, f]) => f !== null).map(([h]) => h));
  const mapped = new Set([...Object.keys(input.mapping ?? {}), ...known].map(normaliseHeader));
  const table = await readTable(source, input.sheet, signal, (h) => fieldForHeader(h) !== null || mapped.has(normaliseHeader(h)));
  const sheet = table.sheet;
  const headers = table.headers;
  const layout = headers.map(normaliseHeader).join('|');
  const remembered = input.mapping === undefined ? (input.remembered[layout] ?? null) : null;
  const columns = headers.map((header) => {
    // A null choice means "keep as a custom attribute": it must not fall back to the recognised field.
    const chosen = input.mapping !== undefined && header in input.mapping ? input.mapping[header] : remembered?.[header];
    return { header, field: chosen === undefined ? fieldForHeader(header) : chosen };
  });
  const index: Partial<Record<ImportField, number>> = {};
  columns.forEach((c, i) => {
    if (c.field !== null && index[c.field] === undefined) index[c.field] = i;
  });
  // A repeated header (姓名,手机,手机,姓名): the first is the field; the later ones are kept, never dropped.
  const notes: CellProblem[] = [];
  const occurrences = new Map<string, number>();
  const uses: ColumnUse[] = columns.map((c, i): ColumnUse => {
    if (c.header === '' && c.field === null) return { kind: 'none' };
    const n = (occurrences.get(c.header) ?? 0) + 1;
    occurrences.set(c.header, n);
    if (c.field === null ? n === 1 : index[c.field] === i) return c.field === null ? { kind: 'attribute', name: c.header } : { kind: 'field' };
    const where = `第 ${columnName(i + 1)} 列`;
    if (c.field === 'phone') {
      const first = headers[index.phone ?? 0] ?? c.header;
      const repeated = first === c.header ? `表头「${c.header}」重复` : `「${c.header}」与「${first}」都是电话`;
      notes.push({ sheet: table.sheet, row: table.headerRow, column: c.header, reason: `${repeated}：${where}的号码存为同一客户的其他号码`, severity: 'flag', value: c.header });
      return { kind: 'phone' };
    }
    const name = n === 1 ? c.header : `${c.header}(${n})`;
    const first = c.field === null ? c.header : (headers[index[c.field] ?? 0] ?? c.header);
    const repeated = first === c.header ? `表头「${c.header}」重复` : `「${c.header}」与「${first}」对应同一字段`;
    notes.push({ sheet: table.sheet, row: table.headerRow, column: c.header, reason: `${repeated}：${where}存为属性「${name}」`, severity: 'flag', value: c.header });
    return { kind: 'attribute', name };
  });
  // A header with characters the file's encoding could not give (a broken byte): said, as in data cells.
  columns.forEach((c, i) => {
    if (c.header.includes('\uFFFD')) notes.push({ sheet: table.sheet, row: table.headerRow, column: c.header, reason: `第 ${columnName(i + 1)} 列的表头有无法识别的字符（显示为 �），请核对原文件的文字编码`, severity: 'flag', value: c.header });
  });
  const headerOf = (f: ImportField): string => (index[f] === undefined ? f : (headers[index[f]] ?? f));
  const homeCrs = crsFromHeaders([headerOf('lng'), headerOf('lat')], input.crs);
  const workCrs = crsFromHeaders([headerOf('workLng'), headerOf('workLat')], input.crs);
  const crsUsed: Record<string, CrsName> = {};
  if (index.lng !== undefined || index.lat !== undefined) crsUsed[`${headerOf('lng')}/${headerOf('lat')}`] = homeCrs;
  if (index.workLng !== undefined || index.workLat !== undefined) crsUsed[`${headerOf('workLng')}/${headerOf('workLat')}`] = workCrs;
  // Pairs read as GCJ-02 by default: the dialog says so in words, with the choice beside it.
  const crsDefaulted: string[] = [];
  if (input.crs === 'auto') {
    if ((index.lng !== undefined || index.lat !== undefined) && crsSaidByHeaders([headerOf('lng'), headerOf('lat')]) === null) crsDefaulted.push(`${headerOf('lng')}/${headerOf('lat')}`);
    if ((index.workLng !== undefined || index.workLat !== undefined) && crsSaidByHeaders([headerOf('workLng'), headerOf('workLat')]) === null) crsDefaulted.push(`${headerOf('workLng')}/${headerOf('workLat')}`);
  }
  // Without any column to place a row by, every row is rejected with this reason; the preview still
  // returns the columns so the planner can map one.
  const locatable =
    index.lng !== undefined || index.community !== undefined || index.address !== undefined || index.homeDistrict !== undefined || index.employer !== undefined || index.workAddress !== undefined || index.workLng !== undefined || index.leisure !== undefined;
  const unplacedReason = locatable ? '没有坐标，也没有可定位的小区、地址或单位' : `工作表没有可用于定位的列（经度/纬度、居住小区、地址或工作单位），请在列对应中指定：${basename(input.file)}`;

  const plan = rowPlan(columns, uses, index, headerOf);
  let rowsRead = 0;
  let chunk: PendingRow[] = [];
  const sample: Array<Record<string, PlainCell>> = [];
  let announced = false;
  const header = (): SheetEvent => {
    announced = true;
    return {
      type: 'header',
      header: { kind: source.kind, encoding: source.encoding ?? null, sheet, sheets, headerRow: table.headerRow, columns, layout, mappingRemembered: remembered !== null, crsUsed, crsDefaulted, unplacedReason, sample, notes },
    };
  };
  for await (const src of table.rows) {
    rowsRead++;
    if (sample.length < 5) sample.push(Object.fromEntries(headers.map((h, i) => [h, src.values[i] ?? null])));
    chunk.push(readRow(src, sheet, headers, plan, homeCrs, workCrs));
    if (chunk.length < CHUNK_ROWS) continue;
    if (!announced) yield header();
    yield { type: 'rows', rows: chunk };
    chunk = [];
  }
  if (signal?.aborted === true) throw new KetuError('CANCELLED', '导入已取消，项目文件未改动');
  if (!announced) yield header();
  if (chunk.length > 0) yield { type: 'rows', rows: chunk };
  yield { type: 'end', rowsRead, skipped: { blank: table.skipped.blank, summary: table.skipped.summary.length } };
}

/** Where each column's value goes, decided once per sheet rather than per row. */
type ColumnTarget = { kind: 'attribute'; name: string } | { kind: 'phone'; header: string } | null;

/**
 * What readRow needs, worked out once per sheet: each field's column (-1 when absent) and header in
 * objects with every field (one shape, so each look-up is a plain property read), and each column's target.
 */
interface RowPlan {
  column: Record<ImportField, number>;
  header: Record<ImportField, string>;
  targets: ColumnTarget[];
}

function rowPlan(columns: Array<{ header: string; field: ImportField | null }>, uses: ColumnUse[], index: Partial<Record<ImportField, number>>, headerOf: (f: ImportField) => string): RowPlan {
  const column = {} as Record<ImportField, number>;
  const header = {} as Record<ImportField, string>;
  for (const f of importFields) {
    column[f] = index[f] ?? -1;
    header[f] = headerOf(f);
  }
  const targets = columns.map((c, i): ColumnTarget => {
    const use = uses[i];
    if (use === undefined) return null;
    if (use.kind === 'attribute') return { kind: 'attribute', name: use.name };
    if (use.kind === 'phone') return { kind: 'phone', header: c.header };
    if (use.kind === 'field' && c.field !== null && !placeFields.has(c.field)) return { kind: 'attribute', name: c.field };
    return null;
  });
  return { column, header, targets };
}

function readRow(src: SourceRow, sheet: string, headers: string[], plan: RowPlan, homeCrs: CrsName, workCrs: CrsName): PendingRow {
  const values = src.values;
  const headerOf = (f: ImportField): string => plan.header[f];
  const get = (f: ImportField): PlainCell => {
    const i = plan.column[f];
    return i < 0 ? null : (values[i] ?? null);
  };
  const text = (f: ImportField): string | null => cellText(get(f));
  const problems: CellProblem[] = [];
  const flag = (f: ImportField, reason: string): void => {
    problems.push({ sheet, row: src.number, column: headerOf(f), reason, severity: 'flag', value: String(get(f) ?? '') });
  };
  const error = (column: string, reason: string, value: string): void => {
    problems.push({ sheet, row: src.number, column, reason, severity: 'error', value });
  };
  for (const cell of src.unread ?? []) {
    problems.push({ sheet, row: src.number, column: headers[cell.column] || columnName(cell.column + 1), reason: cell.reason, severity: 'flag', value: cell.value });
  }
  const attributes: Record<string, string | number | null> = {};
  const phoneCells: Array<{ cell: PlainCell; column: string }> = [];
  if (get('phone') !== null) phoneCells.push({ cell: get('phone'), column: headerOf('phone') });
  const targets = plan.targets;
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i];
    const v = values[i] ?? null;
    if (v === null || target === null || target === undefined) continue;
    if (target.kind === 'attribute') attributes[target.name] = v;
    else phoneCells.push({ cell: v, column: target.header });
  }

  // Values: normalised where KeTu knows the field; the original stays in the sheet's report.
  let phone: string | null = null;
  const otherPhones: string[] = [];
  for (const { cell, column } of phoneCells) {
    const p = normalisePhone(cell);
    if (p.ok) {
      if (phone === null) phone = p.value.phone;
      else otherPhones.push(p.value.phone);
      otherPhones.push(...p.value.others);
    } else problems.push({ sheet, row: src.number, column, reason: p.reason, severity: 'flag', value: String(cell ?? '') });
  }
  if (otherPhones.length > 0) attributes.otherPhones = otherPhones.join(' ');
  const normalise = (f: ImportField, parse: (cell: PlainCell) => { ok: true; value: string | number } | { ok: false; reason: string }): void => {
    if (get(f) === null) return;
    const r = parse(get(f));
    if (r.ok) attributes[f] = r.value;
    else {
      flag(f, r.reason);
      // Date fields are filtered and sorted as dates: unreadable text is no date (the flag keeps the original).
      if (f === 'visitDate' || f === 'dealDate') attributes[f] = null;
    }
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
  // 娱乐: each named place (商场、会所 …) is placed by name like a community.
  for (const name of (text('leisure') ?? '').split(/[、，,;；/]/).map((n) => n.trim()).filter((n) => n !== '')) {
    pending.push({ place: { role: 'leisure', lng: 0, lat: 0, name, address: null, source: 'geocode' }, queries: [{ text: name, kind: 'community' }], column: headerOf('leisure') });
  }
  // Worked out here, from the object, so the writer need not parse the JSON text again (and, in an import, on the reader thread).
  const customer = { name: text('name'), phone, attributes: JSON.stringify(attributes), recordFields: recordFieldValues(attributes), row: src.number, places };
  return { row: src.number, customer, pending, problems };
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
