import { basename } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { KetuError } from '../contract/errors.js';
import type { CellProblem } from '../contract/errors.js';
import type { ImportField } from '../contract/methods.js';
import { placeRoles } from '../contract/methods.js';
import { encodePoint } from './gpkg-geometry.js';
import { fillRecordFieldRows, fillRecordKeptRows } from './migrations/070-record-fields.js';
import { recordFieldValues } from './record-field-values.js';
import { problemPages, readProblems } from './import-problems.js';
import { PhoneTable } from './phone-table.js';
import type { ProblemPage, ProblemPageRequest } from './import-problems.js';
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

/** Rows per INSERT statement: one statement run per row cost more than SQLite's own work per row. */
const ROWS_PER_INSERT = 64;

/**
 * Rows of one table waiting to be inserted, up to ROWS_PER_INSERT per statement. Ids are given by the
 * writer in the order SQLite would have given them, so buffering changes nothing that is stored.
 * `OR FAIL`: a multi-row INSERT that may ABORT keeps a statement journal to undo its own rows, and
 * that journal wrote more than the batch itself (1.19 GB of writes for a 252 MB file at 200,000
 * rows; 0.59 GB without it). A failed statement's rows are never kept: any error rolls the whole batch back.
 */
class InsertBuffer {
  private readonly statements = new Map<number, BetterSqlite3.Statement>();
  private params: unknown[] = [];

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly columns: number,
    private readonly columnList: string,
  ) {}

  get rows(): number {
    return this.params.length / this.columns;
  }

  /** Takes one row's values, in column order. */
  push(...values: unknown[]): void {
    for (const v of values) this.params.push(v);
  }

  /** Inserts every row taken, in order: whole statements, then one statement for the rest. */
  flush(): void {
    const rows = this.rows;
    for (let at = 0; at < rows; at += ROWS_PER_INSERT) {
      const n = Math.min(ROWS_PER_INSERT, rows - at);
      this.statement(n).run(this.params.slice(at * this.columns, (at + n) * this.columns));
    }
    this.params = [];
  }

  discard(): void {
    this.params = [];
  }

  private statement(rows: number): BetterSqlite3.Statement {
    let stmt = this.statements.get(rows);
    if (stmt === undefined) {
      const row = `(${new Array<string>(this.columns).fill('?').join(', ')})`;
      stmt = this.db.prepare(`INSERT OR FAIL INTO ${this.table} (${this.columnList}) VALUES ${new Array<string>(rows).fill(row).join(', ')}`);
      this.statements.set(rows, stmt);
    }
    return stmt;
  }
}

/** Rows a batch writes into a table before its secondary indexes are set aside (dropped, rebuilt at the end). */
const SET_ASIDE_AFTER = 20_000;

/**
 * The secondary indexes of the tables a batch grows, set aside while the batch is large beside what
 * the table held: every row inserted into an index keyed at random (phone, district) dirties a page
 * somewhere in it, while CREATE INDEX at the end sorts once and writes each page once. Dropped and
 * rebuilt from their own SQL inside the batch's transaction, so the schema after the commit, and
 * after a rollback or a kill, is exactly what it was.
 */
class SetAsideIndexes {
  private readonly aside: Array<{ name: string; sql: string }> = [];
  private readonly done = new Set<string>();

  constructor(private readonly db: Db) {}

  /** Sets aside the indexes of `table` not in `keep` (once per table). */
  setAside(table: string, keep: ReadonlySet<string> = new Set()): void {
    if (this.done.has(table)) return;
    this.done.add(table);
    const indexes = this.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY rowid").all(table) as Array<{ name: string; sql: string }>;
    for (const ix of indexes) {
      if (keep.has(ix.name)) continue;
      this.db.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
      this.aside.push(ix);
    }
  }

  /**
   * Builds every index set aside (before anything reads the tables through them), in the order they
   * were made: the query planner breaks ties between equal indexes by that order, and a different
   * choice would read rows in another order (learnFromPlaces would number the gazetteer otherwise).
   */
  rebuild(): void {
    for (const ix of this.aside) this.db.exec(ix.sql);
    this.aside.length = 0;
  }

  /** After a rollback: the indexes are back as they were. */
  forget(): void {
    this.aside.length = 0;
  }
}

