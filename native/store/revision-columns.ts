import type { Database as Db } from 'better-sqlite3';
import { importFields } from '../contract/methods.js';
import { INCOME_KEYS } from './migrations/070-record-fields.js';

/** A text column as codes into labels (-1: no value), built while the rows stream. */
export interface CodedColumn {
  codes: Int32Array;
  labels: string[];
}

/** The category columns the comparison reads from each customer's home place and record. */
export const revisionTextColumns = ['district', 'city', 'purpose', 'family', 'ageBand', 'income', 'channel', 'product'] as const;
export type RevisionTextColumn = (typeof revisionTextColumns)[number];

/** One row per customer (their first home place after the filter), as typed columns; 行业 apart. */
export interface RevisionColumns {
  count: number;
  customer: Uint32Array;
  lng: Float64Array;
  lat: Float64Array;
  /** Unit area (㎡), NaN when none. */
  area: Float64Array;
  text: Record<RevisionTextColumn, CodedColumn>;
  /** 行业 of each customer's first work place (its own length: not every customer has one). */
  industry: CodedColumn;
  /** Columns kept at import, by attribute name (the header). */
  kept: Map<string, CodedColumn>;
}

/**
 * Every countable place (a customer's home or work place, fid order) as the same columns, one row per
 * place: a work place has only its customer and 行业 (-2 for an empty one); kept columns and texts are
 * home places'.
 */
export interface PlaceBase extends RevisionColumns {
  /** 1 for a home place, 0 for a work place. */
  home: Uint8Array;
}

/** Attribute keys that are not columns the planner kept: KeTu's fields, what the import derives, income (record_fields has it). */
const notKept: ReadonlySet<string> = new Set([...importFields, 'ageBand', 'otherPhones', 'industryOriginal', 'industrySection', ...INCOME_KEYS]);

/** A text column coded while the rows stream in: each label once, in the order first met (after `seed`'s). */
class Coder implements CodedColumn {
  readonly codes: Int32Array;
  readonly labels: string[];
  private readonly index = new Map<string, number>();

  constructor(n: number, seed: readonly string[] = []) {
    this.codes = new Int32Array(n).fill(-1);
    this.labels = [...seed];
    seed.forEach((label, c) => this.index.set(label, c));
  }

  /** Text as is, a number as text (区县 and 行业 are text; the typed columns hold labels already); nothing for none or ''. */
  put(i: number, v: unknown): void {
    const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
    if (s === '') return;
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.labels.length;
      this.index.set(s, c);
      this.labels.push(s);
    }
    this.codes[i] = c;
  }
}

/**
 * The countable places with fid above `afterFid`, read from the rows: home and work places apart, merged on
 * fid (a work place hands JS only its customer and 行业, a home place its position, 区县/城市 and its record's
 * typed columns, migration 070); each value handed to JS is the cost here. Labels continue `seed`'s codes.
 */
