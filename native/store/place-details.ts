import type { Database as Db } from 'better-sqlite3';
import type { PlaceBrief, PlaceDetail, PlaceRole } from '../contract/index.js';

/*
 * What a point on the map answers when hovered or clicked: the place, its customer, their records and their
 * other places. Phones leave here as stored; masking is the caller's (analysis/handlers.ts) decision.
 */

/** Deal date, else visit date, as written in the record's attributes (YYYY-MM-DD…), cut to the day. */
const DATE_SQL = "substr(coalesce(json_extract(r.attributes, '$.dealDate'), json_extract(r.attributes, '$.visitDate')), 1, 10)";

interface BriefRow {
  placeId: number;
  role: PlaceRole;
  name: string | null;
  customerId: number | null;
  customerName: string | null;
  stage: string | null;
  date: string | null;
}

const BRIEF_SQL = `SELECT p.fid AS placeId, p.role AS role, p.name AS name, p.customer_id AS customerId, c.name AS customerName,
  r.stage AS stage, ${DATE_SQL} AS date
  FROM places p LEFT JOIN customers c ON c.id = p.customer_id LEFT JOIN customer_records r ON r.id = p.record_id`;

export class PlaceDetailStore {
  constructor(private readonly db: Db) {}

  /** Briefs of the given places, in the order asked; ids without a place are left out. */
  briefs(placeIds: readonly number[]): PlaceBrief[] {
    const stmt = this.db.prepare(`${BRIEF_SQL} WHERE p.fid = ?`);
    return placeIds.map((id) => stmt.get(id) as BriefRow | undefined).filter((r): r is BriefRow => r !== undefined);
  }

  /** The card of one place, or null when no such place exists. */
  detail(placeId: number): PlaceDetail | null {
    const brief = this.db.prepare(`${BRIEF_SQL.replace('AS date', 'AS date, p.address AS address, p.industry AS industry, p.district AS district')} WHERE p.fid = ?`).get(placeId) as
      | (BriefRow & { address: string | null; industry: string | null; district: string | null })
      | undefined;
    if (brief === undefined) return null;
    if (brief.customerId === null) return { place: brief, customer: null, records: [], places: [] };
    const customer = this.db.prepare('SELECT id, name, phone FROM customers WHERE id = ?').get(brief.customerId) as PlaceDetail['customer'];
    const records = this.db
      .prepare(`SELECT r.id AS id, r.stage AS stage, ${DATE_SQL} AS date, r.import_id AS batch, i.file_name AS source FROM customer_records r JOIN imports i ON i.id = r.import_id WHERE r.customer_id = ? ORDER BY r.id`)
      .all(brief.customerId) as PlaceDetail['records'];
    const places = this.db
      .prepare("SELECT fid AS placeId, role, name, address, lng, lat FROM places WHERE customer_id = ? ORDER BY CASE role WHEN 'home' THEN 0 WHEN 'work' THEN 1 ELSE 2 END, fid")
      .all(brief.customerId) as PlaceDetail['places'];
    return { place: brief, customer, records, places };
  }
}
