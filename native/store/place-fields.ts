import type { Database as Db } from 'better-sqlite3';
import { KetuError } from '../contract/errors.js';
import { filterValueNumber, isoDays } from '../contract/filter-values.js';
import { MISSING_CODE, builtinPlaceFields } from '../contract/layers.js';
import type { BuiltinPlaceField, FieldColumn, FieldKind, PlaceFieldInfo } from '../contract/layers.js';
import { placeRoles } from '../contract/methods.js';
import { columnOnThread, listOnThread } from './field-thread.js';
import type { PlaceFilter, PlaceRole } from '../contract/methods.js';

/*
 * Every field a place can be coloured or filtered by, as ONE SQL expression per field over places `p`
 * LEFT JOINed to their records `r`. Field columns (places.field) and the filter's WHERE clause both use
 * these expressions, so the renderer's mask over columns and the engine's SQL count the same places.
 */

type SqlArg = string | number;
interface FieldSql {
  kind: FieldKind;
  /** Category fields: the value as text (CAST), so a column's labels and a filter's values compare alike. */
  expr: string;
  args: SqlArg[];
  /** Reads the record `r`, so a column query needs the join. */
  record: boolean;
}

/** Julian day of 1970-01-01: date columns are days since the Unix epoch. */
const UNIX_EPOCH_JD = 2440587.5;
const CUSTOM_PREFIX = 'attr:';
/** Projects from this many places compute field lists and columns on a worker thread (field-thread.ts). */
export const OFF_THREAD_PLACES = 50_000;
/** Record attributes that are never offered as fields: other phone numbers are personal data. */
const hiddenAttributes: ReadonlySet<string> = new Set(['otherPhones']);
const builtinSet: ReadonlySet<string> = new Set(builtinPlaceFields);

const placeText: Partial<Record<BuiltinPlaceField, string>> = {
  role: 'p.role',
  stage: 'r.stage',
  batch: 'CAST(p.import_id AS TEXT)',
  industry: 'p.industry',
  district: 'p.district',
  city: 'p.city',
  community: "CASE WHEN p.role = 'home' THEN p.name END",
  employer: "CASE WHEN p.role = 'work' THEN p.name END",
  precision: 'p.precision',
};
const recordKinds: Partial<Record<BuiltinPlaceField, FieldKind>> = {
  product: 'category',
  gender: 'category',
  family: 'category',
  purpose: 'category',
  channel: 'category',
  area: 'number',
  price: 'number',
  age: 'number',
  visitDate: 'date',
  dealDate: 'date',
};

/** JSON path of one attribute key; quoted so any header text (spaces, dots, CJK) is one key. */
function jsonPath(key: string): string {
  return `$."${key}"`;
}

/** The SQL of one attribute of the record, in the given kind; a value of another JSON type is no value. */
function attributeSql(key: string, kind: FieldKind): FieldSql {
  const path = jsonPath(key);
  if (kind === 'number') return { kind, expr: "(CASE WHEN json_type(r.attributes, ?) IN ('integer', 'real') THEN json_extract(r.attributes, ?) END)", args: [path, path], record: true };
  if (kind === 'date') return { kind, expr: `(CASE WHEN json_type(r.attributes, ?) = 'text' THEN julianday(json_extract(r.attributes, ?)) - ${UNIX_EPOCH_JD} END)`, args: [path, path], record: true };
  return { kind, expr: 'CAST(json_extract(r.attributes, ?) AS TEXT)', args: [path], record: true };
}

/** A custom attribute is a number (every value numeric), a date (every value an ISO date) or a category. */
function kindOf(a: { present: number; numeric: number; dates: number }): FieldKind {
  if (a.present > 0 && a.numeric === a.present) return 'number';
  if (a.present > 0 && a.dates === a.present) return 'date';
  return 'category';
}

/** A custom attribute's key, or null for a builtin field name. */
export function customKey(field: string): string | null {
  return field.startsWith(CUSTOM_PREFIX) ? field.slice(CUSTOM_PREFIX.length) : null;
}

/**
 * Builtin fields with at least one value, then every custom attribute as `attr:<key>`, in one pass over
 * places and one over the attributes of their records. Pure SQL over any connection to the file: the
 * engine's own, or a worker's read-only one (field-worker.ts).
 */