function readPlaces(db: Db, afterFid: number, seed: PlaceBase | null): PlaceBase {
  // Every place above the fid bounds the count (SQLite counts from its smallest index; the filtered count scans).
  const n = db.prepare('SELECT count(*) FROM places WHERE fid > ?').pluck().get(afterFid) as number;
  const text = Object.fromEntries(revisionTextColumns.map((c) => [c, new Coder(n, seed?.text[c].labels)])) as Record<RevisionTextColumn, Coder>;
  const industry = new Coder(n, seed?.industry.labels);
  const kept = new Map<string, Coder>([...(seed?.kept ?? [])].map(([key, col]) => [key, new Coder(n, col.labels)]));
  const base: PlaceBase = {
    count: 0,
    customer: new Uint32Array(n),
    home: new Uint8Array(n),
    lng: new Float64Array(n),
    lat: new Float64Array(n),
    area: new Float64Array(n).fill(NaN),
    text,
    industry,
    kept,
  };
  const work = db.prepare("SELECT p.fid, p.customer_id, p.industry FROM places p WHERE p.fid > ? AND +p.role = 'work' AND p.customer_id IS NOT NULL ORDER BY p.fid").raw(true);
  const homes = db
    .prepare(
      `SELECT p.fid, p.customer_id, p.lng, p.lat, p.district, p.city, f.purpose, f.family, f.age_band, f.income, f.channel, f.product, f.area
       FROM places p LEFT JOIN record_fields f ON f.record_id = p.record_id WHERE p.fid > ? AND +p.role = 'home' AND p.customer_id IS NOT NULL ORDER BY p.fid`,
    )
    .raw(true);
  const fids = new Float64Array(n);
  const recordText = [text.purpose, text.family, text.ageBand, text.income, text.channel, text.product];
  const works = (work.iterate(afterFid) as IterableIterator<[number, number, string | null]>)[Symbol.iterator]();
  let next = works.next();
  let i = 0;
  // Work places before `fid`, in fid order. An empty 行业 still makes one the customer's first work place, as a value-less one (-2).
  const worksBefore = (fid: number): void => {
    while (next.done !== true && next.value[0] < fid && i < n) {
      const [f, customer, name] = next.value;
      fids[i] = f;
      base.customer[i] = customer;
      if (name === '') industry.codes[i] = -2;
      else industry.put(i, name);
      i++;
      next = works.next();
    }
  };
  for (const row of homes.iterate(afterFid) as Iterable<unknown[]>) {
    const fid = row[0] as number;
    worksBefore(fid);
    if (i >= n) break;
    fids[i] = fid;
    base.customer[i] = row[1] as number;
    base.lng[i] = row[2] as number;
    base.lat[i] = row[3] as number;
    base.home[i] = 1;
    text.district.put(i, row[4]);
    text.city.put(i, row[5]);
    for (let k = 0; k < recordText.length; k++) recordText[k]?.put(i, row[6 + k]);
    if (typeof row[12] === 'number') base.area[i] = row[12];
    i++;
  }
  worksBefore(Infinity);
  if (next.done !== true) works.return?.();
  // Kept columns of home places, in each record's key order: a merge on fid with the rows above.
  if (db.prepare('SELECT 1 FROM record_kept LIMIT 1').get() !== undefined) {
    const keptRows = db
      .prepare(
        `SELECT p.fid, k.key, k.value FROM places p JOIN record_kept k ON k.record_id = p.record_id
         WHERE p.fid > ? AND +p.role = 'home' AND p.customer_id IS NOT NULL ORDER BY p.fid, k.ord`,
      )
      .raw(true);
    let at = 0;
    for (const [fid, key, value] of keptRows.iterate(afterFid) as Iterable<[number, string, string | null]>) {
      while (at < i && (fids[at] ?? Infinity) < fid) at++;
      if (at >= i) break;
      if (fids[at] !== fid || notKept.has(key)) continue;
      let col = kept.get(key);
      if (col === undefined) kept.set(key, (col = new Coder(n)));
      col.put(at, value);
    }
  }
  base.count = i;
  return trim(base);
}

/** The first `count` rows of every array (views, no copies). */
function trim(b: PlaceBase): PlaceBase {
  const n = b.count;
  const coded = (c: CodedColumn): CodedColumn => ({ codes: c.codes.subarray(0, n), labels: c.labels });
  return {
    count: n,
    customer: b.customer.subarray(0, n),
    home: b.home.subarray(0, n),
    lng: b.lng.subarray(0, n),
    lat: b.lat.subarray(0, n),
    area: b.area.subarray(0, n),
    text: Object.fromEntries(revisionTextColumns.map((c) => [c, coded(b.text[c])])) as Record<RevisionTextColumn, CodedColumn>,
    industry: coded(b.industry),
    kept: new Map([...b.kept].map(([key, col]) => [key, coded(col)])),
  };
}

/** `older` followed by `newer` (whose codes continue `older`'s labels, see readPlaces' seed). */
function append(older: PlaceBase, newer: PlaceBase): PlaceBase {
  const n = older.count + newer.count;
  const join = <T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(a: T, b: T, make: (n: number) => T): T => {
    const out = make(n);
    out.set(a, 0);
    out.set(b, older.count);
    return out;
  };
  const codes = (a: CodedColumn | undefined, b: CodedColumn): CodedColumn => ({
    codes: join(a?.codes ?? new Int32Array(older.count).fill(-1), b.codes, (m) => new Int32Array(m)),
    labels: b.labels,
  });
  return {
    count: n,
    customer: join(older.customer, newer.customer, (m) => new Uint32Array(m)),
    home: join(older.home, newer.home, (m) => new Uint8Array(m)),
    lng: join(older.lng, newer.lng, (m) => new Float64Array(m)),
    lat: join(older.lat, newer.lat, (m) => new Float64Array(m)),
    area: join(older.area, newer.area, (m) => new Float64Array(m)),
    text: Object.fromEntries(revisionTextColumns.map((c) => [c, codes(older.text[c], newer.text[c])])) as Record<RevisionTextColumn, CodedColumn>,
    industry: codes(older.industry, newer.industry),
    // Newer has every key of older (seeded) first, in older's order, then its own new keys.
    kept: new Map([...newer.kept].map(([key, col]) => [key, codes(older.kept.get(key), col)])),
  };
}

