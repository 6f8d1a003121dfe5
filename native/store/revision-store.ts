import type { Database as Db } from 'better-sqlite3';
import type { PlaceFilter } from '../contract/methods.js';
import type { VersionArea } from '../contract/revision.js';
import { areaOfRow } from './area-store.js';
import { encodePolygon } from './gpkg-geometry.js';
import type { PlaceFieldStore } from './place-fields.js';
import { RevisionPlaceColumns, revisionTextColumns } from './revision-columns.js';
import type { CodedColumn, RevisionColumns, RevisionTextColumn } from './revision-columns.js';

export type { CodedColumn, RevisionColumns } from './revision-columns.js';

export interface DealRow {
  record: number;
  customer: number;
  unit: string | null;
  product: string | null;
  dealDate: string | null;
}

export interface SalesUnitRow {
  unit: string;
  product: string | null;
  area: number | null;
  status: string | null;
  dealDate: string | null;
}

export interface VersionRow {
  id: number;
  name: string;
  format: number;
  createdAt: string;
  customers: number;
  areas: number;
  snapshot: string;
}

/** The places a comparison can count: customers' home and work places. */
const BASE_WHERE = "+p.role IN ('home', 'work') AND p.customer_id IS NOT NULL";

/** Inventory, 销控表, map versions, and the columns of a plan/actual comparison. */
export class RevisionStore {
  private readonly columns: RevisionPlaceColumns;
  private dealCache: { changes: string; rows: readonly DealRow[] } | null = null;

  constructor(
    private readonly db: Db,
    private readonly fields: PlaceFieldStore,
    /** The file keeps the comparison's place columns (migration 090). */
    keepsColumns: boolean,
  ) {
    this.columns = new RevisionPlaceColumns(db, keepsColumns);
  }

  /** Inside an import's transaction, before its commit: the kept place columns follow the batch. */
  afterBatch(): void {
    this.columns.afterBatch();
  }

  /** Units per product ('' = the project's total), and the 销控表 rows when one was read. */
  inventory(): { totals: Map<string, number>; units: SalesUnitRow[] } {
    const totals = new Map(this.db.prepare('SELECT product, units FROM inventory').raw(true).all() as Array<[string, number]>);
    const units = this.db.prepare('SELECT unit, product, area, status, deal_date AS dealDate FROM sales_units ORDER BY id').all() as SalesUnitRow[];
    return { totals, units };
  }

