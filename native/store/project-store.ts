import { copyFileSync, existsSync, openSync, readSync, closeSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { KetuError } from '../contract/errors.js';
import type { CellProblem } from '../contract/errors.js';
import { unsurePrecisions } from '../contract/methods.js';
import type { ImportBatch, ImportField, PlaceColumns, PlaceFilter, PlacePrecision, PlaceRole, ProjectInfo, Ranking, RankingDimension, ReviewPlace, Site, SiteKind } from '../contract/methods.js';
import { BatchWriter } from './batch-writer.js';
import type { BatchMeta, BatchTotals } from './batch-writer.js';
import { problemPages, readProblems } from './import-problems.js';
import type { ProblemPage, ProblemPageRequest } from './import-problems.js';
import type { DivisionLookup, NewBatch } from './records.js';
import { GeocodeStore } from './geocode-store.js';
import { BasemapStore } from './basemap-store.js';
import { PlaceDetailStore } from './place-details.js';
import { PlaceFieldStore } from './place-fields.js';
import { MapSettingsStore } from './map-settings-store.js';
import { LayerStore } from './layer-store.js';
import { PrintLayoutStore } from './print-layout-store.js';
import { AreaStore } from './area-store.js';
import { RevisionStore } from './revision-store.js';
import { migration090 } from './migrations/090-revision-columns.js';
import { decodePoint, encodePoint } from './gpkg-geometry.js';
import { migrations as defaultMigrations } from './migrations/index.js';
import { busyError, claimWriter, currentWriter, isBusyError } from './writer-record.js';
import type { Migration, MigrationContext } from './migrations/migration.js';

const GPKG_APPLICATION_ID = 0x47504b47; // "GPKG"
const GPKG_USER_VERSION = 10300; // GeoPackage 1.3 owns user_version; KeTu's schema version lives in ketu_meta.
/** better-sqlite3's default wait on another connection's lock. */
const LOCK_WAIT_MS = 5000;

export interface OpenOptions {
  /** Injected by tests to play a newer build against older files. */
  migrations?: readonly Migration[];
  readonly?: boolean;
  /** The resources folder: migrations check their frozen data against it (only old files need it). */
  resourcesDir?: string;
  /** The program that opens the file (e.g. "ketu import"), named to others while it writes. */
  client?: string;
  /** An older file's upgrade as it goes: 'backup' (0 of 1, 1 of 1), then 'migrate' (steps done of steps). */
  onProgress?: (phase: 'backup' | 'migrate', done: number, total: number) => void;
}

function versionOf(list: readonly Migration[]): number {
  return list[list.length - 1]?.version ?? 0;
}

/** Cheap checks on the raw bytes, before SQLite sees the file, so a wrong file is named precisely. */
function checkHeader(path: string): void {
  if (!existsSync(path)) throw new KetuError('FILE_NOT_FOUND', `找不到文件：${path}`, { file: path });
  const size = statSync(path).size;
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') {
    throw new KetuError('NOT_A_PROJECT', `不是 KeTu 项目文件（不是 SQLite/GeoPackage 文件）：${path}`, { file: path });
  }
  if (header.readUInt32BE(68) !== GPKG_APPLICATION_ID) {
    throw new KetuError('NOT_A_PROJECT', `不是 KeTu 项目文件（不是 GeoPackage 文件）：${path}`, { file: path });
  }
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pages = header.readUInt32BE(28);
  const sizeValid = header.readUInt32BE(92) === header.readUInt32BE(24);
  if (sizeValid && pages > 0 && size < pages * pageSize) {
    throw new KetuError('PROJECT_CORRUPT', `项目文件不完整（可能在复制时被截断）：${path}，应有 ${pages * pageSize} 字节，实有 ${size} 字节`, {
      file: path,
    });
  }
}

function sqliteCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err).code) : '';
}

function wrapOpenError(err: unknown, path: string): KetuError {
  if (err instanceof KetuError) return err;
  const code = sqliteCode(err);
  if (code === 'SQLITE_NOTADB') return new KetuError('NOT_A_PROJECT', `不是 KeTu 项目文件：${path}`, { file: path });
  if (code.startsWith('SQLITE_CORRUPT')) return new KetuError('PROJECT_CORRUPT', `项目文件已损坏：${path}`, { file: path });
  const message = err instanceof Error ? err.message : String(err);
  return new KetuError('PROJECT_CORRUPT', `无法打开项目文件：${path}（${message}）`, { file: path });
}

