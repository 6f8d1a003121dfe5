import { basename } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { KetuError } from '../contract/errors.js';
import type { CellProblem } from '../contract/errors.js';
import type { ImportField } from '../contract/methods.js';
import { placeRoles } from '../contract/methods.js';
import { encodePoint, setPoint } from './gpkg-geometry.js';
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

/**
 * One import batch written while the sheet is still being read, inside ONE open transaction: a
 * crash, a cancel or a refused row leaves the file as it was (rollback), a finish commits it all.
 * The engine lets no other call use the connection while a writer is open (see dispatch.ts).
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
  private readonly findByPhone: BetterSqlite3.Statement;
  private readonly insertCustomer: BetterSqlite3.Statement;
  private readonly insertRecord: BetterSqlite3.Statement;
  private readonly insertPlace: BetterSqlite3.Statement;
  /** One point blob for every place, only x and y rewritten: better-sqlite3 copies a blob when binding it. */
  private readonly point = encodePoint(0, 0);

  /** `onEnd` runs once the batch is committed or rolled back (it releases the writer record). */
  constructor(db: Db, meta: BatchMeta, divisionOf: DivisionLookup, onCommit: () => void, onEnd: () => void = () => undefined) {
    if (db.inTransaction) throw new KetuError('INTERNAL', '另一项写入尚未结束，请稍后再导入');
    this.db = db;
    this.stage = meta.stage;
    this.onCommit = onCommit;
    this.onEnd = onEnd;
    this.divisionOf = divisionOf;
    this.findByPhone = db.prepare('SELECT id FROM customers WHERE phone = ? ORDER BY id LIMIT 1').pluck();
    this.insertCustomer = db.prepare('INSERT INTO customers (name, phone, attributes, first_import_id) VALUES (?, ?, ?, ?)');
    this.insertRecord = db.prepare('INSERT INTO customer_records (customer_id, import_id, row_number, stage, attributes) VALUES (?, ?, ?, ?, ?)');
    this.insertPlace = db.prepare(
      `INSERT INTO places (geom, customer_id, record_id, role, name, address, industry, import_id, lng, lat, source, precision, flags, district, city)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const createdAt = meta.createdAt ?? new Date().toISOString();
    db.exec('BEGIN IMMEDIATE');
    try {
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
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Customers (one record each) with the places known so far; merged by phone with earlier customers. */
  addCustomers(customers: readonly NewCustomer[]): StoredOwner[] {
    this.check();
    return customers.map((c) => {
      const attributes = JSON.stringify(c.attributes ?? {});
      let customerId = c.phone === null ? undefined : (this.findByPhone.get(c.phone) as number | undefined);
      if (customerId === undefined) {
        customerId = Number(this.insertCustomer.run(c.name, c.phone, attributes, this.batchId).lastInsertRowid);
        this.newCustomers++;
      }
      this.customers++;
      const recordId = Number(this.insertRecord.run(customerId, this.batchId, c.row ?? null, this.stage, attributes).lastInsertRowid);
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
      setPoint(this.point, p.lng, p.lat);
      return Number(
        this.insertPlace.run(
          this.point,
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
        ).lastInsertRowid,
      );
    });
  }

  /**
   * Takes back a row written before its places were looked for, when none was found (an import that
   * skips its bad rows): its record goes, and its customer too when this batch created it for that row alone.
   */
  withdraw(owner: Pick<StoredOwner, 'customerId' | 'recordId'>): void {
    this.check();
    this.db.prepare('DELETE FROM places WHERE record_id = ? AND import_id = ?').run(owner.recordId, this.batchId);
    this.db.prepare('DELETE FROM customer_records WHERE id = ? AND import_id = ?').run(owner.recordId, this.batchId);
    this.customers--;
    const gone = this.db
      .prepare('DELETE FROM customers WHERE id = ? AND first_import_id = ? AND NOT EXISTS (SELECT 1 FROM customer_records WHERE customer_id = ?)')
      .run(owner.customerId, this.batchId, owner.customerId).changes;
    this.newCustomers -= gone;
  }

  /** Flags found once the whole batch is known (an outlier far from the rest). */
  setPlaceFlags(placeId: number, flags: readonly string[]): void {
    this.check();
    this.db.prepare('UPDATE places SET flags = ? WHERE fid = ? AND import_id = ?').run(flags.length === 0 ? null : JSON.stringify(flags), placeId, this.batchId);
  }

  /** Commits the batch with its counts and its problem report. */
  finish(summary: { rowsRead: number; report?: readonly CellProblem[] }): BatchTotals {
    this.check();
    try {
      this.db
        .prepare('UPDATE imports SET rows_read = ?, customers = ?, places = ?, report = ? WHERE id = ?')
        .run(summary.rowsRead, this.customers, this.places, summary.report === undefined ? null : JSON.stringify(summary.report), this.batchId);
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
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.onEnd();
    }
  }

  get isOpen(): boolean {
    return this.open;
  }

  private check(): void {
    if (!this.open) throw new KetuError('INTERNAL', '导入批次已结束');
  }
}