  /** Replaces the inventory: totals, and the 销控表 rows (none when totals were typed in). */
  setInventory(totals: ReadonlyMap<string, number>, units: readonly SalesUnitRow[], sourceFile: string | null): void {
    const putTotal = this.db.prepare('INSERT INTO inventory (product, units) VALUES (?, ?)');
    const putUnit = this.db.prepare('INSERT INTO sales_units (unit, product, area, status, deal_date, source_file) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM inventory').run();
      this.db.prepare('DELETE FROM sales_units').run();
      for (const [product, n] of totals) putTotal.run(product, n);
      for (const u of units) putUnit.run(u.unit, u.product, u.area, u.status, u.dealDate, sourceFile);
    })();
  }

  /** Every deal record with its 房号, 产品类型 and 成交日期 (as imported); read again only when the data moved. */
  deals(): readonly DealRow[] {
    const changes = this.changes();
    if (this.dealCache?.changes === changes) return this.dealCache.rows;
    const rows = this.db
      .prepare(
        `SELECT id AS record, customer_id AS customer, CAST(json_extract(attributes, '$.unit') AS TEXT) AS unit,
           CAST(json_extract(attributes, '$.product') AS TEXT) AS product, CAST(json_extract(attributes, '$.dealDate') AS TEXT) AS dealDate
         FROM customer_records WHERE stage = 'deals' ORDER BY id`,
      )
      .all() as DealRow[];
    this.dealCache = { changes, rows };
    return rows;
  }

  /** When the data moved: this connection's change counter, and data_version for another process's commits (the CLI). */
  private changes(): string {
    const own = this.db.prepare('SELECT total_changes()').pluck().get() as number;
    return `${own}:${String(this.db.pragma('data_version', { simple: true }))}`;
  }

  /**
   * Plan and actual customers: which side's filter each place passes, from one scan of places (rowid
   * order; `+p.role` keeps SQLite off the role index, whose lookup per row is slower than the scan), over
   * the place columns above. A customer counts once per side, at their first home place; 行业 at their
   * first work place.
   */
  sides(plan: PlaceFilter, actual: PlaceFilter): { plan: RevisionColumns; actual: RevisionColumns } {
    const clause = (f: PlaceFilter): { expr: string; args: Array<string | number> } => {
      const { where, args } = this.fields.filterSql(f);
      return { expr: where === '' ? '1' : `(${where.slice('WHERE '.length)})`, args };
    };
    const base = this.columns.get();
    const p = clause(plan);
    const a = clause(actual);
    const sideOf = new Uint8Array(base.count);
    // all(), not iterate(): one small integer per place, and a third less CPU than a call into the statement per row.
    const sides = this.db
      .prepare(`SELECT (${p.expr} IS 1) + 2 * (${a.expr} IS 1) FROM places p LEFT JOIN customer_records r ON r.id = p.record_id WHERE ${BASE_WHERE} ORDER BY p.fid`)
      .pluck()
      .all(...p.args, ...a.args) as number[];
    sideOf.set(sides.length > base.count ? sides.slice(0, base.count) : sides);
    const capacity = (this.db.prepare('SELECT max(id) FROM customers').pluck().get() as number | null) ?? 0;
    const side = (bit: number): RevisionColumns => {
      const seen = new Uint8Array(capacity + 1);
      const seenWork = new Uint8Array(capacity + 1);
      const rows = new Int32Array(base.count);
      const workRows = new Int32Array(base.count);
      let count = 0;
      let work = 0;
      for (let i = 0; i < base.count; i++) {
        if (((sideOf[i] ?? 0) & bit) === 0) continue;
        const c = base.customer[i] ?? 0;
        if (base.home[i] === 1) {
          if (seen[c] === 1) continue;
          seen[c] = 1;
          rows[count++] = i;
        } else if ((base.industry.codes[i] ?? -1) !== -1 && seenWork[c] !== 1) {
          seenWork[c] = 1;
          workRows[work++] = i;
        }
      }
      // Plain loops: TypedArray.from with a map function goes through the iterator protocol per element.
      const pickF = (src: Float64Array): Float64Array => {
        const out = new Float64Array(count);
        for (let k = 0; k < count; k++) out[k] = src[rows[k] ?? 0] ?? NaN;
        return out;
      };
      const pickC = (col: CodedColumn, at: Int32Array, m: number): CodedColumn => {
        const codes = new Int32Array(m);
        for (let k = 0; k < m; k++) codes[k] = col.codes[at[k] ?? 0] ?? -1;
        return { codes, labels: col.labels };
      };
      const customer = new Uint32Array(count);
      for (let k = 0; k < count; k++) customer[k] = base.customer[rows[k] ?? 0] ?? 0;
      return {
        count,
        customer,
        lng: pickF(base.lng),
        lat: pickF(base.lat),
        area: pickF(base.area),
        text: Object.fromEntries(revisionTextColumns.map((c) => [c, pickC(base.text[c], rows, count)])) as unknown as Record<RevisionTextColumn, CodedColumn>,
        industry: pickC(base.industry, workRows, work),
        kept: new Map([...base.kept].map(([key, col]) => [key, pickC(col, rows, count)])),
      };
    };
    return { plan: side(1), actual: side(2) };
  }

  /** Batches whose records pass the filter, with how many distinct customers each holds. */
  batchCustomers(filter: PlaceFilter): Array<{ id: number; file: string; stage: string | null; customers: number }> {
    const { where, args } = this.fields.filterSql(filter);
    return this.db
      .prepare(
        `SELECT i.id AS id, i.source_file AS file, i.stage AS stage, count(DISTINCT p.customer_id) AS customers
         FROM places p LEFT JOIN customer_records r ON r.id = p.record_id JOIN imports i ON i.id = p.import_id ${where} GROUP BY i.id ORDER BY i.id`,
      )
      .all(...args) as Array<{ id: number; file: string; stage: string | null; customers: number }>;
  }

  /** Distinct customers after the filter. */
  customerCount(filter: PlaceFilter): number {
    const { where, args } = this.fields.filterSql(filter);
    return this.db.prepare(`SELECT count(DISTINCT p.customer_id) FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ${where}`).pluck().get(...args) as number;
  }

  /** A version and its areas in one transaction; the areas become features GDAL lists. */
  insertVersion(v: { name: string; format: number; createdAt: string; customers: number; snapshot: string }, areas: readonly VersionArea[]): number {
    return this.db.transaction(() => {
      const id = Number(
        this.db.prepare('INSERT INTO map_versions (name, format, created_at, customers, snapshot) VALUES (?, ?, ?, ?, ?)').run(v.name, v.format, v.createdAt, v.customers, v.snapshot).lastInsertRowid,
      );
      const put = this.db.prepare(
        'INSERT INTO map_version_areas (geom, version_id, version_name, area_id, name, grade, color, notes, team, center_lng, center_lat, radius_m, hidden) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const a of areas) put.run(encodePolygon([a.ring]), id, v.name, a.id, a.name, a.grade, a.color, a.notes, a.team, a.center?.lng ?? null, a.center?.lat ?? null, a.radiusM, a.hidden ? 1 : 0);
      this.growExtent(areas);
      return id;
    })();
  }

  versions(): VersionRow[] {
    return this.db
      .prepare(
        `SELECT v.id, v.name, v.format, v.created_at AS createdAt, v.customers, v.snapshot,
           (SELECT count(*) FROM map_version_areas a WHERE a.version_id = v.id) AS areas
         FROM map_versions v ORDER BY v.id`,
      )
      .all() as VersionRow[];
  }

  versionAreas(id: number): VersionArea[] {
    const rows = this.db
      .prepare('SELECT area_id, geom, name, grade, color, notes, team, center_lng, center_lat, radius_m, hidden FROM map_version_areas WHERE version_id = ? ORDER BY fid')
      .all(id) as Array<{ area_id: number; geom: Buffer; name: string; grade: string | null; color: string | null; notes: string | null; team: string | null; center_lng: number | null; center_lat: number | null; radius_m: number | null; hidden: number }>;
    return rows.map((r) => ({ ...areaOfRow(r), id: r.area_id }));
  }

  /** Only the name of a version changes after it is saved. */
  renameVersion(id: number, name: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE map_versions SET name = ? WHERE id = ?').run(name, id);
      this.db.prepare('UPDATE map_version_areas SET version_name = ? WHERE version_id = ?').run(name, id);
    })();
  }

  removeVersion(id: number): boolean {
    return this.db.prepare('DELETE FROM map_versions WHERE id = ?').run(id).changes > 0;
  }

  /** Whether the planner closed the "third passed" prompt of this project (a settings row). */
  promptDismissed(): boolean {
    return this.db.prepare("SELECT value FROM settings WHERE key = 'revision.promptDismissed'").pluck().get() === 'true';
  }

  dismissPrompt(): void {
    this.db.prepare("INSERT INTO settings (key, value) VALUES ('revision.promptDismissed', 'true') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
  }

  /** gpkg_contents carries the table's extent; GIS tools zoom to it. Versions only add areas, so it only grows. */
  private growExtent(areas: readonly VersionArea[]): void {
    const points = areas.flatMap((a) => a.ring);
    if (points.length === 0) return;
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    this.db
      .prepare(
        `UPDATE gpkg_contents SET min_x = min(coalesce(min_x, @w), @w), min_y = min(coalesce(min_y, @s), @s), max_x = max(coalesce(max_x, @e), @e), max_y = max(coalesce(max_y, @n), @n),
           last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = 'map_version_areas'`,
      )
      .run({ w: Math.min(...xs), s: Math.min(...ys), e: Math.max(...xs), n: Math.max(...ys) });
  }
}