/** Below every fid: readPlaces reads all places. */
const ALL = Number.MIN_SAFE_INTEGER;

/** The layout of the kept arrays; a file whose `meta` has another format is read again from the rows. */
const COLUMNS_FORMAT = 1;

type ArrayType = 'u8' | 'u32' | 'i8' | 'i16' | 'i32' | 'f64';
const BYTES: Record<ArrayType, number> = { u8: 1, u32: 4, i8: 1, i16: 2, i32: 4, f64: 8 };

/** What the `meta` row says: the state of the data the arrays were read from, their labels and types. */
interface ColumnsMeta {
  format: number;
  generation: number;
  places: number;
  fields: number;
  kept: number;
  maxFid: number;
  maxRecord: number;
  count: number;
  text: Record<RevisionTextColumn, string[]>;
  industry: string[];
  keptKeys: string[];
  keptLabels: string[][];
  types: Record<string, ArrayType>;
}

/** The data's state: the generation the triggers bump and the row counts an insert moves. */
interface DataState {
  generation: number;
  maxFid: number;
  places: number;
  fields: number;
  kept: number;
}

/** Codes in the narrowest signed type their labels fit (-2 and -1 stay). */
function codeType(labels: readonly string[]): ArrayType {
  return labels.length < 127 ? 'i8' : labels.length < 32_767 ? 'i16' : 'i32';
}

function encode(values: Int32Array | Uint8Array | Uint32Array | Float64Array, type: ArrayType): Buffer {
  // The typed-array constructors convert natively (TypedArray.from would go through the iterator per element).
  const typed = type === 'i8' ? new Int8Array(values) : type === 'i16' ? new Int16Array(values) : values;
  return Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
}

/** A blob as its typed array: copied once, so the array owns aligned memory whatever the Buffer's offset. */
function decode(blob: Buffer, type: ArrayType): Int32Array | Uint8Array | Uint32Array | Float64Array {
  const bytes = new Uint8Array(blob.byteLength);
  bytes.set(blob);
  const b = bytes.buffer;
  switch (type) {
    case 'u8':
      return bytes;
    case 'u32':
      return new Uint32Array(b);
    case 'f64':
      return new Float64Array(b);
    case 'i8':
      return new Int32Array(new Int8Array(b));
    case 'i16':
      return new Int32Array(new Int16Array(b));
    case 'i32':
      return new Int32Array(b);
  }
}

/**
 * The revision's place columns, read from the rows once per state of the data and, in a file of schema 90
 * or later, kept in it (`revision_columns`, migration 090): reading the blobs back is milliseconds, reading
 * the rows is what a comparison paid for (better-sqlite3 turning each row into JS values, not the scan).
 * Kept columns are used only while the data is what they were read from: the generation the triggers bump
 * on any change or delete of a row they hold, and the row counts of places, record_fields and record_kept
 * (an insert moves one) — so no write path has to remember them. An import appends its own rows before
 * its commit (`afterBatch`).
 */
export class RevisionPlaceColumns {
  private memo: { key: string; base: PlaceBase } | null = null;

  constructor(
    private readonly db: Db,
    /** The file has migration 090's table and triggers. */
    private readonly kept: boolean,
  ) {}

  /** Every countable place's columns as the data stands. */
  get(): PlaceBase {
    // Without kept columns, or when they could not be written (read-only, busy): held by the change counter.
    if (!this.kept || this.memo?.key === this.volatileKey()) return this.volatile();
    const state = this.state();
    const key = stateKey(state);
    if (this.memo?.key === key) return this.memo.base;
    const meta = this.meta();
    const loaded = meta !== null && isCurrent(meta, state) ? this.load(meta) : null;
    if (loaded !== null) {
      this.memo = { key, base: loaded };
      return loaded;
    }
    const base = readPlaces(this.db, ALL, null);
    // Kept now when this connection may write; otherwise (read-only, busy, inside someone's transaction) held by the change counter only.
    const written = this.tryWrite(base, state);
    if (written === null) return this.volatile(base);
    this.memo = { key: stateKey(written), base };
    return base;
  }