function readSchemaVersion(db: Db, path: string): number {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ketu_meta'").get();
  if (hasMeta === undefined) {
    throw new KetuError('NOT_A_PROJECT', `这是 GeoPackage 文件，但不是 KeTu 项目文件：${path}`, { file: path });
  }
  const row = db.prepare("SELECT value FROM ketu_meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  const version = Number(row?.value);
  if (!Number.isInteger(version) || version <= 0) {
    throw new KetuError('PROJECT_CORRUPT', `项目文件缺少版本信息：${path}`, { file: path });
  }
  return version;
}

/** A read-only SQLite connection leaves empty -wal/-shm files behind; remove the ones it created. */
function removeEmptySidecars(created: string[]): void {
  const wal = created.find((f) => f.endsWith('-wal'));
  if (wal !== undefined && existsSync(wal) && statSync(wal).size > 0) return;
  for (const f of created) if (existsSync(f)) unlinkSync(f);
}

/**
 * `<file>.v<N>.bak` before a migration, holding everything committed: data still in the -wal (a session
 * that ended without a checkpoint) is checkpointed into the file first (PASSIVE: it never waits), or,
 * when another connection keeps the checkpoint from finishing, copied by SQLite itself (VACUUM INTO
 * reads one consistent snapshot). The backup must open and say version N before the original is touched.
 */
function backUpBeforeMigration(path: string, version: number): void {
  const backup = `${path}.v${version}.bak`;
  const tmp = `${backup}.tmp`;
  try {
    const db = new Database(path, { fileMustExist: true });
    try {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      rmSync(tmp, { force: true });
      if (result === undefined || (result.busy === 0 && result.checkpointed >= result.log)) copyFileSync(path, tmp);
      else db.prepare('VACUUM INTO ?').run(tmp);
    } finally {
      db.close();
    }
    const check = new Database(tmp, { readonly: true, fileMustExist: true });
    try {
      const ok = check.pragma('quick_check', { simple: true });
      if (ok !== 'ok' || readSchemaVersion(check, tmp) !== version) throw new Error(`backup check: ${String(ok)}`);
    } finally {
      check.close();
    }
    renameSync(tmp, backup);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new KetuError('EXPORT_FAILED', `无法在升级前备份项目文件，项目未改动：${backup}（${err instanceof Error ? err.message : String(err)}）`, { file: path, backup });
  } finally {
    removeEmptySidecars([`${tmp}-wal`, `${tmp}-shm`].filter((f) => existsSync(f)));
  }
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

/**
 * Each migration in its own transaction. Foreign keys are off while they run (SQLite's procedure for
 * rebuilding a table: a DROP would otherwise cascade), and checked before each commit.
 */
function runMigrations(db: Db, from: number, list: readonly Migration[], context: MigrationContext, onStep: (done: number) => void = () => undefined): void {
  const pending = list.filter((m) => m.version > from);
  if (pending.length === 0) return;
  db.pragma('foreign_keys = OFF');
  try {
    onStep(0);
    for (const [i, migration] of pending.entries()) {
      runMigration(db, migration, context);
      onStep(i + 1);
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

function runMigration(db: Db, migration: Migration, context: MigrationContext): void {
  db.transaction(() => {
    migration.up(db, context);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`migration ${migration.version} left ${broken.length} broken references`);
    db.prepare("INSERT INTO ketu_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(migration.version));
  })();
}

/** What each ranking counts: the role of the places, and the SQL key they are grouped by. */
/** The rankings SQL can group; 写字楼 is read from text (analysis/rankings.ts). */
export type SqlRankingDimension = Exclude<RankingDimension, 'building'>;

const unsureSql = unsurePrecisions.map((p) => `'${p}'`).join(', ');

const rankingDims: Record<SqlRankingDimension, { role: PlaceRole; key: string }> = {
  community: { role: 'home', key: 'p.name' },
  employer: { role: 'work', key: 'p.name' },
  industry: { role: 'work', key: "coalesce(p.industry, '未分类')" },
  district: { role: 'home', key: "coalesce(p.district, p.city, '未知')" },
  city: { role: 'home', key: "coalesce(p.city, '未知')" },
};

/** The project file. All SQL of KeTu lives in this folder; nothing else touches better-sqlite3. */
export class ProjectStore {
  readonly path: string;
  readonly schemaVersion: number;
  private readonly db: Db;
  private client = 'KeTu';

  private constructor(path: string, db: Db, schemaVersion: number) {
    this.path = path;
    this.db = db;
    this.schemaVersion = schemaVersion;
  }

  /** The program named to other processes while this one writes (see writer-record.ts). */
  setClient(client: string): this {
    this.client = client;
    return this;
  }

  /**
   * While another live process records itself as the writer (a CLI import), a write is refused at once
   * with its name instead of waiting SQLite's 5 seconds on the lock: the workbench then says who holds it.
   */
  matchLockWaitToWriter(): void {
    const other = currentWriter(this.path);
    this.db.pragma(`busy_timeout = ${other !== null && other.pid !== process.pid ? 0 : LOCK_WAIT_MS}`);
  }

  static create(path: string, opts: { name: string; site?: { lng: number; lat: number }; overwrite?: boolean; createdAt?: string; city?: string }, options: OpenOptions = {}): ProjectStore {
    if (existsSync(path)) {
      if (opts.overwrite !== true) throw new KetuError('FILE_EXISTS', `文件已存在：${path}`, { file: path });
      // Overwriting deletes the -wal: never while another process is writing the project.
      const writer = currentWriter(path);
      if (writer !== null && writer.pid !== process.pid) throw busyError(path);
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) unlinkSync(path + suffix);
    }
    const list = options.migrations ?? defaultMigrations;
    const db = new Database(path);
    let store: ProjectStore;
    try {
      db.pragma(`application_id = ${GPKG_APPLICATION_ID}`);
      db.pragma(`user_version = ${GPKG_USER_VERSION}`);
      configure(db);
      runMigrations(db, 0, list, { resourcesDir: options.resourcesDir ?? null });
      db.transaction(() => {
        db.prepare("INSERT INTO ketu_meta (key, value) VALUES ('name', ?), ('created_at', ?)").run(opts.name, opts.createdAt ?? new Date().toISOString());
        if (opts.city !== undefined) db.prepare("INSERT INTO ketu_meta (key, value) VALUES ('city', ?)").run(opts.city);
        if (opts.site !== undefined) {
          db.prepare("INSERT INTO sites (geom, name, kind) VALUES (?, ?, 'project')").run(encodePoint(opts.site.lng, opts.site.lat), opts.name);
        }
      })();
      store = new ProjectStore(path, db, versionOf(list));
      store.refreshExtents();
    } catch (err) {
      db.close();
      throw err;
    }
    return store;
  }

  static open(path: string, options: OpenOptions = {}): ProjectStore {
    checkHeader(path);
    const list = options.migrations ?? defaultMigrations;
    const target = versionOf(list);
    let version: number;
    // Inspect read-only first: a file we refuse must be left exactly as it was.
    const sidecars = [`${path}-wal`, `${path}-shm`].filter((f) => !existsSync(f));
    try {
      const probe = new Database(path, { readonly: true, fileMustExist: true });
      try {
        const check = probe.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw new KetuError('PROJECT_CORRUPT', `项目文件已损坏：${path}（${String(check)}）`, { file: path });
        version = readSchemaVersion(probe, path);
      } finally {
        probe.close();
      }
    } catch (err) {
      throw wrapOpenError(err, path);
    } finally {
      removeEmptySidecars(sidecars);
    }
    if (version > target) {
      throw new KetuError('PROJECT_TOO_NEW', `项目文件由更新版本的 KeTu 创建（文件版本 ${version}，本程序支持 ${target}），请升级 KeTu 后再打开：${path}`, {
        file: path,
        fileVersion: version,
        supportedVersion: target,
      });
    }
    if (options.readonly === true) {
      return new ProjectStore(path, new Database(path, { readonly: true, fileMustExist: true }), version);
    }
    const progress = options.onProgress ?? (() => undefined);
    const pending = list.filter((m) => m.version > version).length;
    // An upgrade writes for a while: others who find the file busy are told who is upgrading it.
    const release = pending > 0 ? claimWriter(path, options.client ?? 'KeTu', '升级') : () => undefined;
    try {
      if (pending > 0) {
        progress('backup', 0, 1);
        backUpBeforeMigration(path, version);
        progress('backup', 1, 1);
      }
      const db = new Database(path, { fileMustExist: true });
      try {
        configure(db);
        runMigrations(db, version, list, { resourcesDir: options.resourcesDir ?? null }, (done) => progress('migrate', done, pending));
      } catch (err) {
        db.close();
        throw wrapOpenError(err, path);
      }
      return new ProjectStore(path, db, target).setClient(options.client ?? 'KeTu');
    } finally {
      release();
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private geocodeStore: GeocodeStore | null = null;

  private placeFields: PlaceFieldStore | null = null;

  /** Every field places can be coloured or filtered by: columns, pairs and the filter's SQL. */
  get fields(): PlaceFieldStore {
    this.placeFields ??= new PlaceFieldStore(this.db);
    return this.placeFields;
  }

  private placeDetailStore: PlaceDetailStore | null = null;

  /** Tooltips and cards: a place's customer, records and other places. */
  get placeDetails(): PlaceDetailStore {
    this.placeDetailStore ??= new PlaceDetailStore(this.db);
    return this.placeDetailStore;
  }

  private mapSettingsStore: MapSettingsStore | null = null;

  /** The map's filter, 面积段 and basemap. */
  get mapSettings(): MapSettingsStore {
    this.mapSettingsStore ??= new MapSettingsStore(this.db);
    return this.mapSettingsStore;
  }

  private basemapStore: BasemapStore | null = null;

  /** Local tile archives the planner added as basemaps. */
  get basemaps(): BasemapStore {
    this.basemapStore ??= new BasemapStore(this.db);
    return this.basemapStore;
  }

  /** The gazetteer and geocode cache tables of this project. */
  get geocoding(): GeocodeStore {
    this.geocodeStore ??= new GeocodeStore(this.db);
    return this.geocodeStore;
  }

  private areaStore: AreaStore | null = null;

  /** The drawn target areas, and the places they count. */
  get areas(): AreaStore {
    this.areaStore ??= new AreaStore(this.db, this.fields);
    return this.areaStore;
  }

  private revisionStore: RevisionStore | null = null;

  /** Inventory, 销控表, map versions and the columns of the 1/3 revision. */
  get revision(): RevisionStore {
    this.revisionStore ??= new RevisionStore(this.db, this.fields, this.schemaVersion >= migration090.version);
    return this.revisionStore;
  }

  private layerStore: LayerStore | null = null;

  /** The saved map layers of this project. */
  get layers(): LayerStore {
    this.layerStore ??= new LayerStore(this.db);
    return this.layerStore;
  }

  private printLayoutStore: PrintLayoutStore | null = null;

  /** The saved print layouts of this project. */
  get printLayouts(): PrintLayoutStore {
    this.printLayoutStore ??= new PrintLayoutStore(this.db, this.fields);
    return this.printLayoutStore;
  }

  /** The project's city (e.g. 杭州市), which settles ambiguous district names when geocoding. */
  city(): string | null {
    return this.meta('city') ?? null;
  }

  /** Column mappings the planner confirmed, by column layout (normalised headers). */
  rememberedMappings(): Record<string, Record<string, ImportField | null>> {
    const rows = this.db.prepare('SELECT layout, mapping FROM import_mappings').raw(true).all() as Array<[string, string]>;
    return Object.fromEntries(rows.map(([layout, mapping]) => [layout, JSON.parse(mapping) as Record<string, ImportField | null>]));
  }

  listBatches(): ImportBatch[] {
    const rows = this.db
      .prepare('SELECT id, source_file AS file, sheet, stage, rows_read AS rowsRead, customers, places, created_at AS createdAt FROM imports ORDER BY id')
      .all() as ImportBatch[];
    return rows;
  }

  /** A page of the problems kept with a batch (flags, rows the import named), in report order. */
  batchProblems(batchId: number, page: ProblemPageRequest): ProblemPage {
    this.batchExists(batchId);
    return readProblems(this.db, batchId, page);
  }

  /** Every problem kept with a batch, in report order, a page at a time (its .xlsx report). */
  batchProblemPages(batchId: number): Iterable<CellProblem[]> {
    this.batchExists(batchId);
    return problemPages(this.db, batchId);
  }

  private batchExists(batchId: number): void {
    if (this.db.prepare('SELECT 1 FROM imports WHERE id = ?').get(batchId) === undefined) throw new KetuError('INVALID_PARAMS', `没有编号为 ${batchId} 的导入批次`);
  }

  private meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM ketu_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  sites(): Site[] {
    const rows = this.db.prepare('SELECT fid AS id, name, kind, geom FROM sites ORDER BY fid').all() as Array<{ id: number; name: string; kind: SiteKind; geom: Buffer }>;
    return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, ...decodePoint(r.geom) }));
  }

  addSite(site: { name: string; kind: SiteKind; lng: number; lat: number }): number {
    const result = this.db.prepare('INSERT INTO sites (geom, name, kind) VALUES (?, ?, ?)').run(encodePoint(site.lng, site.lat), site.name, site.kind);
    this.refreshExtents();
    return Number(result.lastInsertRowid);
  }

  /** Renames or moves one site; null when there is no such site. */
  updateSite(id: number, change: { name?: string; lng?: number; lat?: number }): Site | null {
    const site = this.sites().find((s) => s.id === id);
    if (site === undefined) return null;
    const next = { ...site, ...change };
    this.db.prepare('UPDATE sites SET name = ?, geom = ? WHERE fid = ?').run(next.name, encodePoint(next.lng, next.lat), id);
    this.refreshExtents();
    return next;
  }

  removeSite(id: number): boolean {
    const removed = this.db.prepare('DELETE FROM sites WHERE fid = ?').run(id).changes > 0;
    if (removed) this.refreshExtents();
    return removed;
  }

  info(): ProjectInfo {
    const count = (table: string): number => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const sites = this.sites();
    // The extent kept in gpkg_contents (refreshed on every write) spares a scan of every place.
    const box = this.db.prepare("SELECT min_x AS w, min_y AS s, max_x AS e, max_y AS n FROM gpkg_contents WHERE table_name = 'places'").get() as {
      w: number | null;
      s: number | null;
      e: number | null;
      n: number | null;
    };
    let bounds: [number, number, number, number] | null = box.w === null || box.s === null || box.e === null || box.n === null ? null : [box.w, box.s, box.e, box.n];
    for (const site of sites) {
      bounds = bounds === null ? [site.lng, site.lat, site.lng, site.lat] : [Math.min(bounds[0], site.lng), Math.min(bounds[1], site.lat), Math.max(bounds[2], site.lng), Math.max(bounds[3], site.lat)];
    }
    return {
      path: this.path,
      name: this.meta('name') ?? basename(this.path),
      schemaVersion: this.schemaVersion,
      createdAt: this.meta('created_at') ?? '',
      counts: { customers: count('customers'), places: count('places'), sites: sites.length, imports: count('imports') },
      bounds,
      sites,
    };
  }

  /** Every place as binary columns, straight from SQLite rows into typed arrays (no per-feature objects). */
  placeColumns(): PlaceColumns {
    const { n } = this.db.prepare('SELECT count(*) AS n FROM places').get() as { n: number };
    const positions = new Float32Array(n * 2);
    const roles = new Uint8Array(n);
    const ids = new Uint32Array(n);
    const stmt = this.db.prepare(`SELECT fid, lng, lat, CASE role WHEN 'home' THEN 0 WHEN 'work' THEN 1 ELSE 2 END FROM places ORDER BY fid`).raw(true);
    let i = 0;
    for (const row of stmt.iterate() as Iterable<[number, number, number, number]>) {
      if (i >= n) break;
      ids[i] = row[0];
      positions[2 * i] = row[1];
      positions[2 * i + 1] = row[2];
      roles[i] = row[3];
      i++;
    }
    return { count: i, positions: i === n ? positions : positions.slice(0, 2 * i), roles: roles.subarray(0, i), ids: ids.subarray(0, i) };
  }

  /** One import batch in one transaction: all of it lands, or none of it. */
  /** Opens one import batch in one transaction, written while the sheet streams (see BatchWriter). */
  beginBatch(meta: BatchMeta, divisionOf: DivisionLookup): BatchWriter {
    // The write lock is held until the batch ends: others are told who holds it, not "database is locked".
    const release = claimWriter(this.path, this.client, '导入');
    try {
      return new BatchWriter(
        this.db,
        meta,
        divisionOf,
        () => {
          this.refreshExtents();
          this.revision.afterBatch();
        },
        release,
      );
    } catch (err) {
      release();
      throw isBusyError(err) ? busyError(this.path) : err;
    }
  }

  /** A whole batch at once (the demo generator): all of it lands, or none of it. */
  insertBatch(batch: NewBatch, divisionOf: DivisionLookup): BatchTotals {
    const { customers, rowsRead, report, ...meta } = batch;
    const writer = this.beginBatch(meta, divisionOf);
    try {
      writer.addCustomers(customers);
      if (report !== undefined) writer.addProblems(report);
      return writer.finish({ rowsRead, keepReport: report !== undefined });
    } catch (err) {
      writer.abort();
      throw err;
    }
  }

  /**
   * A ranking as planners read it (居住小区前N位, 行业分布, 市区客户分布 …): distinct customers per key,
   * over home places (work places for employer and industry), after the filters.
   */
  ranking(by: SqlRankingDimension, top: number, filter: PlaceFilter = {}): Ranking {
    const dim = rankingDims[by];
    const { where, args } = this.fields.filterSql(filter, ['p.role = ?', `${dim.key} IS NOT NULL`], [dim.role]);
    const from = `FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ${where}`;
    const total = this.db.prepare(`SELECT count(DISTINCT p.customer_id) ${from}`).pluck().get(...args) as number;
    const rows = this.db
      .prepare(`SELECT ${dim.key} AS key, count(DISTINCT p.customer_id) AS count ${from} GROUP BY 1 ORDER BY count DESC, key LIMIT ?`)
      .all(...args, top) as Array<{ key: string; count: number }>;
    return { by, total, rows: rows.map((r) => ({ ...r, share: total === 0 ? 0 : r.count / total })) };
  }

  /** The ids of the places counted in one row of a ranking. */
  rankingMembers(by: SqlRankingDimension, key: string, filter: PlaceFilter = {}): Uint32Array<ArrayBuffer> {
    const dim = rankingDims[by];
    const { where, args } = this.fields.filterSql(filter, ['p.role = ?', `${dim.key} = ?`], [dim.role, key]);
    const ids = this.db.prepare(`SELECT p.fid FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ${where} ORDER BY p.fid`).pluck().all(...args) as number[];
    return Uint32Array.from(ids);
  }

  /** Work places after the filters with the texts their office building is read from (analysis/rankings.ts). */
  workPlaces(filter: PlaceFilter): Array<{ fid: number; customer: number | null; name: string | null; address: string | null }> {
    const { where, args } = this.fields.filterSql(filter, ['p.role = ?'], ['work']);
    return this.db
      .prepare(`SELECT p.fid AS fid, p.customer_id AS customer, p.name AS name, p.address AS address FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ${where} ORDER BY p.fid`)
      .all(...args) as Array<{ fid: number; customer: number | null; name: string | null; address: string | null }>;
  }

  /** Places whose position is a district/city centre or flagged unsure: the review list. */
  placesForReview(limit = 1000): ReviewPlace[] {
    return this.placesForReviewWhere(`precision IN (${unsureSql}) OR (flags IS NOT NULL AND source <> 'user')`, [], limit);
  }

  private placesForReviewWhere(where: string, args: Array<string | number>, limit: number): ReviewPlace[] {
    const rows = this.db
      .prepare(`SELECT fid AS id, role, name, address, lng, lat, source, precision, flags FROM places WHERE ${where} ORDER BY fid LIMIT ?`)
      .all(...args, limit) as Array<Omit<ReviewPlace, 'flags'> & { flags: string | null }>;
    return rows.map((r) => ({ ...r, flags: r.flags === null ? [] : (JSON.parse(r.flags) as string[]) }));
  }

  place(placeId: number): ReviewPlace {
    const found = this.placesForReviewWhere('fid = ?', [placeId], 1)[0];
    if (found === undefined) throw new KetuError('INVALID_PARAMS', `没有编号为 ${placeId} 的地点`);
    return found;
  }

  /** New positions for places, in one transaction (a geocoding pass that found better answers). */
  movePlaces(moves: ReadonlyArray<{ id: number; lng: number; lat: number; source: string; precision: PlacePrecision }>, divisionOf: DivisionLookup): number {
    const stmt = this.db.prepare('UPDATE places SET geom = ?, lng = ?, lat = ?, source = ?, precision = ?, flags = NULL, district = ?, city = ? WHERE fid = ?');
    return this.db.transaction(() => {
      let n = 0;
      for (const m of moves) {
        const d = divisionOf(m.lng, m.lat);
        n += stmt.run(encodePoint(m.lng, m.lat), m.lng, m.lat, m.source, m.precision, d.district, d.city, m.id).changes;
      }
      this.refreshExtents();
      return n;
    })();
  }

  /**
   * A planner placed a point by hand: every unsure place of the same name and role moves there, and the
   * name enters the gazetteer as confirmed, so later imports use it.
   */
  confirmPlace(placeId: number, lng: number, lat: number, divisionOf: DivisionLookup): number {
    const place = this.db.prepare('SELECT role, name FROM places WHERE fid = ?').get(placeId) as { role: PlaceRole; name: string | null } | undefined;
    if (place === undefined) throw new KetuError('INVALID_PARAMS', `没有编号为 ${placeId} 的地点`);
    return this.db.transaction(() => {
      const geom = encodePoint(lng, lat);
      const d = divisionOf(lng, lat);
      let moved = this.db
        .prepare("UPDATE places SET geom = ?, lng = ?, lat = ?, source = 'user', precision = 'address', flags = NULL, district = ?, city = ? WHERE fid = ?")
        .run(geom, lng, lat, d.district, d.city, placeId).changes;
      if (place.name !== null) {
        moved += this.db
          .prepare(
            `UPDATE places SET geom = ?, lng = ?, lat = ?, source = 'user', precision = 'address', flags = NULL, district = ?, city = ?
             WHERE fid <> ? AND name = ? AND role = ? AND precision IN (${unsureSql})`,
          )
          .run(geom, lng, lat, d.district, d.city, placeId, place.name, place.role).changes;
        this.geocoding.upsert([{ name: place.name, kind: place.role === 'work' ? 'employer' : 'community', lng, lat, precision: 'address', source: 'user', confirmed: true }]);
      }
      this.refreshExtents();
      return moved;
    })();
  }

  /** Undo of an import: its records and places go; customers left with no record go too. */
  removeBatch(batchId: number): { places: number; records: number } {
    return this.db.transaction(() => {
      const exists = this.db.prepare('SELECT 1 FROM imports WHERE id = ?').get(batchId);
      if (exists === undefined) throw new KetuError('INVALID_PARAMS', `没有编号为 ${batchId} 的导入批次`);
      const places = this.db.prepare('DELETE FROM places WHERE import_id = ?').run(batchId).changes;
      const records = this.db.prepare('DELETE FROM customer_records WHERE import_id = ?').run(batchId).changes;
      this.db.prepare('DELETE FROM imports WHERE id = ?').run(batchId);
      this.db.prepare('DELETE FROM customers WHERE NOT EXISTS (SELECT 1 FROM customer_records r WHERE r.customer_id = customers.id)').run();
      this.refreshExtents();
      return { places, records };
    })();
  }

  /** gpkg_contents carries each feature table's extent; GIS tools zoom to it. */
  private refreshExtents(): void {
    this.db
      .prepare(
        // One scan of places for all four bounds (four subqueries would scan four times).
        `UPDATE gpkg_contents SET min_x = b.w, min_y = b.s, max_x = b.e, max_y = b.n, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')
           FROM (SELECT min(lng) AS w, min(lat) AS s, max(lng) AS e, max(lat) AS n FROM places) AS b WHERE table_name = 'places'`,
      )
      .run();
    const sites = this.sites();
    if (sites.length === 0) return;
    this.db
      .prepare("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = 'sites'")
      .run(Math.min(...sites.map((s) => s.lng)), Math.min(...sites.map((s) => s.lat)), Math.max(...sites.map((s) => s.lng)), Math.max(...sites.map((s) => s.lat)));
  }
}
