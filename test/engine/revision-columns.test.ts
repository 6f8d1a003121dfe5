import { copyFileSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Revision } from '../../native/contract/revision.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { compareRevision } from '../../native/revision/compare.js';
import type { CompareParams } from '../../native/revision/compare.js';
import { currentSchemaVersion, migrations } from '../../native/store/migrations/index.js';
import { ProjectStore } from '../../native/store/project-store.js';
import type { NewCustomer } from '../../native/store/records.js';
import { engineCall } from '../support/engine-call.js';
import { scopedTempDir, tempDir } from '../support/files.js';
import { divisionOf, resourcesDir } from '../support/resources.js';
import { buildRevisionScenario, clusters } from '../support/revision-scenario.js';

type Compared = Omit<Revision, 'report'>;

/*
 * The comparison's place columns are kept in the project file (migration 090) and must never answer for data
 * they were not read from: every change below is checked against the same comparison on a copy whose kept
 * columns were thrown away (so it reads the rows), and against what the change must do to the figures.
 */
describe('the revision columns kept in the project file', () => {
  const dir = tempDir();
  const scenario = dir.file('scenario.ketu');
  let copies = 0;

  beforeAll(async () => {
    const { dispatcher, engine } = createEngineHost();
    try {
      await buildRevisionScenario(engineCall(dispatcher), scenario, dir.file);
    } finally {
      engine.close();
    }
  });
  afterAll(() => dir.remove());

  const copyOf = (path: string): string => {
    const to = dir.file(`copy-${++copies}.ketu`);
    copyFileSync(path, to);
    return to;
  };
  const withStore = <T>(path: string, work: (store: ProjectStore) => T, readonly = false): T => {
    const store = ProjectStore.open(path, { resourcesDir, readonly });
    try {
      return work(store);
    } finally {
      store.close();
    }
  };
  const compare = (path: string, params: CompareParams = { until: 'all' }, readonly = false): Compared => withStore(path, (s) => compareRevision(s, params, resourcesDir), readonly);
  const sql = <T>(path: string, work: (db: Database.Database) => T): T => {
    const db = new Database(path);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  /** What the kept columns say they were read from: places and the state row, or null when none are kept. */
  const keptMeta = (path: string): { places: number; count: number } | null =>
    sql(path, (db) => {
      const blob = db.prepare("SELECT data FROM revision_columns WHERE name = 'meta'").pluck().get() as Buffer | undefined;
      return blob === undefined ? null : (JSON.parse(blob.toString('utf8')) as { places: number; count: number });
    });
  /** The same comparison on a copy without kept columns: read from the rows. */
  const fromRows = (path: string, params: CompareParams = { until: 'all' }): Compared => {
    const copy = copyOf(path);
    sql(copy, (db) => db.exec('DELETE FROM revision_columns; UPDATE revision_state SET max_fid = -1, max_record = -1'));
    return compare(copy, params);
  };
  const countable = (path: string): number => sql(path, (db) => db.prepare("SELECT count(*) FROM places WHERE role IN ('home', 'work') AND customer_id IS NOT NULL").pluck().get() as number);

  it('an import keeps the columns in its own transaction, and a reopened file compares from them as from the rows', () => {
    const path = copyOf(scenario);
    expect(keptMeta(path)).toMatchObject({ places: sql(path, (db) => db.prepare('SELECT count(*) FROM places').pluck().get()), count: countable(path) });
    const kept = compare(path);
    expect(kept.plan.count).toBe(300);
    expect(kept.actual.count).toBe(101);
    expect(kept).toEqual(fromRows(path));
    for (const params of [{ plan: '前期定位版' }, { until: 'third' }] satisfies CompareParams[]) expect(compare(path, params)).toEqual(fromRows(path, params));
    // The blobs are what it read: positions moved inside them (and nowhere else) move the areas' counts.
    sql(path, (db) => {
      const lng = new Float64Array(new Uint8Array(db.prepare("SELECT data FROM revision_columns WHERE name = 'lng'").pluck().get() as Buffer).buffer);
      db.prepare("UPDATE revision_columns SET data = ? WHERE name = 'lng'").run(Buffer.from(lng.map((x) => x + 1).buffer));
    });
    expect(compare(path).areas.map((a) => a.plan)).toEqual([0, 0]);
  });

  it('a new batch appends its places: the comparison counts its deals', () => {
    const path = copyOf(scenario);
    const before = compare(path);
    const [lng, lat] = clusters.萧山;
    const customers: NewCustomer[] = Array.from({ length: 20 }, (_, i) => ({
      name: `新客${i}`,
      phone: `1360000${String(i).padStart(4, '0')}`,
      attributes: { purpose: '投资', dealDate: '2023-02-01', unit: `9-${i}`, 关注点: '价格' },
      places: [{ role: 'home', lng: lng + i * 0.0001, lat }],
    }));
    withStore(path, (s) => s.insertBatch({ sourceFile: 'more.xlsx', sheet: null, stage: 'deals', crs: 'wgs84', mapping: {}, rowsRead: 20, customers }, divisionOf));
    expect(keptMeta(path)?.count).toBe(countable(path));
    const after = compare(path);
    expect(after.actual.count).toBe(before.actual.count + 20);
    expect(after.mix.purpose?.find((r) => r.name === '投资')?.actual).toBe(20);
    expect(after.mix['attr:关注点']?.find((r) => r.name === '价格')?.actual).toBe(20);
    expect(after).toEqual(fromRows(path));
  });

  it('undoing a batch, moving a place and editing a record field each change the comparison', () => {
    const path = copyOf(scenario);
    const before = compare(path);
    // The deals batch is the second import.
    withStore(path, (s) => s.removeBatch(2));
    const undone = compare(path);
    expect(undone.actual.count).toBe(0);
    expect(undone).toEqual(fromRows(path));

    const moved = copyOf(scenario);
    const home = sql(moved, (db) => db.prepare("SELECT p.fid FROM places p JOIN customer_records r ON r.id = p.record_id WHERE p.role = 'home' AND r.stage = 'prospects' AND p.district = '西湖区' LIMIT 1").pluck().get() as number);
    const [lng, lat] = clusters.萧山;
    withStore(moved, (s) => s.movePlaces([{ id: home, lng, lat, source: 'user', precision: 'address' }], divisionOf));
    const afterMove = compare(moved);
    expect(afterMove.areas.find((a) => a.name === '西湖片区')?.plan).toBe((before.areas.find((a) => a.name === '西湖片区')?.plan ?? 0) - 1);
    expect(afterMove).toEqual(fromRows(moved));

    // Another program edits the typed fields the columns were read from.
    sql(moved, (db) => db.prepare("UPDATE record_fields SET purpose = '自住' WHERE record_id IN (SELECT id FROM customer_records WHERE stage = 'deals')").run());
    const edited = compare(moved);
    expect(edited.mix.purpose?.find((r) => r.name === '自住')?.actual).toBe(101);
    expect(edited).toEqual(fromRows(moved));
    sql(moved, (db) => db.prepare("DELETE FROM record_kept WHERE key = '关注点'").run());
    const dropped = compare(moved);
    expect(dropped.mix['attr:关注点']).toBeUndefined();
    expect(dropped).toEqual(fromRows(moved));
  });

  it('a place inserted below the newest one is seen, though no trigger watches inserts', () => {
    const path = copyOf(scenario);
    const gone = sql(path, (db) => db.prepare("SELECT * FROM places WHERE role = 'home' AND district = '萧山区' ORDER BY fid LIMIT 1").get() as Record<string, unknown>);
    sql(path, (db) => db.prepare('DELETE FROM places WHERE fid = ?').run(gone.fid));
    const without = compare(path);
    sql(path, (db) => {
      const cols = Object.keys(gone);
      db.prepare(`INSERT INTO places (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(gone);
    });
    const with_ = compare(path);
    expect(with_.actual.count).toBe(without.actual.count + 1);
    expect(with_).toEqual(compare(scenario));
  });

  it('compares right from a file whose kept columns are stale, damaged or missing, read-only too', () => {
    const truth = compare(scenario);
    const damage = [
      "UPDATE revision_state SET generation = generation + 1",
      "UPDATE revision_columns SET data = x'7b' WHERE name = 'meta'",
      "DELETE FROM revision_columns WHERE name = 'text.district'",
      "UPDATE revision_columns SET data = x'00' WHERE name = 'lat'",
      'DELETE FROM revision_columns',
    ];
    for (const statement of damage) {
      const path = copyOf(scenario);
      sql(path, (db) => db.exec(statement));
      expect(compare(path, { until: 'all' }, true), statement).toEqual(truth);
      expect(compare(path), statement).toEqual(truth);
      // Read again and kept by the writable comparison.
      expect(keptMeta(path)?.count, statement).toBe(countable(path));
    }
  });
});

describe('migration 090: the revision columns table', () => {
  it('upgrades a file from before it in one step, and its first comparison keeps the columns; a file from after it is refused', () => {
    const d = scopedTempDir();
    const path = d.file('v80.ketu');
    ProjectStore.create(path, { name: '修订列' }, { resourcesDir }).close();
    const customers: NewCustomer[] = Array.from({ length: 30 }, (_, i) => ({ name: null, phone: `1380000${String(i).padStart(4, '0')}`, attributes: { purpose: i % 2 === 0 ? '首置' : '改善' }, places: [{ role: 'home', lng: 120.1 + i * 0.001, lat: 30.2 }] }));
    // The same file as schema 80 wrote it: no table, no trigger of 090's.
    const db = new Database(path);
    db.exec("DROP TABLE revision_columns; DROP TABLE revision_state; UPDATE ketu_meta SET value = '80' WHERE key = 'schema_version'");
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'revision_%'").pluck().all() as string[]) db.exec(`DROP TRIGGER ${t}`);
    db.close();
    const eighty = ProjectStore.open(path, { resourcesDir, migrations: migrations.filter((m) => m.version <= 80) });
    eighty.insertBatch({ sourceFile: 'a.xlsx', sheet: null, stage: 'prospects', crs: 'wgs84', mapping: {}, rowsRead: 30, customers }, divisionOf);
    const asEighty = compareRevision(eighty, { until: 'all' }, resourcesDir);
    eighty.close();

    const store = ProjectStore.open(path, { resourcesDir });
    expect(store.schemaVersion).toBe(currentSchemaVersion);
    expect(compareRevision(store, { until: 'all' }, resourcesDir)).toEqual(asEighty);
    store.close();
    const after = new Database(path, { readonly: true });
    expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'revision_%'").pluck().get()).toBe(6);
    expect(after.prepare("SELECT count(*) FROM revision_columns WHERE name = 'meta'").pluck().get()).toBe(1);
    after.close();
    const backup = new Database(`${path}.v80.bak`, { readonly: true });
    expect(backup.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'revision_%'").pluck().get()).toBe(0);
    backup.close();
    expect(existsSync(path)).toBe(true);
    expect(() => ProjectStore.open(path, { resourcesDir, migrations: migrations.filter((m) => m.version <= 80) })).toThrow(expect.objectContaining({ code: 'PROJECT_TOO_NEW' }));
    const future = new Database(path);
    future.prepare("UPDATE ketu_meta SET value = '100' WHERE key = 'schema_version'").run();
    future.close();
    expect(() => ProjectStore.open(path, { resourcesDir })).toThrow(expect.objectContaining({ code: 'PROJECT_TOO_NEW' }));
  });
});