  /**
   * Inside an import's transaction, before its commit: the kept columns follow the batch (its places read
   * and appended when nothing older changed; all places read again otherwise), so the first comparison
   * after opening the file reads blobs.
   */
  afterBatch(): void {
    if (!this.kept) return;
    const state = this.state();
    const meta = this.meta();
    if (meta !== null && isCurrent(meta, state)) return;
    try {
      // A savepoint inside the batch's transaction: derived data never costs the planner the import. If keeping
      // them fails, the batch's rows have moved the counts, so the next comparison reads the rows again.
      this.db.transaction(() => {
        const older = meta !== null && this.appendable(meta, state) ? this.load(meta) : null;
        const base = older === null ? readPlaces(this.db, ALL, null) : append(older, readPlaces(this.db, meta?.maxFid ?? ALL, older));
        this.memo = { key: stateKey(this.write(base, state)), base };
      })();
    } catch {
      this.memo = null;
    }
  }

  /** Without kept columns: read once per value of this connection's change counter and data_version. */
  private volatile(read?: PlaceBase): PlaceBase {
    const key = this.volatileKey();
    if (this.memo?.key === key) return this.memo.base;
    const base = read ?? readPlaces(this.db, ALL, null);
    this.memo = { key, base };
    return base;
  }

  private volatileKey(): string {
    const own = this.db.prepare('SELECT total_changes()').pluck().get() as number;
    return `changes:${own}:${String(this.db.pragma('data_version', { simple: true }))}`;
  }

  private state(): DataState {
    const s = this.db.prepare('SELECT generation, max_fid AS maxFid FROM revision_state WHERE id = 1').get() as { generation: number; maxFid: number } | undefined;
    const counts = this.db
      .prepare('SELECT (SELECT count(*) FROM places) AS places, (SELECT count(*) FROM record_fields) AS fields, (SELECT count(*) FROM record_kept) AS kept')
      .get() as { places: number; fields: number; kept: number };
    return { generation: s?.generation ?? -1, maxFid: s?.maxFid ?? -1, ...counts };
  }

  private meta(): ColumnsMeta | null {
    const blob = this.db.prepare("SELECT data FROM revision_columns WHERE name = 'meta'").pluck().get() as Buffer | undefined;
    if (blob === undefined) return null;
    try {
      const meta = JSON.parse(blob.toString('utf8')) as ColumnsMeta | null;
      return typeof meta === 'object' && meta !== null && meta.format === COLUMNS_FORMAT ? meta : null;
    } catch {
      return null;
    }
  }

