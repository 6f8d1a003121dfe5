import type { Database as Db } from 'better-sqlite3';
import type { PlaceFilter, PlaceRole } from '../contract/methods.js';
import type { PlaceFieldStore } from './place-fields.js';

/** What a printed page states about its data (source note, framing). */
export interface PrintFacts {
  /** Distinct customers with a record of the stage, after the filter. */
  customers: number;
  /** The latest 成交日期 (or 来访日期) of those records, ISO day, or null. */
  lastDate: string | null;
}

/**
 * The `print_layouts` table: one row per saved layout, JSON `{ "version": N, "layout": {...} }`. Rows come
 * back as parsed JSON; migrating them is the contract's job (print-layout.ts).
 */
export class PrintLayoutStore {
  constructor(
    private readonly db: Db,
    private readonly fields: PlaceFieldStore,
  ) {}

  /** Customers of `stage` passing `filter`, and their latest dated record (`dateField`: dealDate, visitDate). */
  facts(filter: PlaceFilter, stage: string | null, dateField: string): PrintFacts {
    const where = stage === null ? [] : ['r.stage = ?'];
    const { where: w, args } = this.fields.filterSql(filter, where, stage === null ? [] : [stage]);
    const from = `FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ${w}`;
    const customers = this.db.prepare(`SELECT count(DISTINCT p.customer_id) ${from}`).pluck().get(...args) as number;
    const date = this.fields.sql(dateField);
    const last = this.db.prepare(`SELECT max(${date.expr}) ${from}`).pluck().get(...date.args, ...args) as number | null;
    return { customers, lastDate: last === null ? null : new Date(Math.round(last) * 86_400_000).toISOString().slice(0, 10) };
  }

  /**
   * The [w, s, e, n] holding the middle `keep` share of the places of `roles` passing the filter (and the
   * given points, e.g. 本案): a map page frames where customers are, not the one who lives in another province.
   */
  frame(filter: PlaceFilter, roles: readonly PlaceRole[], keep: number, extra: ReadonlyArray<{ lng: number; lat: number }>): [number, number, number, number] | null {
    const { where, args } = this.fields.filterSql({ ...filter, roles: [...roles] });
    const rows = this.db.prepare(`SELECT p.lng, p.lat FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ${where}`).raw(true).all(...args) as Array<[number, number]>;
    if (rows.length === 0) return null;
    const cut = (values: number[]): [number, number] => {
      values.sort((a, b) => a - b);
      const lo = Math.floor(((1 - keep) / 2) * (values.length - 1));
      const hi = Math.ceil((1 - (1 - keep) / 2) * (values.length - 1));
      return [values[lo] ?? 0, values[hi] ?? 0];
    };
    const [w, e] = cut(rows.map((r) => r[0]));
    const [s, n] = cut(rows.map((r) => r[1]));
    let b: [number, number, number, number] = [w, s, e, n];
    for (const { lng, lat } of extra) b = [Math.min(b[0], lng), Math.min(b[1], lat), Math.max(b[2], lng), Math.max(b[3], lat)];
    return b;
  }

  /** Saved rows by id, as parsed JSON (null for a row that is not JSON). */
  read(): Map<string, unknown> {
    const rows = this.db.prepare('SELECT id, layout FROM print_layouts ORDER BY id').all() as Array<{ id: string; layout: string }>;
    return new Map(
      rows.map((r) => {
        try {
          return [r.id, JSON.parse(r.layout) as unknown];
        } catch {
          return [r.id, null];
        }
      }),
    );
  }

  write(id: string, row: unknown): void {
    this.db
      .prepare('INSERT INTO print_layouts (id, layout, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET layout = excluded.layout, updated_at = excluded.updated_at')
      .run(id, JSON.stringify(row), new Date().toISOString());
  }
}
