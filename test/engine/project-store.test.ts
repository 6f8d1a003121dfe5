import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { KetuError } from '../../native/contract/errors.js';
import { migrations } from '../../native/store/migrations/index.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { sha256, scopedTempDir } from '../support/files.js';
import { divisionOf } from '../support/resources.js';


function fresh(): { file(name: string): string } {
  const d = scopedTempDir();
  return d;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof KetuError) return err.code;
    throw err;
  }
  return 'no error';
}

function sampleProject(path: string): void {
  const store = ProjectStore.create(path, { name: '云栖江澜府', site: { lng: 120.1, lat: 30.2 } });
  store.addSite({ name: '竞品甲', kind: 'competitor', lng: 120.12, lat: 30.21 });
  store.insertBatch({
    sourceFile: 'a.xlsx',
    sheet: '客户',
    stage: 'deals',
    crs: 'wgs84',
    mapping: {},
    rowsRead: 2,
    customers: [
      { name: '张三', phone: '13800000001', places: [{ role: 'home', lng: 120.15, lat: 30.27, name: '桂花城' }, { role: 'work', lng: 120.2, lat: 30.25 }] },
      { name: '李四', phone: '13800000002', places: [{ role: 'leisure', lng: 120.16, lat: 30.26 }] },
    ],
  }, divisionOf);
  store.close();
}

describe('project file', () => {
  it('is a GeoPackage 1.3 with KeTu schema version and its sites', () => {
    const path = fresh().file('p.ketu');
    sampleProject(path);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(0x47504b47);
    expect(db.pragma('user_version', { simple: true })).toBe(10300);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare("SELECT value FROM ketu_meta WHERE key='schema_version'").pluck().get()).toBe(String(migrations.at(-1)?.version));
    db.close();
    const store = ProjectStore.open(path);
    const info = store.info();
    store.close();
    expect(info.name).toBe('云栖江澜府');
    expect(info.counts).toEqual({ customers: 2, places: 3, sites: 2, imports: 1 });
    expect(info.sites.map((s) => [s.kind, s.name, s.lng, s.lat])).toEqual([
      ['project', '云栖江澜府', 120.1, 30.2],
      ['competitor', '竞品甲', 120.12, 30.21],
    ]);
    expect(info.bounds).toEqual([120.1, 30.2, 120.2, 30.27]);
  });

  it('opens in GDAL: ogrinfo lists the feature tables with their points', () => {
    const path = fresh().file('gdal.ketu');
    sampleProject(path);
    const summary = execFileSync('ogrinfo', ['-ro', '-q', path], { encoding: 'utf8' });
    expect(summary).toMatch(/places \(Point\)/);
    expect(summary).toMatch(/sites \(Point\)/);
    expect(summary).toMatch(/areas \(Polygon\)/);
    const places = execFileSync('ogrinfo', ['-ro', '-al', '-q', path, 'places'], { encoding: 'utf8' });
    expect(places).toContain('POINT (120.15 30.27)');
    expect(places).toContain('桂花城');
    expect(execFileSync('ogrinfo', ['-ro', '-q', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).not.toMatch(/Warning/);
  });

  it('reads places as binary columns that match the rows in SQL', () => {
    const path = fresh().file('cols.ketu');
    sampleProject(path);
    const store = ProjectStore.open(path);
    const cols = store.placeColumns();
    store.close();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT fid, lng, lat, role FROM places ORDER BY fid').all() as Array<{ fid: number; lng: number; lat: number; role: string }>;
    db.close();
    expect(cols.count).toBe(rows.length);
    expect(cols.positions).toBeInstanceOf(Float32Array);
    rows.forEach((r, i) => {
      expect(cols.ids[i]).toBe(r.fid);
      expect(cols.positions[2 * i]).toBeCloseTo(r.lng, 4);
      expect(cols.positions[2 * i + 1]).toBeCloseTo(r.lat, 4);
      expect(['home', 'work', 'leisure'][cols.roles[i] ?? 9]).toBe(r.role);
    });
  });

  it('refuses a file that is not a project and leaves it untouched', () => {
    const d = fresh();
    const text = d.file('notes.ketu');
    writeFileSync(text, '这不是项目文件\n'.repeat(20));
    const before = sha256(text);
    expect(codeOf(() => ProjectStore.open(text))).toBe('NOT_A_PROJECT');
    expect(sha256(text)).toBe(before);

    const plain = d.file('plain.sqlite');
    const db = new Database(plain);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const plainBefore = sha256(plain);
    expect(codeOf(() => ProjectStore.open(plain))).toBe('NOT_A_PROJECT');
    expect(sha256(plain)).toBe(plainBefore);
    expect(codeOf(() => ProjectStore.open(d.file('missing.ketu')))).toBe('FILE_NOT_FOUND');
  });

  it('refuses a truncated project file and leaves it untouched', () => {
    const path = fresh().file('cut.ketu');
    sampleProject(path);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const before = sha256(path);
    const err = (() => {
      try {
        ProjectStore.open(path);
      } catch (e) {
        return e as KetuError;
      }
      return null;
    })();
    expect(err?.code).toBe('PROJECT_CORRUPT');
    expect(err?.message).toContain('截断');
    expect(sha256(path)).toBe(before);
  });

  it('refuses a file from a newer KeTu, untouched', () => {
    const path = fresh().file('future.ketu');
    sampleProject(path);
    const db = new Database(path);
    db.prepare("UPDATE ketu_meta SET value = '990' WHERE key = 'schema_version'").run();
    db.close();
    const before = sha256(path);
    expect(codeOf(() => ProjectStore.open(path))).toBe('PROJECT_TOO_NEW');
    expect(sha256(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('backs up an older file before migrating it, one transaction per migration', () => {
    const path = fresh().file('old.ketu');
    sampleProject(path);
    const original = readFileSync(path);
    const newer = [...migrations, { version: 990, name: 'test-notes', up: (db: Database.Database) => db.exec('CREATE TABLE test_notes (x TEXT)') }];
    const store = ProjectStore.open(path, { migrations: newer });
    expect(store.schemaVersion).toBe(990);
    expect(store.info().counts.places).toBe(3);
    store.close();
    const backup = `${path}.v${migrations.at(-1)?.version}.bak`;
    expect(readFileSync(backup).equals(original)).toBe(true);

    const failing = [...migrations, { version: 990, name: 'broken', up: (db: Database.Database) => db.exec('CREATE TABLE x (a); SELECT * FROM no_such_table') }];
    const path2 = fresh().file('old2.ketu');
    sampleProject(path2);
    expect(() => ProjectStore.open(path2, { migrations: failing })).toThrow();
    const check = new Database(path2, { readonly: true });
    expect(check.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'x'").pluck().get()).toBe(0);
    expect(check.prepare("SELECT value FROM ketu_meta WHERE key = 'schema_version'").pluck().get()).toBe(String(migrations.at(-1)?.version));
    check.close();
  });

  it('refuses to overwrite an existing file unless asked', () => {
    const path = fresh().file('exists.ketu');
    sampleProject(path);
    expect(codeOf(() => ProjectStore.create(path, { name: 'x' }))).toBe('FILE_EXISTS');
    const store = ProjectStore.create(path, { name: '新项目', overwrite: true });
    expect(store.info().counts.places).toBe(0);
    store.close();
  });
});