  /** Only rows newer than the kept ones were added: every place above maxFid and record above maxRecord is new. */
  private appendable(meta: ColumnsMeta, state: DataState): boolean {
    if (meta.generation !== state.generation || meta.maxFid !== state.maxFid) return false;
    const newer = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM places WHERE fid > @fid) AS places, (SELECT count(*) FROM record_fields WHERE record_id > @record) AS fields,
           (SELECT count(*) FROM record_kept WHERE record_id > @record) AS kept`,
      )
      .get({ fid: meta.maxFid, record: meta.maxRecord }) as { places: number; fields: number; kept: number };
    return newer.places === state.places - meta.places && newer.fields === state.fields - meta.fields && newer.kept === state.kept - meta.kept;
  }

  /** The kept arrays, or null when one is missing or not of the length the meta row says (a damaged meta row too). */
  private load(meta: ColumnsMeta): PlaceBase | null {
    try {
      return this.loadArrays(meta);
    } catch {
      return null;
    }
  }

  private loadArrays(meta: ColumnsMeta): PlaceBase | null {
    const blobs = new Map(this.db.prepare("SELECT name, data FROM revision_columns WHERE name <> 'meta'").raw(true).all() as Array<[string, Buffer]>);
    const arrays = new Map<string, Int32Array | Uint8Array | Uint32Array | Float64Array>();
    for (const [name, type] of Object.entries(meta.types)) {
      const blob = blobs.get(name);
      if (blob === undefined || blob.byteLength !== meta.count * BYTES[type]) return null;
      arrays.set(name, decode(blob, type));
    }
    const array = (name: string): Int32Array | Uint8Array | Uint32Array | Float64Array | null => arrays.get(name) ?? null;
    const coded = (name: string, labels: string[] | undefined): CodedColumn | null => {
      const codes = array(name) as Int32Array | null;
      return codes === null || labels === undefined ? null : { codes, labels };
    };
    const text = revisionTextColumns.map((c) => [c, coded(`text.${c}`, meta.text[c])] as const);
    const kept = meta.keptKeys.map((key, k) => [key, coded(`kept.${k}`, meta.keptLabels[k])] as const);
    const customer = array('customer') as Uint32Array | null;
    const home = array('home') as Uint8Array | null;
    const lng = array('lng') as Float64Array | null;
    const lat = array('lat') as Float64Array | null;
    const area = array('area') as Float64Array | null;
    const industry = coded('industry', meta.industry);
    if (customer === null || home === null || lng === null || lat === null || area === null || industry === null) return null;
    if (text.some(([, col]) => col === null) || kept.some(([, col]) => col === null)) return null;
    return {
      count: meta.count,
      customer,
      home,
      lng,
      lat,
      area,
      text: Object.fromEntries(text) as Record<RevisionTextColumn, CodedColumn>,
      industry,
      kept: new Map(kept as ReadonlyArray<readonly [string, CodedColumn]>),
    };
  }

  /** Writes the columns when this connection may (no transaction of its own open, not read-only, the lock free at once); the state after, or null. */
  private tryWrite(base: PlaceBase, state: DataState): DataState | null {
    if (this.db.readonly || this.db.inTransaction) return null;
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      return this.db.transaction(() => {
        // The state again inside the write lock: another process may have written since it was read.
        if (stateKey(this.state()) !== stateKey(state)) throw new StaleRead();
        return this.write(base, state);
      }).immediate();
    } catch (err) {
      if (err instanceof StaleRead || isBusy(err)) return null;
      throw err;
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  /** Replaces the kept columns; the state they now answer to. */
  private write(base: PlaceBase, state: DataState): DataState {
    const maxFid = (this.db.prepare('SELECT max(fid) FROM places').pluck().get() as number | null) ?? 0;
    const maxRecord = (this.db.prepare('SELECT max(id) FROM customer_records').pluck().get() as number | null) ?? 0;
    const arrays: Array<[string, Int32Array | Uint8Array | Uint32Array | Float64Array, ArrayType]> = [
      ['customer', base.customer, 'u32'],
      ['home', base.home, 'u8'],
      ['lng', base.lng, 'f64'],
      ['lat', base.lat, 'f64'],
      ['area', base.area, 'f64'],
      ...revisionTextColumns.map((c): [string, Int32Array, ArrayType] => [`text.${c}`, base.text[c].codes, codeType(base.text[c].labels)]),
      ['industry', base.industry.codes, codeType(base.industry.labels)],
      ...[...base.kept.values()].map((col, k): [string, Int32Array, ArrayType] => [`kept.${k}`, col.codes, codeType(col.labels)]),
    ];
    const meta: ColumnsMeta = {
      format: COLUMNS_FORMAT,
      generation: state.generation,
      places: state.places,
      fields: state.fields,
      kept: state.kept,
      maxFid,
      maxRecord,
      count: base.count,
      text: Object.fromEntries(revisionTextColumns.map((c) => [c, base.text[c].labels])) as Record<RevisionTextColumn, string[]>,
      industry: base.industry.labels,
      keptKeys: [...base.kept.keys()],
      keptLabels: [...base.kept.values()].map((col) => col.labels),
      types: Object.fromEntries(arrays.map(([name, , type]) => [name, type])),
    };
    this.db.prepare('DELETE FROM revision_columns').run();
    const put = this.db.prepare('INSERT INTO revision_columns (name, data) VALUES (?, ?)');
    for (const [name, values, type] of arrays) put.run(name, encode(values, type));
    put.run('meta', Buffer.from(JSON.stringify(meta), 'utf8'));
    // From here the triggers watch the rows these columns hold.
    this.db.prepare('UPDATE revision_state SET max_fid = ?, max_record = ? WHERE id = 1').run(maxFid, maxRecord);
    return { ...state, maxFid };
  }
}

class StaleRead extends Error {}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code.startsWith('SQLITE_READONLY'));
}

function stateKey(s: DataState): string {
  return `${s.generation}:${s.maxFid}:${s.places}:${s.fields}:${s.kept}`;
}

/** The kept columns were read from the data as it stands. */
function isCurrent(meta: ColumnsMeta, s: DataState): boolean {
  return meta.generation === s.generation && meta.maxFid === s.maxFid && meta.places === s.places && meta.fields === s.fields && meta.kept === s.kept;
}
