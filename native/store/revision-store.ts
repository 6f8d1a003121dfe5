import type { Database as Db } from 'better-sqlite3';
import type { PlaceFilter } from '../contract/methods.js';
import type { VersionArea } from '../contract/revision.js';
import { encodePolygon, decodePolygon } from './gpkg-geometry.js';
import type { PlaceFieldStore } from './place-fields.js';

/** A text column as codes into labels (-1: no value), built while the rows stream. */
export interface CodedColumn {
  codes: Int32Array;
  labels: string[];
}

/** The category columns the comparison reads from each customer's home place and record. */
export const revisionTextColumns = ['district', 'city', 'purpose', 'family', 'ageBand', 'income', 'channel', 'product'] as const;
export type RevisionTextColumn = (typeof revisionTextColumns)[number];

/** One row per customer (their first home place after the filter), as typed columns. */
export interface RevisionColumns {
  count: number;
  customer: Uint32Array;
  lng: Float64Array;
  lat: Float64Array;
  /** Unit area (㎡), NaN when none. */
  area: Float64Array;
  /** 成交日期 as days since 1970-01-01, NaN when none. */
  dealDay: Float64Array;
  text: Record<RevisionTextColumn, CodedColumn>;
}

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

/** Income has no field of its own: sheets name it 收入, 年收入 or 家庭年收入 (kept as attributes). */
const incomeKeys = ['income', '收入', '年收入', '家庭收入', '家庭年收入', '个人年收入'];
const textSql: Record<RevisionTextColumn, string> = {
  district: 'p.district',
  city: 'p.city',
  purpose: "CAST(json_extract(r.attributes, '$.purpose') AS TEXT)",
  family: "CAST(json_extract(r.attributes, '$.family') AS TEXT)",
  ageBand: "CAST(json_extract(r.attributes, '$.ageBand') AS TEXT)",
  income: `CAST(coalesce(${incomeKeys.map((k) => `json_extract(r.attributes, '$."${k}"')`).join(', ')}) AS TEXT)`,
  channel: "CAST(json_extract(r.attributes, '$.channel') AS TEXT)",
  product: "CAST(json_extract(r.attributes, '$.product') AS TEXT)",
};
const UNIX_EPOCH_JD = 2440587.5;

/** Inventory, 销控表, map versions, and the columns of a plan/actual comparison. */
export class RevisionStore {
  constructor(
    private readonly db: Db,
    private readonly fields: PlaceFieldStore,
  ) {}

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

  /** Every deal record with its 房号, 产品类型 and 成交日期 (as imported). */
  deals(): DealRow[] {
    return this.db
      .prepare(
        `SELECT id AS record, customer_id AS customer, CAST(json_extract(attributes, '$.unit') AS TEXT) AS unit,
           CAST(json_extract(attributes, '$.product') AS TEXT) AS product, CAST(json_extract(attributes, '$.dealDate') AS TEXT) AS dealDate
         FROM customer_records WHERE stage = 'deals' ORDER BY id`,
      )
      .all() as DealRow[];
  }

  /**
   * Customers after the filter, one row each (their first home place in fid order), in one scan; text
   * columns dictionary-coded as they stream so a million rows stay typed arrays.
   */
  columns(filter: PlaceFilter): RevisionColumns {
    // `+p.role`: one pass over places in rowid order beats walking the role index with a lookup per row.
    const { where, args } = this.fields.filterSql(filter, ["+p.role = 'home'", 'p.customer_id IS NOT NULL']);
    const maxCustomer = (this.db.prepare('SELECT max(id) FROM customers').pluck().get() as number | null) ?? 0;
    const seen = new Uint8Array(maxCustomer + 1);
    // Sized for every customer (ids are dense), cut to those found: one scan, no counting query first.
    const n = maxCustomer;
    const out: RevisionColumns = {
      count: 0,
      customer: new Uint32Array(n),
      lng: new Float64Array(n),
      lat: new Float64Array(n),
      area: new Float64Array(n),
      dealDay: new Float64Array(n),
      text: Object.fromEntries(revisionTextColumns.map((c) => [c, { codes: new Int32Array(n), labels: [] }])) as unknown as Record<RevisionTextColumn, CodedColumn>,
    };
    const maps = revisionTextColumns.map(() => new Map<string, number>());
    const cols = revisionTextColumns.map((c) => out.text[c]);
    const stmt = this.db
      .prepare(
        `SELECT p.customer_id, p.lng, p.lat,
           CASE WHEN json_type(r.attributes, '$.area') IN ('integer', 'real') THEN json_extract(r.attributes, '$.area') END,
           CASE WHEN json_type(r.attributes, '$.dealDate') = 'text' THEN julianday(json_extract(r.attributes, '$.dealDate')) - ${UNIX_EPOCH_JD} END,
           ${revisionTextColumns.map((c) => textSql[c]).join(', ')}
         FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ${where} ORDER BY p.fid`,
      )
      .raw(true);
    let i = 0;
    for (const row of stmt.iterate(...args) as Iterable<unknown[]>) {
      const customer = row[0] as number;
      if (seen[customer] === 1 || i >= n) continue;
      seen[customer] = 1;
      out.customer[i] = customer;
      out.lng[i] = row[1] as number;
      out.lat[i] = row[2] as number;
      out.area[i] = (row[3] as number | null) ?? NaN;
      out.dealDay[i] = (row[4] as number | null) ?? NaN;
      for (let c = 0; c < cols.length; c++) {
        const v = row[5 + c] as string | null;
        const col = cols[c];
        const map = maps[c];
        if (col === undefined || map === undefined) continue;
        if (v === null || v === '') col.codes[i] = -1;
        else {
          let code = map.get(v);
          if (code === undefined) {
            code = col.labels.length;
            map.set(v, code);
            col.labels.push(v);
          }
          col.codes[i] = code;
        }
      }
      i++;
    }
    const cut = (c: CodedColumn): CodedColumn => ({ codes: c.codes.subarray(0, i), labels: c.labels });
    return {
      count: i,
      customer: out.customer.subarray(0, i),
      lng: out.lng.subarray(0, i),
      lat: out.lat.subarray(0, i),
      area: out.area.subarray(0, i),
      dealDay: out.dealDay.subarray(0, i),
      text: Object.fromEntries(revisionTextColumns.map((c) => [c, cut(out.text[c])])) as unknown as Record<RevisionTextColumn, CodedColumn>,
    };
  }

  /** Distinct customers per 行业 of their work places after the filter (unclassified left out). */
  industryCounts(filter: PlaceFilter): Map<string, number> {
    const { where, args } = this.fields.filterSql(filter, ["+p.role = 'work'", 'p.industry IS NOT NULL']);
    const rows = this.db.prepare(`SELECT p.industry, count(DISTINCT p.customer_id) FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ${where} GROUP BY 1`).raw(true).all(...args) as Array<[string, number]>;
    return new Map(rows);
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
    return rows.map((r) => ({
      id: r.area_id,
      name: r.name,
      grade: r.grade,
      color: r.color,
      notes: r.notes,
      team: r.team,
      kind: r.radius_m === null ? 'polygon' : 'circle',
      center: r.center_lng === null || r.center_lat === null ? null : { lng: r.center_lng, lat: r.center_lat },
      radiusM: r.radius_m,
      ring: decodePolygon(r.geom)[0] ?? [],
      hidden: r.hidden !== 0,
    }));
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