/**
 * One import batch written while the sheet is still being read, inside ONE open transaction: a
 * crash, a cancel or a refused row leaves the file as it was (rollback), a finish commits it all.
 * The engine lets no other call use the connection while a writer is open (see dispatch.ts).
 * Rows are inserted many per statement, customers before their records before their places: a row
 * that reached SQLite before the row it points to would be a foreign-key violation, and while one is
 * outstanding SQLite scans the child table on every parent insert.
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
  private readonly problemRows: InsertBuffer;
  private readonly fieldRows: InsertBuffer;
  /** Whether some record has a kept column (record_kept), and whether every record_fields row was made here. */
  private keptColumns = false;
  private fieldsExact = true;
  /** Problems written so far: the next one's `seq`. */
  private problemCount = 0;
  private readonly phoneStatements = new Map<number, BetterSqlite3.Statement>();
  private readonly placeFlags: BetterSqlite3.Statement;
  /** The next ids SQLite would give (max + 1; places is AUTOINCREMENT, so its sequence counts too). */
  private next = { customer: 0, record: 0, place: 0 };
  /** Customers of this batch's phones, and of earlier batches' phones this batch has met. */
  private readonly phones = new PhoneTable();
  /** False while the project had no customer before this batch: no phone needs looking up. */
  private earlierCustomers = true;
  private readonly indexes: SetAsideIndexes;
  private readonly foreignKeys: boolean;
  /** Rows each table held when the batch began. */
  private readonly before: { customers: number; records: number; places: number };

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
    this.fieldRows = new InsertBuffer(db, 'record_fields', 8, 'record_id, purpose, family, age_band, income, channel, product, area');
    this.problemRows = new InsertBuffer(db, 'import_problems', 8, 'import_id, row, seq, sheet, "column", reason, severity, value');
    this.placeFlags = db.prepare('UPDATE places SET flags = ? WHERE fid = ? AND import_id = ?');
    const createdAt = meta.createdAt ?? new Date().toISOString();
    // Foreign keys are not checked row by row while the batch is open (an eighth of SQLite's insert
    // work): every id is given here and parents reach SQLite first. SQLite only takes the setting
    // outside a transaction, so it is switched around the batch and back when it ends.
    this.foreignKeys = Number(db.pragma('foreign_keys', { simple: true })) === 1;
    db.pragma('foreign_keys = OFF');
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
      this.readNextIds();
    } catch (err) {
      db.exec('ROLLBACK');
      this.restoreSettings();
      throw err;
    }
    this.indexes = new SetAsideIndexes(db);
    this.before = { customers: this.next.customer - 1, records: this.next.record - 1, places: this.next.place - 1 };
  }

  /** Customers (one record each) with the places known so far; merged by phone with earlier customers. */
  addCustomers(customers: readonly NewCustomer[]): StoredOwner[] {
    this.check();
    const earlier = this.earlierByPhone(customers);
    return customers.map((c) => {
      const attributes = typeof c.attributes === 'string' ? c.attributes : JSON.stringify(c.attributes ?? {});
      const fields = c.recordFields ?? recordFieldValues(typeof c.attributes === 'string' ? (JSON.parse(c.attributes) as Record<string, unknown>) : (c.attributes ?? {}));
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
      if (fields.values !== null) this.fieldRows.push(recordId, ...fields.values);
      if (fields.kept) this.keptColumns = true;
      if (!fields.exact) this.fieldsExact = false;
      const owner: StoredOwner = { customerId, recordId, placeIds: [] };
      owner.placeIds = this.addPlaces(owner, c.places);
      if (this.recordRows.rows >= ROWS_PER_INSERT) this.flush();
      return owner;
    });
  }

  /** Places of a customer already stored (e.g. found by geocoding after the sheet was read). */
  addPlaces(owner: Pick<StoredOwner, 'customerId' | 'recordId'>, places: readonly NewPlace[]): number[] {
    this.check();
    const ids = places.map((p) => {
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
    if (this.placeRows.rows >= 2 * ROWS_PER_INSERT) this.flush();
    return ids;
  }

  /**
   * Takes back a row written before its places were looked for, when none was found (an import that
   * skips its bad rows): its record goes, and its customer too when this batch created it for that row alone.
   */
  withdraw(owner: Pick<StoredOwner, 'customerId' | 'recordId'>): void {
    this.check();
    this.flush();
    // Found by customer and record: through the indexes, not a scan of the batch per row.
    this.indexes.rebuild();
    this.db.prepare('DELETE FROM places WHERE customer_id = ? AND record_id = ? AND import_id = ?').run(owner.customerId, owner.recordId, this.batchId);
    // Foreign keys are off in the batch: the record's revision row goes by hand, not by cascade.
    this.db.prepare('DELETE FROM record_fields WHERE record_id = ?').run(owner.recordId);
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

  /**
   * Problems as they are found, in that order, into the batch's report (`import_problems`, same
   * transaction): read back by row, then in this order, so a row's problems found later (geocoding,
   * outliers) take their place beside the ones found when it was read.
   */
  addProblems(problems: readonly CellProblem[]): void {
    this.check();
    for (const p of problems) this.problemRows.push(this.batchId, p.row, this.problemCount++, p.sheet, p.column, p.reason, p.severity ?? null, p.value ?? null);
    if (this.problemRows.rows >= 4 * ROWS_PER_INSERT) this.problemRows.flush();
  }

  /** Problems written so far (before the commit: a refusal names its first ones, and writes its report). */
  problems(page: ProblemPageRequest): ProblemPage {
    this.check();
    this.problemRows.flush();
    return readProblems(this.db, this.batchId, page);
  }

  /** Every problem written so far in report order, a page at a time (the .xlsx report of a refusal). */
  problemPages(): Iterable<readonly CellProblem[]> {
    this.check();
    this.problemRows.flush();
    return problemPages(this.db, this.batchId);
  }

  get problemTotal(): number {
    return this.problemCount;
  }

  /** Commits the batch with its counts; `keepReport` false: the batch keeps no report (problems NULL). */
  finish(summary: { rowsRead: number; keepReport?: boolean }): BatchTotals {
    this.check();
    try {
      this.flush();
      this.problemRows.flush();
      this.indexes.rebuild();
      // The revision's typed columns of this batch's records: made as the records were (the same rows
      // migration 070's statements give, see record-field-values.ts), or by those statements.
      if (!this.fieldsExact) {
        this.db.prepare('DELETE FROM record_fields WHERE record_id IN (SELECT id FROM customer_records WHERE import_id = ?)').run(this.batchId);
        fillRecordFieldRows(this.db, this.batchId);
      }
      if (this.keptColumns) fillRecordKeptRows(this.db, this.batchId);
      this.db
        .prepare('UPDATE imports SET rows_read = ?, customers = ?, places = ?, problems = ? WHERE id = ?')
        .run(summary.rowsRead, this.customers, this.places, summary.keepReport === false ? null : this.problemCount, this.batchId);
      this.onCommit();
      this.db.exec('COMMIT');
    } catch (err) {
      this.abort();
      throw err;
    }
    this.open = false;
    this.restoreSettings();
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
    this.fieldRows.discard();
    this.problemRows.discard();
    this.indexes.forget();
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.restoreSettings();
      this.onEnd();
    }
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** The connection's foreign keys as they were before the batch (after its COMMIT or ROLLBACK). */
  private restoreSettings(): void {
    this.db.pragma(`foreign_keys = ${this.foreignKeys ? 'ON' : 'OFF'}`);
  }

  /** Parents first: no row reaches SQLite before the row it points to. */
  private flush(): void {
    this.setAsideWhenLarge();
    this.customerRows.flush();
    this.recordRows.flush();
    this.fieldRows.flush();
    this.placeRows.flush();
  }

  /** A batch grown large beside a table sets its indexes aside; the phone index stays while earlier customers are looked up by it. */
  private setAsideWhenLarge(): void {
    const large = (written: number, held: number): boolean => written >= SET_ASIDE_AFTER && written >= held;
    if (large(this.next.customer - 1 - this.before.customers, this.before.customers)) this.indexes.setAside('customers', this.earlierCustomers ? new Set(['customers_phone']) : new Set());
    if (large(this.next.record - 1 - this.before.records, this.before.records)) this.indexes.setAside('customer_records');
    if (large(this.next.place - 1 - this.before.places, this.before.places)) this.indexes.setAside('places');
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
