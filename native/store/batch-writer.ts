import { basename } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { KetuError } from '../contract/errors.js';
import type { CellProblem } from '../contract/errors.js';
import type { ImportField } from '../contract/methods.js';
import { placeRoles } from '../contract/methods.js';
import { encodePoint } from './gpkg-geometry.js';
import type { DivisionLookup, NewCustomer, NewPlace } from './records.js';

type Db = BetterSqlite3.Database;

/** What a batch is, known once the sheet's header is read. */
export interface BatchMeta {
  sourceFile: string;
  sheet: string | null;
  stage: string | null;
  crs: string;
  mapping: Record<string, string>;
  /** Fixed by the demo generator so its file is the same on every machine. */
  createdAt?: string;
  /** Remembered with the batch, in the same transaction: the column layout and the mapping used. */
  mappingLayout?: string;
  columnMapping?: Record<string, ImportField | null>;
}

/** Where a stored customer row went: places found later (geocoding) attach to it. */
export interface StoredOwner {
  customerId: number;
  recordId: number;
  /** fids of the places stored with it, in the order given. */
  placeIds: number[];
}

export interface BatchTotals {
  batchId: number;
  customers: number;
  newCustomers: number;
  places: number;
}

const JSON_SLICE = 10_000;

/**
 * The UTF-8 bytes of `JSON.stringify(items)`, made a slice at a time into one buffer sized first. A
 * 1,000,000-row report is a 500 MB two-byte string in V8 and 250 MB more as UTF-8 when bound; this way
 * only the 250 MB of bytes exist (stored as the same TEXT through CAST).
 */
function jsonBytes(items: readonly unknown[]): Buffer {
  const slice = (i: number): string => {
    const json = JSON.stringify(items.slice(i, i + JSON_SLICE));
    return i === 0 ? json.slice(1, -1) : `,${json.slice(1, -1)}`;
  };
  let size = 2;
  for (let i = 0; i < items.length; i += JSON_SLICE) size += Buffer.byteLength(slice(i));
  const out = Buffer.allocUnsafe(size);
  let at = out.write('[');
  for (let i = 0; i < items.length; i += JSON_SLICE) at += out.write(slice(i), at);
  out.write(']', at);
  return out;
}

/** Rows per INSERT statement: one statement run per row cost more than SQLite's own work per row. */
const ROWS_PER_INSERT = 64;

/**
 * Rows of one table waiting to be inserted ROWS_PER_INSERT at a time. Ids are given by the writer in
 * the order SQLite would have given them, so buffering changes nothing that is stored.
 */
class InsertBuffer {
  private readonly many: BetterSqlite3.Statement;
  private readonly one: BetterSqlite3.Statement;
  private readonly params: unknown[];
  private length = 0;

  constructor(
    db: Db,
    table: string,
    private readonly columns: number,
    columnList: string,
  ) {
    const row = `(${new Array<string>(columns).fill('?').join(', ')})`;
    this.many = db.prepare(`INSERT INTO ${table} (${columnList}) VALUES ${new Array<string>(ROWS_PER_INSERT).fill(row).join(', ')}`);
    this.one = db.prepare(`INSERT INTO ${table} (${columnList}) VALUES ${row}`);
    this.params = new Array<unknown>(columns * ROWS_PER_INSERT);
  }

  /** Takes one row's values, in column order. */
  push(...values: unknown[]): void {
    const at = this.length * this.columns;
    for (let i = 0; i < this.columns; i++) this.params[at + i] = values[i];
    if (++this.length === ROWS_PER_INSERT) {
      this.many.run(this.params);
      this.length = 0;
    }
  }

  /** Inserts what is left (fewer rows than one statement takes). */
  flush(): void {
    for (let r = 0; r < this.length; r++) this.one.run(this.params.slice(r * this.columns, (r + 1) * this.columns));
    this.length = 0;
  }

  discard(): void {
    this.length = 0;
  }
}

/**
 * One import batch written while the sheet is still being read, inside ONE open transaction: a
 * crash, a cancel or a refused row leaves the file as it was (rollback), a finish commits it all.
 * The engine lets no other call use the connection while a writer is open (see dispatch.ts).
 * Rows are inserted many per statement; foreign keys are checked at COMMIT (deferred), so a table's
 * rows may reach SQLite before the rows they point to.
 */
