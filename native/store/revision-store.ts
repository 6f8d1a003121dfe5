import type { Database as Db } from 'better-sqlite3';
import type { PlaceFilter } from '../contract/methods.js';
import type { VersionArea } from '../contract/revision.js';
import { areaOfRow } from './area-store.js';
import { encodePolygon } from './gpkg-geometry.js';
import type { PlaceFieldStore } from './place-fields.js';

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
/** Record attributes the comparison reads, in one json_extract per row (one parse of the record's JSON). */
const attributeKeys = ['area', 'purpose', 'family', 'ageBand', 'channel', 'product', ...incomeKeys];
const attributeSql = `json_extract(r.attributes, ${attributeKeys.map((k) => `'$."${k}"'`).join(', ')})`;
const INCOME_AT = attributeKeys.indexOf('income');

/** A scalar of the attribute tuple as a category label: text as is, numbers as text, anything else none. */
function label(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

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
   * Plan and actual customers in ONE scan of places (rowid order; `+p.role` keeps SQLite off the role
   * index, whose lookup per row is slower than the scan): each row says which side's filter it passes.
   * A customer counts once per side, at their first home place; 行业 at their first work place. Text
   * columns are dictionary-coded as the rows stream, so a million customers stay typed arrays.
   */
  sides(plan: PlaceFilter, actual: PlaceFilter): { plan: RevisionColumns; actual: RevisionColumns } {
    const clause = (f: PlaceFilter): { expr: string; args: Array<string | number> } => {
      const { where, args } = this.fields.filterSql(f);
      return { expr: where === '' ? '1' : `(${where.slice('WHERE '.length)})`, args };
    };
    const p = clause(plan);
    const a = clause(actual);
    const capacity = (this.db.prepare('SELECT max(id) FROM customers').pluck().get() as number | null) ?? 0;
    const labels = revisionTextColumns.map(() => [] as string[]);
    const industryLabels: string[] = [];
    const side = (): { cols: RevisionColumns; seen: Uint8Array; seenWork: Uint8Array; industry: Int32Array; workCount: number } => ({
      cols: {
        count: 0,
        customer: new Uint32Array(capacity),
        lng: new Float64Array(capacity),
        lat: new Float64Array(capacity),
        area: new Float64Array(capacity),
        text: Object.fromEntries(revisionTextColumns.map((c, k) => [c, { codes: new Int32Array(capacity), labels: labels[k] ?? [] }])) as unknown as Record<RevisionTextColumn, CodedColumn>,
        industry: { codes: new Int32Array(0), labels: industryLabels },
      },
      seen: new Uint8Array(capacity + 1),
      seenWork: new Uint8Array(capacity + 1),
      industry: new Int32Array(capacity),
      workCount: 0,
    });
    const sides = [side(), side()];
    const maps = revisionTextColumns.map(() => new Map<string, number>());
    const industryMap = new Map<string, number>();
    const code = (map: Map<string, number>, list: string[], v: string | null): number => {
      if (v === null || v === '') return -1;
      let c = map.get(v);
      if (c === undefined) {
        c = list.length;
        map.set(v, c);
        list.push(v);
      }
      return c;
    };
    const stmt = this.db
      .prepare(
        `SELECT p.customer_id, p.role = 'home', ${p.expr}, ${a.expr}, p.lng, p.lat, p.industry, p.district, p.city,
           CASE WHEN p.role = 'home' THEN ${attributeSql} END
         FROM places p LEFT JOIN customer_records r ON r.id = p.record_id
         WHERE +p.role IN ('home', 'work') AND p.customer_id IS NOT NULL AND (${p.expr} OR ${a.expr}) ORDER BY p.fid`,
      )
      .raw(true);
    const textCodes = new Int32Array(revisionTextColumns.length);
    let area = NaN;
    for (const row of stmt.iterate(...p.args, ...a.args, ...p.args, ...a.args) as Iterable<unknown[]>) {
      const customer = row[0] as number;
      const isHome = row[1] === 1;
      let coded = false;
      for (let k = 0; k < 2; k++) {
        if (row[2 + k] !== 1) continue;
        const s = sides[k];
        if (s === undefined) continue;
        if (!isHome) {
          if (s.seenWork[customer] === 1 || row[6] === null) continue;
          s.seenWork[customer] = 1;
          s.industry[s.workCount++] = code(industryMap, industryLabels, row[6] as string);
          continue;
        }
        if (s.seen[customer] === 1) continue;
        s.seen[customer] = 1;
        if (!coded) {
          // The tuple of values, not a feature: [area, purpose, family, ageBand, channel, product, income…].
          const t = row[9] === null ? [] : (JSON.parse(row[9] as string) as unknown[]);
          area = typeof t[0] === 'number' ? t[0] : NaN;
          const income = t.slice(INCOME_AT).map(label).find((v) => v !== null) ?? null;
          const values: Record<RevisionTextColumn, string | null> = {
            district: row[7] as string | null,
            city: row[8] as string | null,
            purpose: label(t[1]),
            family: label(t[2]),
            ageBand: label(t[3]),
            channel: label(t[4]),
            product: label(t[5]),
            income,
          };
          revisionTextColumns.forEach((c, k2) => (textCodes[k2] = code(maps[k2] as Map<string, number>, labels[k2] as string[], values[c])));
          coded = true;
        }
        const out = s.cols;
        const i = out.count++;
        out.customer[i] = customer;
        out.lng[i] = row[4] as number;
        out.lat[i] = row[5] as number;
        out.area[i] = area;
        revisionTextColumns.forEach((c, k2) => (out.text[c].codes[i] = textCodes[k2] ?? -1));
      }
    }
    const cut = (s: (typeof sides)[number]): RevisionColumns => {
      const n = s.cols.count;
      return {
        count: n,
        customer: s.cols.customer.subarray(0, n),
        lng: s.cols.lng.subarray(0, n),
        lat: s.cols.lat.subarray(0, n),
        area: s.cols.area.subarray(0, n),
        text: Object.fromEntries(revisionTextColumns.map((c) => [c, { codes: s.cols.text[c].codes.subarray(0, n), labels: s.cols.text[c].labels }])) as unknown as Record<RevisionTextColumn, CodedColumn>,
        industry: { codes: s.industry.subarray(0, s.workCount), labels: industryLabels },
      };
    };
    const [first, second] = sides as [(typeof sides)[number], (typeof sides)[number]];
    return { plan: cut(first), actual: cut(second) };
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
