import type { Database as Db } from 'better-sqlite3';
import type { PlacePrecision } from '../contract/methods.js';

/** What a gazetteer name stands for; 'address' holds positions the user confirmed for a free-text address. */
export type GazetteerKind = 'community' | 'employer' | 'poi' | 'address';

/** Where a gazetteer entry came from: learned from imported coordinates, confirmed by the user, or a geocoder. */
export type GazetteerSource = 'learned' | 'user' | 'amap' | 'baidu' | 'tianditu' | 'centroid';

export interface GazetteerEntry {
  id: number;
  /** Normal form (see `normalizePlaceName`): the unique index is the identity, so variants must collapse. */
  name: string;
  kind: GazetteerKind;
  aliases: string[];
  lng: number;
  lat: number;
  city: string | null;
  district: string | null;
  precision: PlacePrecision;
  source: GazetteerSource;
  confirmed: boolean;
  updatedAt: string;
}

export interface GazetteerInput {
  name: string;
  kind: GazetteerKind;
  aliases?: string[];
  lng: number;
  lat: number;
  city?: string | null;
  district?: string | null;
  precision: PlacePrecision;
  source: GazetteerSource;
  confirmed?: boolean;
}

/** A remembered provider answer; `hit: null` is "the provider found nothing" (remembered so it is not asked again). */
export interface CachedAnswer {
  provider: string;
  query: string;
  hit: { lng: number; lat: number; precision: PlacePrecision; formatted: string } | null;
  createdAt: string;
}

export interface GazetteerIndex {
  size: number;
  find(text: string, kind?: GazetteerKind): GazetteerEntry | null;
}

export interface LearnOptions {
  /** Fewest agreeing points before a name is trusted; one customer's coordinate may be a typo. */
  minPoints?: number;
  /** How far (m) from the median a point may lie and still agree, per kind. */
  radiusM?: { community: number; employer: number };
}

export interface LearnReport {
  /** Names written (new or moved); confirmed entries are never touched. */
  learned: number;
  /** Names seen fewer than `minPoints` times. */
  tooFew: number;
  /** Names whose points disagree (e.g. an employer with branches all over the city). */
  scattered: number;
}

/**
 * The form names are stored and looked up in: NFKC (full-width letters, digits and brackets become
 * half-width), no whitespace at all, Latin letters lower-cased. "桂花城 （一期）" and "桂花城(一期)" meet.
 */
export function normalizePlaceName(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u3000]+/g, '').toLowerCase();
}

interface GazetteerRow {
  id: number;
  name: string;
  kind: string;
  aliases: string;
  lng: number;
  lat: number;
  city: string | null;
  district: string | null;
  precision: string;
  source: string;
  confirmed: number;
  updated_at: string;
}

function toEntry(r: GazetteerRow): GazetteerEntry {
  const aliases = JSON.parse(r.aliases) as unknown;
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as GazetteerKind,
    aliases: Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === 'string') : [],
    lng: r.lng,
    lat: r.lat,
    city: r.city,
    district: r.district,
    precision: r.precision as PlacePrecision,
    source: r.source as GazetteerSource,
    confirmed: r.confirmed !== 0,
    updatedAt: r.updated_at,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const hi = sorted[mid] ?? NaN;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? hi) + hi) / 2;
}

/** Equirectangular distance: exact enough (well under 1 %) at the few-km scale used for agreement. */
function metres(aLng: number, aLat: number, bLng: number, bLat: number): number {
  const k = Math.PI / 180;
  const x = (bLng - aLng) * k * Math.cos(((aLat + bLat) / 2) * k);
  const y = (bLat - aLat) * k;
  return Math.hypot(x, y) * 6_371_008.8;
}

const GAZETTEER_COLUMNS = 'id, name, kind, aliases, lng, lat, city, district, precision, source, confirmed, updated_at';

