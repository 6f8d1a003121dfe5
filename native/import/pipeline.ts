import { KetuError } from '../contract/errors.js';
import type { CellProblem } from '../contract/errors.js';
import { isUnsurePrecision } from '../contract/methods.js';
import type { DeclaredCrs, ImportField, ImportStage, PlacePrecision, PlaceRole } from '../contract/methods.js';
import { createGeocoder, isHit } from '../geocode/geocoder.js';
import { locateInRounds } from '../geocode/rounds.js';
import type { PlaceTexts } from '../geocode/rounds.js';
import type { BatchMeta, BatchWriter, StoredOwner } from '../store/batch-writer.js';
import type { ProjectStore } from '../store/project-store.js';
import type { NewPlace } from '../store/records.js';
import { roleWords } from '../export/filter-words.js';
import { sheetEvents } from './reader-thread.js';
import type { PendingPlace, PendingRow, SheetHeader } from './sheet-reader.js';

export interface ImportOptions {
  file: string;
  crs: DeclaredCrs;
  sheet?: string | undefined;
  encoding?: 'auto' | 'utf-8' | 'gb18030' | undefined;
  stage?: ImportStage | undefined;
  mapping?: Record<string, ImportField | null> | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((phase: 'read' | 'geocode', done: number, total: number) => void) | undefined;
  /** The folder holding the bundled district and city centres, for rows placed by address alone. */
  resourcesDir: string;
}

/** What an import read and would do (preview), or did inside its still open batch (commit). */
export interface ImportPlan extends Omit<SheetHeader, 'unplacedReason' | 'notes'> {
  file: string;
  rowsRead: number;
  /** Rows that become customers: no error and at least one place. */
  usableRows: number;
  /** Places those rows have (found in the sheet, in this batch or by geocoding). */
  places: number;
  /** In row order; errors are what stop an import. A commit's are rows of its open batch, not held here. */
  problems: PlanProblems;
  rejectedRows: number;
  flaggedRows: number;
  skipped: { blank: number; summary: number };
  geocoded: Record<string, number>;
  /** Places per role by precision; `none`: named places no step could place (flagged on their rows). */
  placedByRole: PlacedByRole;
}

export type PlacedByRole = Record<PlaceRole, Record<string, number>>;

/** An import's problems in report order (row, then as found; the header's notes first). */
export interface PlanProblems {
  readonly count: number;
  /** The first `limit`: of one severity ('flag': every problem that is no error) or of all. */
  first(limit: number, severity?: 'error' | 'flag'): CellProblem[];
  /** All of them, a page at a time. */
  pages(): Iterable<readonly CellProblem[]>;
}

/** Where problems go as they are found: the open batch (a commit) or an array (a preview). */
interface ProblemSink {
  add(problems: readonly CellProblem[]): void;
  /** Once every problem is in. */
  done(): PlanProblems;
}

/** A preview's problems: few enough to hold (the preview reads the sheet, it writes nothing). */
class HeldProblems implements ProblemSink, PlanProblems {
  private readonly list: CellProblem[] = [];

  add(problems: readonly CellProblem[]): void {
    for (const p of problems) this.list.push(p);
  }

  done(): PlanProblems {
    // Stable: a row's problems stay in the order found; the header's notes (its row comes first) stay first.
    this.list.sort((a, b) => a.row - b.row);
    return this;
  }

  get count(): number {
    return this.list.length;
  }

  first(limit: number, severity?: 'error' | 'flag'): CellProblem[] {
    const out: CellProblem[] = [];
    for (const p of this.list) {
      if (out.length >= limit) break;
      if (severity === undefined || (severity === 'error') === (p.severity === 'error')) out.push(p);
    }
    return out;
  }

  pages(): Iterable<readonly CellProblem[]> {
    return [this.list];
  }
}

/** A commit's problems: rows of its batch as they are found (import_problems), read back a page at a time. */
class BatchProblems implements ProblemSink, PlanProblems {
  constructor(private readonly writer: BatchWriter) {}

  add(problems: readonly CellProblem[]): void {
    if (problems.length > 0) this.writer.addProblems(problems);
  }