function summariseFields(db: Db): PlaceFieldInfo[] {
  const placeFields = Object.entries(placeText) as Array<[BuiltinPlaceField, string]>;
  const cols = placeFields.map(([, expr], i) => `count(${expr}) AS n${i}, count(DISTINCT ${expr}) AS d${i}`).join(', ');
  const placeRow = db.prepare(`SELECT ${cols} FROM places p LEFT JOIN customer_records r ON r.id = p.record_id`).get() as Record<string, number>;
  const byField = new Map<string, PlaceFieldInfo>();
  placeFields.forEach(([field], i) => byField.set(field, { field, kind: 'category', present: placeRow[`n${i}`] ?? 0, distinct: placeRow[`d${i}`] ?? 0 }));

  // Weighted by places per record: a field's `present` counts places, as the columns do.
  const attrs = db
    .prepare(
      `SELECT j.key AS key, sum(w.n) AS present, count(DISTINCT CAST(j.atom AS TEXT)) AS distinct_values,
         sum(CASE WHEN j.type IN ('integer', 'real') THEN w.n ELSE 0 END) AS numeric,
         sum(CASE WHEN j.type = 'text' AND j.atom GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN w.n ELSE 0 END) AS dates
       FROM (SELECT record_id, count(*) AS n FROM places WHERE record_id IS NOT NULL GROUP BY record_id) w
       JOIN customer_records r ON r.id = w.record_id, json_each(r.attributes) j
       WHERE j.type NOT IN ('null', 'object', 'array') GROUP BY j.key`,
    )
    .all() as Array<{ key: string; present: number; distinct_values: number; numeric: number; dates: number }>;
  const custom: PlaceFieldInfo[] = [];
  for (const a of attrs) {
    const builtinKind = recordKinds[a.key as BuiltinPlaceField];
    if (builtinKind !== undefined) {
      const present = builtinKind === 'number' ? a.numeric : builtinKind === 'date' ? a.dates : a.present;
      byField.set(a.key, { field: a.key, kind: builtinKind, present, distinct: builtinKind === 'category' ? a.distinct_values : 0 });
    } else if (!hiddenAttributes.has(a.key) && !builtinSet.has(a.key)) {
      const kind = kindOf(a);
      custom.push({ field: CUSTOM_PREFIX + a.key, kind, present: a.present, distinct: kind === 'category' ? a.distinct_values : 0 });
    }
  }
  return [...builtinPlaceFields.flatMap((f) => byField.get(f) ?? []).filter((f) => f.present > 0), ...custom.sort((x, y) => y.present - x.present || x.field.localeCompare(y.field))];
}

/** The project's fields: what places.fields lists, and the SQL behind each of them. */
export class PlaceFieldStore {
  private readonly db: Db;
  private cache: { changes: number; infos: PlaceFieldInfo[] } | null = null;
  private pending: { changes: number; infos: Promise<PlaceFieldInfo[]> } | null = null;

  constructor(db: Db) {
    this.db = db;
  }

  /** The engine is the file's only writer, so this connection's change counter says when the data moved. */
  private changes(): number {
    return this.db.prepare('SELECT total_changes()').pluck().get() as number;
  }

  /** The field list, if the data has not moved since it was summarised. */
  private fresh(): PlaceFieldInfo[] | null {
    return this.cache?.changes === this.changes() ? this.cache.infos : null;
  }

  /**
   * Whether a field job is worth a thread: below this many places it takes milliseconds here, less than a
   * worker's start. `max(fid)` is a bound on the count that reads one index page.
   */
  private large(): boolean {
    const top = this.db.prepare('SELECT max(fid) FROM places').pluck().get() as number | null;
    return (top ?? 0) >= OFF_THREAD_PLACES;
  }

  /** The field list on this thread: small projects, and a run from the TypeScript sources. */
  list(): PlaceFieldInfo[] {
    const changes = this.changes();
    const cached = this.fresh();
    if (cached !== null) return cached;
    const infos = summariseFields(this.db);
    this.cache = { changes, infos };
    return infos;
  }

  /**
   * The same list summarised by a worker thread on its own read-only connection: at 5,000,000 places the
   * summary takes a minute, and the engine's one thread must answer every other call meanwhile. Callers
   * arriving while it runs share it.
   */
  listOffThread(): Promise<PlaceFieldInfo[]> {
    const changes = this.changes();
    const cached = this.fresh();
    if (cached !== null) return Promise.resolve(cached);
    if (this.pending?.changes === changes) return this.pending.infos;
    if (!this.large()) return Promise.resolve(this.list());
    const infos = listOnThread(this.db.name, this.db.memory, () => summariseFields(this.db))
      .then((list) => {
        if (this.changes() === changes) this.cache = { changes, infos: list };
        return list;
      })
      .finally(() => {
        if (this.pending?.infos === infos) this.pending = null;
      });
    this.pending = { changes, infos };
    return infos;
  }