export class BatchWriter {
  readonly batchId: number;
  private readonly db: Db;
  private readonly stage: string | null;
  private readonly onCommit: () => void;
  private readonly onEnd: () => void;
  private readonly divisionOf: DivisionLookup;
  private open = true;
  private customers = 0;
  private newCustomers = 0;
  private places = 0;
  private readonly customerRows: InsertBuffer;
  private readonly recordRows: InsertBuffer;
  private readonly placeRows: InsertBuffer;
  private readonly phoneStatements = new Map<number, BetterSqlite3.Statement>();
  private readonly placeFlags: BetterSqlite3.Statement;
  /** The next ids SQLite would give (max + 1; places is AUTOINCREMENT, so its sequence counts too). */
  private next = { customer: 0, record: 0, place: 0 };
  /** Customers of this batch's phones, and of earlier batches' phones this batch has met. */
  private readonly phones = new Map<string, number>();
  /** False while the project had no customer before this batch: no phone needs looking up. */
  private earlierCustomers = true;

  /** `onEnd` runs once the batch is committed or rolled back (it releases the writer record). */
  constructor(db: Db, meta: BatchMeta, divisionOf: DivisionLookup, onCommit: () => void, onEnd: () => void = () => undefined) {
    if (db.inTransaction) throw new KetuError('INTERNAL', '另一项写入尚未结束，请稍后再导入');
    this.db = db;
    this.stage = meta.stage;
    this.onCommit = onCommit;
    this.onEnd = onEnd;
    this.divisionOf = divisionOf;
    this.customerRows = new InsertBuffer(db, 'customers', 5, 'id, name, phone, attributes, first_import_id');
    this.recordRows = new InsertBuffer(db, 'customer_records', 6, 'id, customer_id, import_id, row_number, stage, attributes');
    this.placeRows = new InsertBuffer(db, 'places', 16, 'fid, geom, customer_id, record_id, role, name, address, industry, import_id, lng, lat, source, precision, flags, district, city');
    this.placeFlags = db.prepare('UPDATE places SET flags = ? WHERE fid = ? AND import_id = ?');
    const createdAt = meta.createdAt ?? new Date().toISOString();
    db.exec('BEGIN IMMEDIATE');
    try {
      db.pragma('defer_foreign_keys = ON');
      // Counts are filled in by finish(); until then the row only anchors the batch's foreign keys.
      this.batchId = Number(
        db
          .prepare(`INSERT INTO imports (source_file, file_name, sheet, stage, crs, mapping, rows_read, customers, places, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?)`)
          .run(meta.sourceFile, basename(meta.sourceFile), meta.sheet, meta.stage, meta.crs, JSON.stringify(meta.mapping), createdAt).lastInsertRowid,
      );
      if (meta.mappingLayout !== undefined && meta.columnMapping !== undefined) {
        db.prepare('INSERT INTO import_mappings (layout, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT(layout) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at').run(
          meta.mappingLayout,
          JSON.stringify(meta.columnMapping),
          createdAt,
        );
      }
      this.readNextIds();
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Customers (one record each) with the places known so far; merged by phone with earlier customers. */
  addCustomers(customers: readonly NewCustomer[]): StoredOwner[] {
    this.check();
    const earlier = this.earlierByPhone(customers);
    return customers.map((c) => {
      const attributes = typeof c.attributes === 'string' ? c.attributes : JSON.stringify(c.attributes ?? {});
      let customerId = c.phone === null ? undefined : (this.phones.get(c.phone) ?? earlier.get(c.phone));
      if (customerId === undefined) {
        customerId = this.next.customer++;
        this.customerRows.push(customerId, c.name, c.phone, attributes, this.batchId);
        this.newCustomers++;
      }
      if (c.phone !== null) this.phones.set(c.phone, customerId);
      this.customers++;
      const recordId = this.next.record++;
      this.recordRows.push(recordId, customerId, this.batchId, c.row ?? null, this.stage, attributes);
      const owner: StoredOwner = { customerId, recordId, placeIds: [] };
      owner.placeIds = this.addPlaces(owner, c.places);
      return owner;
    });
  }

  /** Places of a customer already stored (e.g. found by geocoding after the sheet was read). */
  addPlaces(owner: Pick<StoredOwner, 'customerId' | 'recordId'>, places: readonly NewPlace[]): number[] {
    this.check();
    return places.map((p) => {
      if (!placeRoles.includes(p.role)) throw new KetuError('INVALID_PARAMS', `未知的地点类型：${p.role as string}`);
      const division = this.divisionOf(p.lng, p.lat);
      this.places++;
      const fid = this.next.place++;
      this.placeRows.push(
        fid,
        encodePoint(p.lng, p.lat),
        owner.customerId,
        owner.recordId,
        p.role,
        p.name ?? null,
        p.address ?? null,
        p.industry ?? null,
        this.batchId,
        p.lng,
        p.lat,
        p.source ?? 'import',
        p.precision ?? 'coordinate',
        p.flags === undefined || p.flags.length === 0 ? null : JSON.stringify(p.flags),
        division.district,
        division.city,
      );
      return fid;
    });
  }

  /**
   * Takes back a row written before its places were looked for, when none was found (an import that
   * skips its bad rows): its record goes, and its customer too when this batch created it for that row alone.
   */
  withdraw(owner: Pick<StoredOwner, 'customerId' | 'recordId'>): void {
    this.check();
    this.flush();
    this.db.prepare('DELETE FROM places WHERE customer_id = ? AND record_id = ? AND import_id = ?').run(owner.customerId, owner.recordId, this.batchId);
    this.db.prepare('DELETE FROM customer_records WHERE id = ? AND import_id = ?').run(owner.recordId, this.batchId);
    this.customers--;
    const gone = this.db
      .prepare('DELETE FROM customers WHERE id = ? AND first_import_id = ? AND NOT EXISTS (SELECT 1 FROM customer_records WHERE customer_id = ?)')
      .run(owner.customerId, this.batchId, owner.customerId).changes;
    this.newCustomers -= gone;
    // SQLite would give a deleted top id again, and the phone is free again: ask the file from here on.
    this.readNextIds();
  }

  /** Flags found once the whole batch is known (an outlier far from the rest). */
  setPlaceFlags(placeId: number, flags: readonly string[]): void {
    this.check();
    this.flush();
    this.placeFlags.run(flags.length === 0 ? null : JSON.stringify(flags), placeId, this.batchId);
  }

  /** Commits the batch with its counts and its problem report. */
  finish(summary: { rowsRead: number; report?: readonly CellProblem[] }): BatchTotals {
    this.check();
    try {
      this.flush();
      this.db
        .prepare('UPDATE imports SET rows_read = ?, customers = ?, places = ?, report = CAST(? AS TEXT) WHERE id = ?')
        .run(summary.rowsRead, this.customers, this.places, summary.report === undefined ? null : jsonBytes(summary.report), this.batchId);
      this.onCommit();
      this.db.exec('COMMIT');
    } catch (err) {
      this.abort();
      throw err;
    }
    this.open = false;
    this.onEnd();
    return { batchId: this.batchId, customers: this.customers, newCustomers: this.newCustomers, places: this.places };
  }

  /** Nothing of the batch stays; safe to call twice. */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    this.customerRows.discard();
    this.recordRows.discard();
    this.placeRows.discard();
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.onEnd();
    }
  }

