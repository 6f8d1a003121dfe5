import type { Database as Db } from 'better-sqlite3';
import { areaBandOf } from '../contract/area-bands.js';
import { KetuError } from '../contract/errors.js';
import { defaultAreaBands } from '../contract/methods.js';
import type { Area, AreaCountDimension, PlaceFilter, PlaceRole } from '../contract/methods.js';
import { decodePolygon, encodePolygon } from './gpkg-geometry.js';
import type { PlaceFieldStore } from './place-fields.js';

/** Places as parallel arrays with the key each is counted under (cheap for a million places). */
export interface CountingPlaces {
  count: number;
  ids: Uint32Array;
  lng: Float64Array;
  lat: Float64Array;
  customer: Uint32Array;
  key: string[];
}

export interface ListRowData {
  /** customers.id: rows of one customer are one line of a per-customer list. */
  customer: number;
  name: string | null;
  phone: string | null;
  role: PlaceRole;
  place: string | null;
  address: string | null;
  district: string | null;
  city: string | null;
  industry: string | null;
  stage: string | null;
  attributes: string;
}

/** An area's stored columns, in `areas` and in a map version's `map_version_areas` alike. */
export interface AreaColumns<G> {
  geom: Buffer;
  name: string;
  grade: G;
  color: string | null;
  notes: string | null;
  team: string | null;
  center_lng: number | null;
  center_lat: number | null;
  radius_m: number | null;
  hidden: number;
}

/** The one reading of those columns (a circle keeps its centre and radius beside its ring). */
export function areaOfRow<G>(r: AreaColumns<G>): { name: string; grade: G; color: string | null; notes: string | null; team: string | null; kind: 'circle' | 'polygon'; center: { lng: number; lat: number } | null; radiusM: number | null; ring: Array<[number, number]>; hidden: boolean } {
  return {
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
  };
}

interface AreaRow extends AreaColumns<Area['grade']> {
  fid: number;
}

/** The drawn target areas (GeoPackage feature table `areas`), what they count, and their settings. */
export class AreaStore {
  constructor(
    private readonly db: Db,
    private readonly fields: PlaceFieldStore,
  ) {}

  insert(area: Omit<Area, 'id'>): Area {
    const id = Number(
      this.db
        .prepare('INSERT INTO areas (geom, name, grade, color, notes, team, center_lng, center_lat, radius_m, hidden) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(encodePolygon([area.ring]), area.name, area.grade, area.color, area.notes, area.team, area.center?.lng ?? null, area.center?.lat ?? null, area.radiusM, area.hidden ? 1 : 0)
        .lastInsertRowid,
    );
    this.refreshExtent();
    return { ...area, id };
  }

  list(): Area[] {
    const rows = this.db.prepare('SELECT fid, geom, name, grade, color, notes, team, center_lng, center_lat, radius_m, hidden FROM areas ORDER BY fid').all() as AreaRow[];
    return rows.map((r) => ({ ...areaOfRow(r), id: r.fid }));
  }

  /** Properties and, when the patch carries a ring, the geometry (circles keep centre and radius). */
  update(id: number, patch: Partial<Omit<Area, 'id'>>): Area {
    const current = this.list().find((a) => a.id === id);
    if (current === undefined) throw new KetuError('INVALID_PARAMS', `没有编号为 ${id} 的区域`);
    const next: Area = { ...current, ...(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<Area>) };
    this.db
      .prepare('UPDATE areas SET name = ?, grade = ?, color = ?, notes = ?, team = ?, hidden = ?, geom = ?, center_lng = ?, center_lat = ?, radius_m = ? WHERE fid = ?')
      .run(next.name, next.grade, next.color, next.notes, next.team, next.hidden ? 1 : 0, encodePolygon([next.ring]), next.center?.lng ?? null, next.center?.lat ?? null, next.radiusM, id);
    if (patch.ring !== undefined) this.refreshExtent();
    return next;
  }

  /** Grades of many areas in one transaction (热力度分析 applied). */
  setGrades(grades: ReadonlyArray<{ id: number; grade: Area['grade'] }>): void {
    const stmt = this.db.prepare('UPDATE areas SET grade = ? WHERE fid = ?');
    this.db.transaction(() => {
      for (const g of grades) stmt.run(g.grade, g.id);
    })();
  }

  remove(id: number): boolean {
    const removed = this.db.prepare('DELETE FROM areas WHERE fid = ?').run(id).changes > 0;
    this.refreshExtent();
    return removed;
  }

  /** gpkg_contents carries the table's extent; GIS tools zoom to it. */
  private refreshExtent(): void {
    const points = this.list().flatMap((a) => a.ring);
    if (points.length === 0) return;
    this.db
      .prepare("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = 'areas'")
      .run(Math.min(...points.map((p) => p[0])), Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[0])), Math.max(...points.map((p) => p[1])));
  }

  /** Places with the key they are counted under; 面积段 cut at `bands`. */
  placesForCounting(by: AreaCountDimension, filter: PlaceFilter = {}, bands: readonly number[] = defaultAreaBands): CountingPlaces {
    const keyExpr: Record<AreaCountDimension, string> = {
      role: 'p.role',
      stage: "coalesce(r.stage, '未标注')",
      industry: "coalesce(p.industry, '未分类')",
      product: "coalesce(json_extract(r.attributes, '$.product'), '未标注')",
      areaBand: "json_extract(r.attributes, '$.area')",
    };
    const { where, args } = this.fields.filterSql(filter);
    const rows = this.db
      .prepare(`SELECT p.fid, p.lng, p.lat, p.customer_id, ${keyExpr[by]} FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ${where} ORDER BY p.fid`)
      .raw(true)
      .all(...args) as Array<[number, number, number, number, string | number | null]>;
    const out: CountingPlaces = { count: rows.length, ids: new Uint32Array(rows.length), lng: new Float64Array(rows.length), lat: new Float64Array(rows.length), customer: new Uint32Array(rows.length), key: new Array<string>(rows.length) };
    rows.forEach(([fid, lng, lat, customer, key], i) => {
      out.ids[i] = fid;
      out.lng[i] = lng;
      out.lat[i] = lat;
      out.customer[i] = customer;
      out.key[i] = by === 'areaBand' ? areaBandOf(key, bands) : String(key);
    });
    return out;
  }

  /** Rows for a customer list: one per place, with its customer and record. */
  listRows(placeIds: readonly number[]): ListRowData[] {
    const stmt = this.db.prepare(
      `SELECT p.customer_id AS customer, c.name, c.phone, p.role, p.name AS place, p.address, p.district, p.city, p.industry, r.stage, coalesce(r.attributes, '{}') AS attributes
       FROM places p JOIN customers c ON c.id = p.customer_id LEFT JOIN customer_records r ON r.id = p.record_id WHERE p.fid = ?`,
    );
    return placeIds.map((id) => stmt.get(id) as ListRowData);
  }

  /** Places per 区县 (as stored with each place), after the filters. */
  countByDistrict(filter: PlaceFilter = {}): Map<string, number> {
    const { where, args } = this.fields.filterSql(filter, ['p.district IS NOT NULL']);
    const rows = this.db.prepare(`SELECT p.district, count(*) FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ${where} GROUP BY 1`).raw(true).all(...args) as Array<[string, number]>;
    return new Map(rows);
  }

  /** A project setting of the areas (JSON text), or undefined when never saved. */
  setting(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(`areas.${key}`) as string | undefined) ?? undefined;
  }

  putSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(`areas.${key}`, value);
  }
}
