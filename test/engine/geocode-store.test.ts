import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GeocodeStore, normalizePlaceName } from '../../native/store/geocode-store.js';
import type { NewCustomer } from '../../native/store/records.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { tempDir } from '../support/files.js';
import { divisionOf } from '../support/resources.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** A project file with the given customers, opened a second time raw (ProjectStore keeps its db private). */
function project(customers: NewCustomer[] = []): { db: Db; store: GeocodeStore } {
  const d = tempDir();
  const path = d.file('p.ketu');
  const ps = ProjectStore.create(path, { name: '测试项目' });
  if (customers.length > 0) ps.insertBatch({ sourceFile: 'a.xlsx', sheet: '客户', stage: 'deals', crs: 'wgs84', mapping: {}, rowsRead: customers.length, customers }, divisionOf);
  ps.close();
  const db = new Database(path);
  cleanups.push(() => {
    db.close();
    d.remove();
  });
  return { db, store: new GeocodeStore(db) };
}

const home = (name: string, lng: number, lat: number): NewCustomer => ({ name: '客户', phone: null, places: [{ role: 'home', name, lng, lat }] });
const work = (name: string, lng: number, lat: number): NewCustomer => ({ name: '客户', phone: null, places: [{ role: 'work', name, lng, lat }] });

describe('gazetteer', () => {
  it('normalises names: full-width, spaces, case', () => {
    expect(normalizePlaceName(' 桂花城　（一期） ')).toBe('桂花城(一期)');
    expect(normalizePlaceName('ＥＦＣ 欧美金融城')).toBe('efc欧美金融城');
  });

  it('finds entries by name or alias in normal form, with or without kind', () => {
    const { store } = project();
    store.upsert([{ name: '桂花城', kind: 'community', aliases: ['桂花城 一期', '桂花城(二期)'], lng: 120.1, lat: 30.3, precision: 'community', source: 'user', confirmed: true }]);
    expect(store.lookup('桂花城')?.kind).toBe('community');
    expect(store.lookup('桂花城一期', 'community')?.name).toBe('桂花城');
    expect(store.lookup('桂花城（二期）')?.name).toBe('桂花城');
    expect(store.lookup('桂花城', 'employer')).toBeNull();
    expect(store.lookup('桂花')).toBeNull();
    expect(store.lookup('  ')).toBeNull();
    // The in-memory index a geocoding run uses gives the same answers.
    const index = store.index();
    expect(index.find('桂花城（二期）')?.name).toBe('桂花城');
    expect(index.find('桂花城一期', 'community')?.name).toBe('桂花城');
    expect(index.find('桂花城', 'employer')).toBeNull();
    expect(index.find('桂花')).toBeNull();
  });

  it('never lets an unconfirmed entry overwrite a confirmed one; confirmed replaces anything; aliases merge', () => {
    const { store } = project();
    store.upsert([{ name: '春江花月', kind: 'community', lng: 120.2, lat: 30.2, precision: 'community', source: 'learned' }]);
    expect(store.upsert([{ name: '春江花月', kind: 'community', lng: 120.21, lat: 30.21, precision: 'community', source: 'user', confirmed: true, aliases: ['春江花月小区'] }])).toEqual({ written: 1, kept: 0 });
    expect(store.upsert([{ name: ' 春江花月 ', kind: 'community', lng: 121, lat: 31, precision: 'community', source: 'learned', aliases: ['春江'] }])).toEqual({ written: 0, kept: 1 });
    let entry = store.lookup('春江花月');
    expect(entry).toMatchObject({ lng: 120.21, lat: 30.21, confirmed: true, source: 'user', aliases: ['春江花月小区'] });
    store.upsert([{ name: '春江花月', kind: 'community', lng: 120.22, lat: 30.22, precision: 'address', source: 'user', confirmed: true, aliases: ['春江花月一期'] }]);
    entry = store.lookup('春江花月小区');
    expect(entry).toMatchObject({ lng: 120.22, precision: 'address' });
    expect(entry?.aliases.sort()).toEqual(['春江花月一期', '春江花月小区']);
    expect(store.list({ confirmed: true })).toHaveLength(1);
    expect(store.list({ kind: 'employer' })).toHaveLength(0);
  });

  it('learns communities and employers from imported coordinates: two agreeing points at least, median position', () => {
    const { db, store } = project([
      home('桂花城', 120.1, 30.3),
      home('桂花城', 120.102, 30.301),
      home('桂花城', 120.101, 30.302),
      home('孤例小区', 120.3, 30.3), // once only: could be a typo
      work('中国银行', 120.1, 30.2), // branches all over: no single position
      work('中国银行', 120.3, 30.4),
      work('中国银行', 120.0, 30.1),
      work('阿里巴巴', 120.02, 30.28),
      work('阿里巴巴', 120.021, 30.281),
      work('阿里巴巴 ', 120.022, 30.282),
      work('阿里巴巴', 121.5, 31.2), // one stray point among four: outvoted, not averaged in
    ]);
    const report = store.learnFromPlaces();
    expect(report).toEqual({ learned: 2, tooFew: 1, scattered: 1 });
    expect(store.lookup('桂花城', 'community')).toMatchObject({ lng: 120.101, lat: 30.301, source: 'learned', precision: 'community', confirmed: false });
    const ali = store.lookup('阿里巴巴', 'employer');
    expect(ali?.lng).toBeCloseTo(120.021, 6);
    expect(ali?.lat).toBeCloseTo(30.281, 6);
    expect(store.lookup('孤例小区')).toBeNull();
    expect(store.lookup('中国银行')).toBeNull();

    // Geocoded or flagged places are not evidence; a confirmed entry survives re-learning.
    db.prepare("UPDATE places SET source = 'amap', precision = 'address' WHERE name = '孤例小区'").run();
    store.upsert([{ name: '桂花城', kind: 'community', lng: 120.5, lat: 30.5, precision: 'address', source: 'user', confirmed: true }]);
    expect(store.learnFromPlaces().learned).toBe(1);
    expect(store.lookup('桂花城')).toMatchObject({ lng: 120.5, lat: 30.5, confirmed: true });
  });

  it('caches hits and "nothing found" per provider and query', () => {
    const { store } = project();
    store.putCached([
      { provider: 'amap', query: '杭州|文三路90号', hit: { lng: 120.13, lat: 30.28, precision: 'address', formatted: '浙江省杭州市西湖区文三路90号' } },
      { provider: 'amap', query: '杭州|不存在路1号', hit: null },
      { provider: 'baidu', query: '杭州|文三路90号', hit: { lng: 120.131, lat: 30.281, precision: 'address', formatted: '' } },
    ]);
    const all = store.getCached(['杭州|文三路90号', '杭州|不存在路1号', '杭州|别的']);
    expect(all.get('杭州|文三路90号')?.map((a) => a.provider).sort()).toEqual(['amap', 'baidu']);
    expect(all.get('杭州|不存在路1号')?.[0]?.hit).toBeNull();
    expect(all.has('杭州|别的')).toBe(false);
    expect(store.getCached(['杭州|文三路90号'], ['baidu']).get('杭州|文三路90号')).toHaveLength(1);
  });
});