  done(): PlanProblems {
    return this;
  }

  get count(): number {
    return this.writer.problemTotal;
  }

  first(limit: number, severity?: 'error' | 'flag'): CellProblem[] {
    return this.writer.problems({ limit, severity }).problems;
  }

  pages(): Iterable<readonly CellProblem[]> {
    return this.writer.problemPages();
  }
}

/**
 * Opens the batch a commit writes into once the header is known; absent for a preview. Rows are
 * written while the sheet streams, so only rows still waiting for a position stay in memory.
 */
export type BeginBatch = (meta: BatchMeta) => BatchWriter;

const OUTLIER_MIN_KM = 80;
const PROGRESS_ROWS = 1000;

function distanceKm(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(h));
}

function median(values: ArrayLike<number>): number {
  // A typed array sorts numbers natively, without a comparator call per step (65k homes in a 100k sheet).
  const sorted = Float64Array.from(values).sort();
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? 0 : sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const precisionLabel: Record<PlacePrecision, string> = { coordinate: '坐标', address: '门牌', community: '小区', road: '道路', district: '区县', city: '城市' };

/** Reads, maps, checks, converts and geocodes a sheet; writes nothing (the import preview). */
export async function planImport(store: ProjectStore, opts: ImportOptions): Promise<ImportPlan> {
  return (await readImport(store, opts, null)).plan;
}

/**
 * The commit's pass: the same reading, with each usable row written into a batch opened once the
 * header is known. The caller finishes (commits) or aborts (rolls back) the returned writer.
 */
export async function importIntoBatch(store: ProjectStore, opts: ImportOptions, begin: BeginBatch): Promise<{ plan: ImportPlan; writer: BatchWriter }> {
  const { plan, writer } = await readImport(store, opts, begin);
  if (writer === null) throw new KetuError('INTERNAL', '导入批次未能打开');
  return { plan, writer };
}

async function readImport(store: ProjectStore, opts: ImportOptions, begin: BeginBatch | null): Promise<{ plan: ImportPlan; writer: BatchWriter | null }> {
  const input = { file: opts.file, crs: opts.crs, sheet: opts.sheet, encoding: opts.encoding, mapping: opts.mapping, remembered: store.rememberedMappings() };
  let header: SheetHeader | null = null;
  let writer: BatchWriter | null = null;
  let batch: BatchState | null = null;
  let sink: ProblemSink | null = null;
  let end: { rowsRead: number; skipped: { blank: number; summary: number } } | null = null;
  let rowsSeen = 0;
  try {
    for await (const event of sheetEvents(input, opts.signal)) {
      if (event.type === 'header') {
        header = event.header;
        const mapping: Record<string, string> = {};
        for (const c of header.columns) if (c.field !== null) mapping[c.header] = c.field;
        writer =
          begin === null
            ? null
            : begin({
                sourceFile: opts.file,
                sheet: header.sheet,
                stage: opts.stage ?? null,
                crs: Object.values(header.crsUsed)[0] ?? 'wgs84',
                mapping,
                mappingLayout: header.layout,
                columnMapping: Object.fromEntries(header.columns.map((c) => [c.header, c.field])),
              });
        sink = writer === null ? new HeldProblems() : new BatchProblems(writer);
        // The header's notes come first in the report.
        sink.add(header.notes);
        batch = new BatchState(header.sheet, writer, header.unplacedReason, sink);
      } else if (event.type === 'rows') {
        batch?.addRows(event.rows);
        const before = rowsSeen;
        rowsSeen += event.rows.length;
        // Said every PROGRESS_ROWS rows: the reader thread's rows come in parts of a few dozen.
        if (Math.floor(rowsSeen / PROGRESS_ROWS) !== Math.floor(before / PROGRESS_ROWS)) opts.onProgress?.('read', rowsSeen, 0);
      } else end = event;
    }
    if (rowsSeen % PROGRESS_ROWS !== 0) opts.onProgress?.('read', rowsSeen, 0);
    if (opts.signal?.aborted === true) throw new KetuError('CANCELLED', '导入已取消，项目文件未改动');
    if (header === null || batch === null || sink === null || end === null) throw new KetuError('INTERNAL', `读取未完成：${opts.file}`);
    const geocoded = await batch.placeWaiting(store, opts);
    batch.flagOutliers();
    const plan: ImportPlan = {
      kind: header.kind,
      encoding: header.encoding,
      sheet: header.sheet,
      sheets: header.sheets,
      headerRow: header.headerRow,
      columns: header.columns,
      layout: header.layout,
      mappingRemembered: header.mappingRemembered,
      crsUsed: header.crsUsed,
      crsDefaulted: header.crsDefaulted,
      sample: header.sample,
      file: opts.file,
      rowsRead: end.rowsRead,
      usableRows: batch.usable,
      places: batch.places,
      // Problems found after reading (geocoding, outliers) belong with their rows in the report; the
      // header's own notes (a repeated header) come first.
      problems: sink.done(),
      rejectedRows: batch.rejected,
      flaggedRows: batch.flaggedRows.size,
      skipped: end.skipped,
      geocoded,
      placedByRole: batch.placedByRole,
    };
    return { plan, writer };
  } catch (err) {
    // The writer's variable is only narrowed inside the loop; read it through a function.
    abortWriter(writer);
    throw err;
  }
}

function abortWriter(writer: BatchWriter | null): void {
  writer?.abort();
}

/** A growable column of numbers: a million waiting rows as a few typed arrays, not a million objects. */
class NumberColumn<T extends Int32Array | Uint8Array | Float64Array> {
  length = 0;
  constructor(private values: T) {}

  push(v: number): void {
    if (this.length === this.values.length) {
      const grown = new (this.values.constructor as new (n: number) => T)(Math.max(1024, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = v;
  }

  at(i: number): number {
    return this.values[i] ?? 0;
  }

  set(i: number, v: number): void {
    this.values[i] = v;
  }

  /** The values pushed, without a copy. */
  view(): T {
    return this.values.subarray(0, this.length) as T;
  }
}

/** Row numbers as bits: a million flagged rows in 125 KB instead of a Set of 30 MB. */
class RowSet {
  size = 0;
  private bits = new Uint8Array(1024);

  add(row: number): void {
    const byte = row >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (row & 7);
    if (((this.bits[byte] ?? 0) & bit) !== 0) return;
    this.bits[byte] = (this.bits[byte] ?? 0) | bit;
    this.size++;
  }
}

/** What a waiting place is and asks: a few thousand distinct ones (employers, communities) however many rows. */
interface WaitingPlace {
  role: PlaceRole;
  name: string | null;
  address: string | null;
  industry: string | null;
  column: string;
  /** Which list of geocoding texts it asks (index into BatchState's `texts`). */
  texts: number;
}

/**
 * The rows still waiting for a position until the sheet ends (in a CRM export with no employer
 * coordinates, every row), as columns: per row where it was stored (-1 in a preview), the places it
 * has, whether it is flagged so far and its first waiting place; per waiting place which distinct
 * place it is (index into BatchState's `kinds`). A million rows as objects held 300 MB; as columns 22 MB.
 */
class WaitingRows {
  readonly row = new NumberColumn(new Int32Array(1024));
  readonly customerId = new NumberColumn(new Int32Array(1024));
  readonly recordId = new NumberColumn(new Int32Array(1024));
  /** Places from the sheet's own coordinates (a home and a work pair: at most 2). */
  readonly places = new NumberColumn(new Uint8Array(1024));
  /** 1 when the row has a problem, found when read or while it is placed. */
  readonly flagged = new NumberColumn(new Uint8Array(1024));
  /** Index of the row's first waiting place; its last is before the next row's first. */
  readonly first = new NumberColumn(new Int32Array(1024));
  readonly kind = new NumberColumn(new Int32Array(1024));

  get length(): number {
    return this.row.length;
  }

  add(row: number, owner: StoredOwner | null, places: number, flagged: boolean, kinds: readonly number[]): void {
    this.row.push(row);
    this.customerId.push(owner?.customerId ?? -1);
    this.recordId.push(owner?.recordId ?? -1);
    this.places.push(places);
    this.flagged.push(flagged ? 1 : 0);
    this.first.push(this.kind.length);
    for (const k of kinds) this.kind.push(k);
  }

  /** Waiting places of row `i`: [from, to). */
  placesOf(i: number): [number, number] {
    return [this.first.at(i), i + 1 < this.length ? this.first.at(i + 1) : this.kind.length];
  }
}

/**
 * The batch as it streams past: usable rows are counted (and written, in a commit) at once; only
 * rows still waiting for a position, and a few numbers per placed home, are kept until the end.
 */
class BatchState {
  readonly flaggedRows = new RowSet();
  usable = 0;
  rejected = 0;
  places = 0;
  readonly placedByRole: PlacedByRole = { home: {}, work: {}, leisure: {} };
  /** Only what finishing a waiting row needs: a third of a CRM sheet can wait (employers without coordinates). */
  private waiting = new WaitingRows();
  /** The distinct lists of texts waiting places ask (a few thousand employers and communities). */
  private readonly texts: Array<PendingPlace['queries']> = [];
  /** Their indexes, by kinds and texts. */
  private readonly textIndex = new Map<string, number>();
  /** The distinct waiting places; per list of texts, those that ask it (a few each: the industries of one employer). */
  private readonly kinds: WaitingPlace[] = [];
  private readonly kindsByTexts: number[][] = [];
  /** Names this batch places with clean coordinates, by role: rows with only the name go there. */
  private readonly named = new Map<PlaceRole, Map<string, { lngs: number[]; lats: number[] }>>();
  /** Homes with the sheet's own coordinates, for the outlier check. */
  private readonly homes = {
    lng: new NumberColumn(new Float64Array(1024)),
    lat: new NumberColumn(new Float64Array(1024)),
    row: new NumberColumn(new Int32Array(1024)),
    placeId: new NumberColumn(new Int32Array(1024)),
    flags: new Map<number, string[]>(),
  };

  constructor(
    private readonly sheet: string,
    private readonly writer: BatchWriter | null,
    private readonly unplacedReason: string,
    private readonly problems: ProblemSink,
  ) {}

  /** A chunk of rows: the usable ones are written in one call (the writer looks their phones up together). */
  addRows(rows: readonly PendingRow[]): void {
    const usable = rows.filter((r) => !r.problems.some((p) => p.severity === 'error') && (r.pending.length > 0 || r.customer.places.length > 0));
    const owners = this.writer === null ? [] : this.writer.addCustomers(usable.map((r) => r.customer));
    let next = 0;
    for (const r of rows) {
      if (usable[next] === r) this.add(r, owners[next++] ?? null);
      else this.add(r, null);
    }
  }

  private add(r: PendingRow, owner: StoredOwner | null): void {
    this.problems.add(r.problems);
    if (r.problems.some((p) => p.severity === 'error')) {
      this.rejected++;
      return;
    }
    if (r.pending.length === 0 && r.customer.places.length === 0) {
      this.reject(r.row);
      return;
    }
    r.customer.places.forEach((p, i) => {
      this.remember(p, r.row, owner?.placeIds[i] ?? -1);
      this.placed(p.role, p.precision ?? 'coordinate');
    });
    if (r.pending.length > 0) {
      this.waiting.add(
        r.row,
        owner,
        r.customer.places.length,
        r.problems.length > 0,
        r.pending.map((p) => this.kindOf(p)),
      );
      return;
    }
    this.accept(r.row, r.customer.places.length, r.problems.length);
  }

  /** Waiting places: this batch's own names, the gazetteer, the cache, district/city centroids, then the project's city centre (offline). */
  async placeWaiting(store: ProjectStore, opts: ImportOptions): Promise<Record<string, number>> {
    const geocoder = createGeocoder({ store: store.geocoding, provider: null, defaultCity: store.city() ?? undefined, resourcesDir: opts.resourcesDir, cityFallback: true });
    const counts: Record<string, number> = {};
    const local = new Map([...this.named].map(([role, names]) => [role, new Map([...names].map(([name, e]) => [name, { lng: median(e.lngs), lat: median(e.lats) }]))]));
    this.named.clear();
    // Per distinct waiting place (in the order rows first have it): its position from this batch's
    // names, or which texts it asks. Each distinct list is asked once (offline, the same texts always
    // get the same answer, and the geocoder counts distinct texts), in the order the rows first ask it.
    // An answer is the index of its item (>= 0) or -1 - the index of a position from the batch's names.
    const w = this.waiting;
    const kinds = this.kinds;
    const answers = new Int32Array(kinds.length);
    const positions: Array<{ lng: number; lat: number }> = [];
    const positionOf = new Map<{ lng: number; lat: number }, number>();
    const items: PlaceTexts[] = [];
    const itemOf = new Int32Array(this.texts.length).fill(-1);
    kinds.forEach((kind, k) => {
      const here = kind.name === null ? undefined : local.get(kind.role)?.get(kind.name);
      if (here !== undefined) {
        let at = positionOf.get(here);
        if (at === undefined) {
          at = positions.push(here) - 1;
          positionOf.set(here, at);
        }
        answers[k] = -1 - at;
        return;
      }
      let item = itemOf[kind.texts] ?? -1;
      if (item < 0) {
        item = items.push({ queries: this.texts[kind.texts] ?? [] }) - 1;
        itemOf[kind.texts] = item;
      }
      answers[k] = item;
    });
    const outcome = await locateInRounds(geocoder, items, { signal: opts.signal, onProgress: (done, total) => opts.onProgress?.('geocode', done, total) });
    // The flag of each distinct answer, made once: a million rows share a few thousand (never changed).
    const unsure: Array<string[] | undefined> = [];
    for (let i = 0; i < w.length; i++) {
      const found: NewPlace[] = [];
      const [from, to] = w.placesOf(i);
      const row = w.row.at(i);
      for (let at = from; at < to; at++) {
        const k = w.kind.at(at);
        const p = kinds[k];
        if (p === undefined) continue;
        const answer = answers[k] ?? 0;
        const here = answer < 0 ? positions[-1 - answer] : undefined;
        if (here !== undefined) {
          found.push({ role: p.role, lng: here.lng, lat: here.lat, name: p.name, address: p.address, industry: p.industry, source: 'gazetteer', precision: 'community', flags: [] });
          counts.community = (counts.community ?? 0) + 1;
          this.placed(p.role, 'community');
          continue;
        }
        const result = outcome.results[answer];
        if (result === undefined || !isHit(result)) {
          // Every named place is said, employers too: with the project's city known this is rare (the
          // city centre is the last answer), without it the planner must learn why 工作 is 0.
          const reason = result === undefined ? '无法定位' : result.failed;
          this.note(i, { sheet: this.sheet, row, column: p.column, reason: `${roleWords[p.role]}地点无法定位：${reason}`, severity: 'flag', value: this.texts[p.texts]?.[0]?.text ?? '' });
          this.placed(p.role, 'none');
          continue;
        }
        let flags = unsure[answer];
        if (flags === undefined) {
          flags = isUnsurePrecision(result.precision) ? [`仅定位到${precisionLabel[result.precision]}（${result.matched}），待核对`] : [];
          unsure[answer] = flags;
        }
        found.push({ role: p.role, lng: result.lng, lat: result.lat, name: p.name, address: p.address, industry: p.industry, source: result.source, precision: result.precision, flags });
        counts[result.precision] = (counts[result.precision] ?? 0) + 1;
        this.placed(p.role, result.precision);
        for (const f of flags) this.note(i, { sheet: this.sheet, row, column: p.column, reason: f, severity: 'flag', value: this.texts[p.texts]?.[0]?.text ?? '' });
      }
      const owner = { customerId: w.customerId.at(i), recordId: w.recordId.at(i) };
      if (found.length > 0) this.writer?.addPlaces(owner, found);
      const places = w.places.at(i) + found.length;
      if (places === 0) {
        // Written when read, before its places were looked for: taken back, so a commit that skips bad rows keeps none of it.
        if (this.writer !== null) this.writer.withdraw(owner);
        this.reject(row);
      } else this.accept(row, places, w.flagged.at(i));
    }
    this.waiting = new WaitingRows();
    this.texts.length = 0;
    this.textIndex.clear();
    this.kinds.length = 0;
    this.kindsByTexts.length = 0;
    return counts;
  }

  /** A home far from every other home of the batch is more likely a typo than a buyer: flag it. */
  flagOutliers(): void {
    const { row, placeId, flags } = this.homes;
    const lng = this.homes.lng.view();
    const lat = this.homes.lat.view();
    if (lng.length < 5) return;
    const centre: [number, number] = [median(lng), median(lat)];
    const distances = lng.map((x, i) => distanceKm(centre, [x, lat[i] ?? 0]));
    const limit = Math.max(OUTLIER_MIN_KM, 10 * median(distances));
    distances.forEach((d, i) => {
      if (d <= limit) return;
      const reason = `距本批其他客户约 ${Math.round(d)} 公里，请核对坐标`;
      const r = row.at(i);
      this.problems.add([{ sheet: this.sheet, row: r, column: '经度/纬度', reason, severity: 'flag' }]);
      this.flaggedRows.add(r);
      const id = placeId.at(i);
      if (id >= 0) this.writer?.setPlaceFlags(id, [...(flags.get(i) ?? []), reason]);
    });
  }

  private remember(p: NewPlace, row: number, placeId: number): void {
    if (p.precision !== 'coordinate') return;
    const clean = (p.flags?.length ?? 0) === 0;
    if (p.role === 'home') {
      const i = this.homes.lng.length;
      this.homes.lng.push(p.lng);
      this.homes.lat.push(p.lat);
      this.homes.row.push(row);
      this.homes.placeId.push(placeId);
      if (!clean) this.homes.flags.set(i, p.flags ?? []);
    }
    if (!clean || p.name === null || p.name === undefined) return;
    let names = this.named.get(p.role);
    if (names === undefined) {
      names = new Map();
      this.named.set(p.role, names);
    }
    let entry = names.get(p.name);
    if (entry === undefined) {
      entry = { lngs: [], lats: [] };
      names.set(p.name, entry);
    }
    entry.lngs.push(p.lng);
    entry.lats.push(p.lat);
  }

  /** Which distinct waiting place this is, added on first sight. */
  private kindOf(p: PendingPlace): number {
    const { role, name = null, address = null, industry = null } = p.place;
    const texts = this.textsIndex(p.queries);
    let same = this.kindsByTexts[texts];
    if (same === undefined) {
      same = [];
      this.kindsByTexts[texts] = same;
    }
    for (const k of same) {
      const kind = this.kinds[k];
      if (kind !== undefined && kind.role === role && kind.name === name && kind.address === address && kind.industry === industry && kind.column === p.column) return k;
    }
    const index = this.kinds.push({ role, name, address, industry, column: p.column, texts }) - 1;
    same.push(index);
    return index;
  }

  /** Where these texts are in `texts`, added on first sight. */
  private textsIndex(queries: PendingPlace['queries']): number {
    const key = textsKey(queries);
    let index = this.textIndex.get(key);
    if (index === undefined) {
      index = this.texts.push(queries) - 1;
      this.textIndex.set(key, index);
    }
    return index;
  }

  private placed(role: PlaceRole, precision: string): void {
    const byRole = this.placedByRole[role];
    byRole[precision] = (byRole[precision] ?? 0) + 1;
  }

  private accept(row: number, places: number, problems: number): void {
    this.usable++;
    this.places += places;
    if (problems > 0) this.flaggedRows.add(row);
  }

  private reject(row: number): void {
    this.rejected++;
    this.problems.add([{ sheet: this.sheet, row, column: '(整行)', reason: this.unplacedReason, severity: 'error' }]);
  }

  private note(waiting: number, problem: CellProblem): void {
    this.waiting.flagged.set(waiting, 1);
    this.problems.add([problem]);
  }
}

/** A list of geocoding texts as a key: each text prefixed with its kind and length, so no two different lists share one. */
function textsKey(queries: PendingPlace['queries']): string {
  return queries.map((q) => `${q.kind}:${q.text.length}:${q.text}`).join('');
}