  /**
   * A custom attribute's kind, as the field list decides it, from that one attribute: a filter or a
   * column must not wait for the whole list's minute on a large project.
   */
  private customKind(key: string): FieldKind {
    const known = this.fresh()?.find((f) => f.field === CUSTOM_PREFIX + key);
    if (known !== undefined) return known.kind;
    const path = jsonPath(key);
    const row = this.db
      .prepare(
        `SELECT count(*) AS present, coalesce(sum(j.type IN ('integer', 'real')), 0) AS numeric,
           coalesce(sum(j.type = 'text' AND j.atom GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'), 0) AS dates
         FROM (SELECT json_type(r.attributes, ?) AS type, json_extract(r.attributes, ?) AS atom FROM customer_records r
           WHERE EXISTS (SELECT 1 FROM places p WHERE p.record_id = r.id)) j
         WHERE j.type NOT IN ('null', 'object', 'array')`,
      )
      .get(path, path) as { present: number; numeric: number; dates: number };
    return kindOf(row);
  }

  /** The SQL of any field, or a clear error for a field the project does not know. */
  sql(field: string): FieldSql {
    const text = placeText[field as BuiltinPlaceField];
    if (text !== undefined) return { kind: 'category', expr: text, args: [], record: field === 'stage' };
    const recordKind = recordKinds[field as BuiltinPlaceField];
    if (recordKind !== undefined) return attributeSql(field, recordKind);
    const key = customKey(field);
    if (key !== null && key !== '' && !hiddenAttributes.has(key)) {
      // An attribute no record has (yet) is an empty category, not an error: a saved layer may name it.
      return attributeSql(key, this.customKind(key));
    }
    throw new KetuError('INVALID_PARAMS', `未知的字段：${field}（内置字段：${builtinPlaceFields.join('、')}；自定义列写作 attr:列名）`);
  }

  /** `column`, computed by a worker thread over its own read-only connection (seconds at 5,000,000 places). */
  columnOffThread(field: string): Promise<FieldColumn> {
    if (!this.large()) return Promise.resolve(this.column(field));
    return columnOnThread(this.db.name, this.db.memory, field, () => this.column(field));
  }