  get isOpen(): boolean {
    return this.open;
  }

  private flush(): void {
    this.customerRows.flush();
    this.recordRows.flush();
    this.placeRows.flush();
  }

  /** After a flush: the ids SQLite would give next, and no phone taken for granted. */
  private readNextIds(): void {
    const top = (sql: string): number => Number(this.db.prepare(sql).pluck().get() ?? 0);
    this.next = {
      customer: top('SELECT max(id) FROM customers') + 1,
      record: top('SELECT max(id) FROM customer_records') + 1,
      place: Math.max(top('SELECT max(fid) FROM places'), top("SELECT max(seq) FROM sqlite_sequence WHERE name = 'places'")) + 1,
    };
    this.earlierCustomers = this.next.customer > 1;
    this.phones.clear();
  }

  /** The earliest stored customer of each phone not yet met in this batch: one query per few hundred phones. */
  private earlierByPhone(customers: readonly NewCustomer[]): Map<string, number> {
    const found = new Map<string, number>();
    if (!this.earlierCustomers) return found;
    const ask = [...new Set(customers.map((c) => c.phone).filter((p): p is string => p !== null && !this.phones.has(p)))];
    for (let i = 0; i < ask.length; i += 500) {
      const chunk = ask.slice(i, i + 500);
      let stmt = this.phoneStatements.get(chunk.length);
      if (stmt === undefined) {
        stmt = this.db.prepare(`SELECT phone, min(id) FROM customers WHERE phone IN (${chunk.map(() => '?').join(', ')}) GROUP BY phone`).raw();
        this.phoneStatements.set(chunk.length, stmt);
      }
      for (const [phone, id] of stmt.all(chunk) as Array<[string, number]>) found.set(phone, id);
    }
    return found;
  }

  private check(): void {
    if (!this.open) throw new KetuError('INTERNAL', '导入批次已结束');
  }
}