/** The project's own place names and the geocode cache. Lives on the project's one connection. */
export class GeocodeStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /**
   * The entry whose name or one of whose aliases is `text` in normal form. With `kind`, only that kind;
   * without, any kind, confirmed entries first.
   */
  /** Entries whose name contains the text or is contained in it (near matches for the review list). */
  search(text: string, limit = 8): GazetteerEntry[] {
    const key = normalizePlaceName(text);
    if (key === '') return [];
    const rows = this.db
      .prepare(`SELECT ${GAZETTEER_COLUMNS} FROM gazetteer WHERE instr(name, @key) > 0 OR instr(@key, name) > 0 ORDER BY confirmed DESC, length(name) LIMIT @limit`)
      .all({ key, limit }) as GazetteerRow[];
    return rows.map(toEntry);
  }

  lookup(text: string, kind?: GazetteerKind): GazetteerEntry | null {
    const key = normalizePlaceName(text);
    if (key === '') return null;
    const row = this.db
      .prepare(
        `SELECT ${GAZETTEER_COLUMNS} FROM gazetteer
          WHERE (name = @key OR EXISTS (SELECT 1 FROM json_each(gazetteer.aliases) WHERE value = @key))
            AND (@kind IS NULL OR kind = @kind)
          ORDER BY confirmed DESC, name = @key DESC, updated_at DESC LIMIT 1`,
      )
      .get({ key, kind: kind ?? null }) as GazetteerRow | undefined;
    return row === undefined ? null : toEntry(row);
  }

  /** Every entry of the given kinds with a position finer than a district's centre: the places a planner knows by name. */
  known(kinds: readonly GazetteerKind[]): Array<Pick<GazetteerEntry, 'name' | 'kind' | 'lng' | 'lat'>> {
    const rows = this.db
      .prepare(`SELECT name, kind, lng, lat FROM gazetteer WHERE kind IN (SELECT value FROM json_each(?)) AND precision NOT IN ('district', 'city') ORDER BY id`)
      .all(JSON.stringify(kinds)) as Array<{ name: string; kind: GazetteerKind; lng: number; lat: number }>;
    return rows;
  }

  /**
   * The whole gazetteer in memory, for a run of many lookups: one scan instead of an alias scan per
   * text. Same answers as `lookup`.
   */
  index(): GazetteerIndex {
    const byKey = new Map<string, GazetteerEntry[]>();
    const add = (key: string, e: GazetteerEntry): void => {
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [e]);
      else if (!list.includes(e)) list.push(e);
    };
    const rows = this.db.prepare(`SELECT ${GAZETTEER_COLUMNS} FROM gazetteer`).all() as GazetteerRow[];
    for (const row of rows) {
      const e = toEntry(row);
      add(e.name, e);
      for (const a of e.aliases) add(a, e);
    }
    return {
      size: rows.length,
      find(text, kind) {
        const key = normalizePlaceName(text);
        const list = (byKey.get(key) ?? []).filter((e) => kind === undefined || e.kind === kind);
        // The order `lookup` uses: confirmed, then a name (not an alias) match, then the newest.
        list.sort((a, b) => Number(b.confirmed) - Number(a.confirmed) || Number(b.name === key) - Number(a.name === key) || b.updatedAt.localeCompare(a.updatedAt));
        return list[0] ?? null;
      },
    };
  }

  /**
   * Adds or moves entries, in one transaction. A confirmed entry is only ever replaced by another
   * confirmed one: what the user placed by hand outranks anything learned or geocoded. Aliases merge.
   */
  upsert(entries: GazetteerInput[], now = new Date().toISOString()): { written: number; kept: number } {
    const stmt = this.db.prepare(
      `INSERT INTO gazetteer (name, kind, aliases, lng, lat, city, district, precision, source, confirmed, updated_at)
       VALUES (@name, @kind, @aliases, @lng, @lat, @city, @district, @precision, @source, @confirmed, @now)
       ON CONFLICT (name, kind) DO UPDATE SET
         aliases = (SELECT json_group_array(value) FROM (
                      SELECT value FROM json_each(gazetteer.aliases) UNION SELECT value FROM json_each(excluded.aliases))),
         lng = excluded.lng, lat = excluded.lat,
         city = coalesce(excluded.city, gazetteer.city), district = coalesce(excluded.district, gazetteer.district),
         precision = excluded.precision, source = excluded.source, confirmed = excluded.confirmed,
         updated_at = excluded.updated_at
       WHERE excluded.confirmed >= gazetteer.confirmed`,
    );
    return this.db.transaction(() => {
      let written = 0;
      for (const e of entries) {
        const name = normalizePlaceName(e.name);
        if (name === '') continue;
        if (!Number.isFinite(e.lng) || !Number.isFinite(e.lat)) continue;
        const aliases = [...new Set((e.aliases ?? []).map(normalizePlaceName))].filter((a) => a !== '' && a !== name);
        const result = stmt.run({
          name,
          kind: e.kind,
          aliases: JSON.stringify(aliases),
          lng: e.lng,
          lat: e.lat,
          city: e.city ?? null,
          district: e.district ?? null,
          precision: e.precision,
          source: e.source,
          confirmed: e.confirmed === true ? 1 : 0,
          now,
        });
        written += result.changes;
      }
      return { written, kept: entries.length - written };
    })();
  }

  list(opts: { kind?: GazetteerKind; confirmed?: boolean; limit?: number; offset?: number } = {}): GazetteerEntry[] {
    const rows = this.db
      .prepare(
        `SELECT ${GAZETTEER_COLUMNS} FROM gazetteer
          WHERE (@kind IS NULL OR kind = @kind) AND (@confirmed IS NULL OR confirmed = @confirmed)
          ORDER BY kind, name LIMIT @limit OFFSET @offset`,
      )
      .all({
        kind: opts.kind ?? null,
        confirmed: opts.confirmed === undefined ? null : opts.confirmed ? 1 : 0,
        limit: opts.limit ?? -1,
        offset: opts.offset ?? 0,
      }) as GazetteerRow[];
    return rows.map(toEntry);
  }

  /** Cached answers for the given queries from the given providers (all providers when omitted), newest first. */
  getCached(queries: readonly string[], providers?: readonly string[]): Map<string, CachedAnswer[]> {
    const out = new Map<string, CachedAnswer[]>();
    if (queries.length === 0) return out;
    // One point lookup per (provider, query) on the primary key; `WHERE query = ?` alone would scan.
    const ids = providers ?? (this.db.prepare('SELECT DISTINCT provider FROM geocode_cache').pluck().all() as string[]);
    const stmt = this.db.prepare('SELECT lng, lat, precision, formatted, created_at FROM geocode_cache WHERE provider = ? AND query = ?');
    for (const query of new Set(queries)) {
      const answers: CachedAnswer[] = [];
      for (const provider of ids) {
        const r = stmt.get(provider, query) as { lng: number | null; lat: number | null; precision: string | null; formatted: string | null; created_at: string } | undefined;
        if (r === undefined) continue;
        answers.push({
          provider,
          query,
          hit: r.lng === null || r.lat === null || r.precision === null ? null : { lng: r.lng, lat: r.lat, precision: r.precision as PlacePrecision, formatted: r.formatted ?? '' },
          createdAt: r.created_at,
        });
      }
      answers.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      if (answers.length > 0) out.set(query, answers);
    }
    return out;
  }

  /** Remembers answers in one transaction; a later answer for the same (provider, query) replaces the earlier. */
  putCached(answers: ReadonlyArray<Omit<CachedAnswer, 'createdAt'> & { createdAt?: string }>): number {
    const stmt = this.db.prepare(
      `INSERT INTO geocode_cache (provider, query, lng, lat, precision, formatted, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (provider, query) DO UPDATE SET lng = excluded.lng, lat = excluded.lat, precision = excluded.precision,
         formatted = excluded.formatted, created_at = excluded.created_at`,
    );
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      for (const a of answers) {
        stmt.run(a.provider, a.query, a.hit?.lng ?? null, a.hit?.lat ?? null, a.hit?.precision ?? null, a.hit?.formatted ?? null, a.createdAt ?? now);
      }
      return answers.length;
    })();
  }

  /**
   * Fills the gazetteer from imported places with real coordinates: home names become communities,
   * work names employers. A name is learned only when at least `minPoints` (default 2) of its points
   * agree within `radiusM` of their median (community 500 m, employer 1 km), and those points make up
   * at least two thirds of all its points: a single coordinate may be a typo, and a name spread over
   * the city (a bank, a chain) has no one position. The position is the median of the agreeing points.
   */
  learnFromPlaces(opts: LearnOptions = {}, now = new Date().toISOString()): LearnReport {
    const minPoints = Math.max(1, opts.minPoints ?? 2);
    const radius = opts.radiusM ?? { community: 500, employer: 1000 };
    const rows = this.db
      .prepare(
        `SELECT name, role, lng, lat FROM places
          WHERE source = 'import' AND precision = 'coordinate' AND flags IS NULL
            AND role IN ('home', 'work') AND name IS NOT NULL AND trim(name) <> ''`,
      )
      .raw(true)
      .iterate() as Iterable<[string, 'home' | 'work', number, number]>;
    const groups = new Map<string, { name: string; kind: 'community' | 'employer'; lngs: number[]; lats: number[] }>();
    for (const [rawName, role, lng, lat] of rows) {
      const name = normalizePlaceName(rawName);
      // One character (or a bare "无", "-") is not a place name.
      if (name.length < 2 || !Number.isFinite(lng) || !Number.isFinite(lat)) continue;
      const kind = role === 'home' ? 'community' : 'employer';
      const id = `${kind}\u0000${name}`;
      let g = groups.get(id);
      if (g === undefined) {
        g = { name, kind, lngs: [], lats: [] };
        groups.set(id, g);
      }
      g.lngs.push(lng);
      g.lats.push(lat);
    }
    const report: LearnReport = { learned: 0, tooFew: 0, scattered: 0 };
    const entries: GazetteerInput[] = [];
    for (const g of groups.values()) {
      if (g.lngs.length < minPoints) {
        report.tooFew++;
        continue;
      }
      const mLng = median(g.lngs);
      const mLat = median(g.lats);
      const limit = radius[g.kind];
      const inLng: number[] = [];
      const inLat: number[] = [];
      g.lngs.forEach((lng, i) => {
        const lat = g.lats[i] ?? NaN;
        if (metres(mLng, mLat, lng, lat) <= limit) {
          inLng.push(lng);
          inLat.push(lat);
        }
      });
      if (inLng.length < minPoints || inLng.length * 3 < g.lngs.length * 2) {
        report.scattered++;
        continue;
      }
      entries.push({ name: g.name, kind: g.kind, lng: median(inLng), lat: median(inLat), precision: 'community', source: 'learned', confirmed: false });
    }
    report.learned = this.upsert(entries, now).written;
    return report;
  }
}