  /** One field for every place, in places.columns order (fid), from one SELECT into a typed array. */
  column(field: string): FieldColumn {
    const f = this.sql(field);
    const n = this.db.prepare('SELECT count(*) FROM places').pluck().get() as number;
    const from = f.record ? 'FROM places p LEFT JOIN customer_records r ON r.id = p.record_id' : 'FROM places p';
    const stmt = this.db.prepare(`SELECT ${f.expr} ${from} ORDER BY p.fid`).pluck();
    if (f.kind !== 'category') {
      const values = new Float32Array(n).fill(NaN);
      let i = 0;
      for (const v of stmt.iterate(...f.args) as Iterable<number | null>) {
        if (i >= n) break;
        if (v !== null) values[i] = v;
        i++;
      }
      return { kind: f.kind, field, values: i === n ? values : values.slice(0, i) };
    }
    // First pass codes in order of appearance; then labels are sorted by count and codes remapped.
    const raw = new Uint16Array(n);
    const codeOf = new Map<string, number>();
    const labels: string[] = [];
    const counts: number[] = [];
    let i = 0;
    for (const v of stmt.iterate(...f.args) as Iterable<string | null>) {
      if (i >= n) break;
      if (v === null) raw[i] = MISSING_CODE;
      else {
        let code = codeOf.get(v);
        if (code === undefined) {
          if (labels.length >= MISSING_CODE) throw new KetuError('INVALID_PARAMS', `字段「${field}」的取值超过 ${MISSING_CODE} 种，不能按类别着色或筛选`);
          code = labels.length;
          codeOf.set(v, code);
          labels.push(v);
          counts.push(0);
        }
        counts[code] = (counts[code] ?? 0) + 1;
        raw[i] = code;
      }
      i++;
    }
    const order = labels.map((_, c) => c).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || ((labels[a] ?? '') < (labels[b] ?? '') ? -1 : 1));
    const remap = new Uint16Array(labels.length);
    order.forEach((c, rank) => (remap[c] = rank));
    const codes = i === n ? raw : raw.slice(0, i);
    for (let k = 0; k < codes.length; k++) {
      const c = codes[k] ?? MISSING_CODE;
      if (c !== MISSING_CODE) codes[k] = remap[c] ?? MISSING_CODE;
    }
    return { kind: 'category', field, codes, labels: order.map((c) => labels[c] ?? '') };
  }

  /**
   * Pairs of places of one record (one customer's row: home and work of the same person), as indices into
   * places.columns; one scan in fid order, the index being the row's position.
   */
  pairs(from: PlaceRole, to: PlaceRole): { from: Uint32Array<ArrayBuffer>; to: Uint32Array<ArrayBuffer> } {
    if (from === to) return { from: new Uint32Array(0), to: new Uint32Array(0) };
    // Record ids are dense integers: typed arrays indexed by record beat a Map of a million entries.
    const maxRecord = (this.db.prepare('SELECT max(record_id) FROM places').pluck().get() as number | null) ?? 0;
    const firstFrom = new Int32Array(maxRecord + 1).fill(-1);
    const firstTo = new Int32Array(maxRecord + 1).fill(-1);
    const fromCode = placeRoles.indexOf(from);
    const toCode = placeRoles.indexOf(to);
    const stmt = this.db.prepare(`SELECT record_id, CASE role WHEN 'home' THEN 0 WHEN 'work' THEN 1 ELSE 2 END FROM places ORDER BY fid`).raw(true);
    let i = 0;
    for (const [record, role] of stmt.iterate() as Iterable<[number | null, number]>) {
      if (record !== null && record > 0) {
        if (role === fromCode && firstFrom[record] === -1) firstFrom[record] = i;
        else if (role === toCode && firstTo[record] === -1) firstTo[record] = i;
      }
      i++;
    }
    let n = 0;
    for (let r = 0; r <= maxRecord; r++) if ((firstFrom[r] ?? -1) >= 0 && (firstTo[r] ?? -1) >= 0) n++;
    const a = new Uint32Array(n);
    const b = new Uint32Array(n);
    let k = 0;
    for (let r = 0; r <= maxRecord; r++) {
      const fi = firstFrom[r] ?? -1;
      const ti = firstTo[r] ?? -1;
      if (fi >= 0 && ti >= 0) {
        a[k] = fi;
        b[k] = ti;
        k++;
      }
    }
    return { from: a, to: b };
  }

  /**
   * WHERE clause for a PlaceFilter over `p` and `r`, with the same semantics as renderer/map/filter-mask.ts:
   * every part narrows; empty lists keep everything; ranges are [min, max) and need a value; a date range
   * keeps whole days from `from` to `to` inclusive; a field's values are matched as text (numbers and
   * dates: as numbers and ISO days).
   */
  filterSql(filter: PlaceFilter, where: string[] = [], args: SqlArg[] = []): { where: string; args: SqlArg[] } {
    const list = (values: readonly SqlArg[]): string => values.map(() => '?').join(', ');
    const inList = (f: FieldSql, values: readonly SqlArg[]): void => {
      where.push(values.length === 0 ? '0' : `${f.expr} IN (${list(values)})`);
      args.push(...f.args, ...values);
    };
    if (filter.stages !== undefined && filter.stages.length > 0) inList(this.sql('stage'), filter.stages);
    if (filter.products !== undefined && filter.products.length > 0) inList(this.sql('product'), filter.products);
    if (filter.batches !== undefined && filter.batches.length > 0) inList(this.sql('batch'), filter.batches.map(String));
    if (filter.roles !== undefined && filter.roles.length > 0) inList(this.sql('role'), filter.roles);
    if (filter.areaRanges !== undefined && filter.areaRanges.length > 0) {
      const area = this.sql('area');
      const ors = filter.areaRanges.map((range) => {
        const parts = [`${area.expr} IS NOT NULL`];
        args.push(...area.args);
        if (range.min !== null) {
          parts.push(`${area.expr} >= ?`);
          args.push(...area.args, range.min);
        }
        if (range.max !== null) {
          parts.push(`${area.expr} < ?`);
          args.push(...area.args, range.max);
        }
        return `(${parts.join(' AND ')})`;
      });
      where.push(`(${ors.join(' OR ')})`);
    }
    const range = filter.dateRange;
    if (range !== undefined && (range.from !== null || range.to !== null)) {
      const date = this.sql(range.field);
      const from = range.from === null ? null : isoDays(range.from);
      const to = range.to === null ? null : isoDays(range.to);
      const parts = [`${date.expr} IS NOT NULL`];
      args.push(...date.args);
      // A day that is not a date matches nothing, as in the mask.
      if (from !== null) {
        parts.push(Number.isNaN(from) ? '0' : `${date.expr} >= ?`);
        if (!Number.isNaN(from)) args.push(...date.args, from);
      }
      if (to !== null) {
        parts.push(Number.isNaN(to) ? '0' : `${date.expr} < ?`);
        if (!Number.isNaN(to)) args.push(...date.args, to + 1);
      }
      where.push(`(${parts.join(' AND ')})`);
    }
    for (const part of filter.fields ?? []) {
      if (part.values.length === 0) continue;
      const f = this.sql(part.field);
      if (f.kind === 'category') inList(f, part.values);
      else {
        const kind = f.kind;
        const numbers = part.values.map((v) => filterValueNumber(v, kind)).filter((v) => !Number.isNaN(v));
        inList(f, numbers);
      }
    }
    return { where: where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`, args };
  }
}
