import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { KetuError } from '../../native/contract/errors.js';
import type { GeocodeQuery, GeocodeResult } from '../../native/geocode/geocoder.js';
import { isUnsurePrecision } from '../../native/contract/methods.js';
import { createGeocoder, isHit } from '../../native/geocode/geocoder.js';
import { AmapProvider } from '../../native/geocode/providers/amap.js';
import { BaiduProvider } from '../../native/geocode/providers/baidu.js';
import { GeocodeStore } from '../../native/store/geocode-store.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { tempDir } from '../support/files.js';
import type { FakeGeocoder, FakeGeocoderOptions } from '../support/fake-geocoder.js';
import { answerAt, startFakeGeocoder } from '../support/fake-geocoder.js';
import { resourcesDir } from '../support/resources.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

function geocodeStore(): GeocodeStore {
  const d = tempDir();
  const path = d.file('p.ketu');
  ProjectStore.create(path, { name: '测试项目' }).close();
  const db = new Database(path);
  cleanups.push(() => {
    db.close();
    d.remove();
  });
  return new GeocodeStore(db);
}

async function fake(opts: FakeGeocoderOptions): Promise<FakeGeocoder> {
  const f = await startFakeGeocoder(opts);
  cleanups.push(() => f.close());
  return f;
}

const fast = { qps: 1000, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } };

function summary(r: GeocodeResult | undefined): string {
  if (r === undefined) return 'missing';
  return isHit(r) ? `${r.source}/${r.precision}` : `failed`;
}

describe('geocoding chain', () => {
  it('asks the gazetteer, then the cache, then the provider, then the address centroid — each text once', async () => {
    const store = geocodeStore();
    store.upsert([{ name: '桂花城', kind: 'community', lng: 120.1, lat: 30.3, precision: 'community', source: 'learned' }]);
    const f = await fake({ answers: { 文三路90号: answerAt(120.1317, 30.2774), 桂花城: answerAt(121, 31) } });
    const geocoder = createGeocoder({ store, resourcesDir, provider: new AmapProvider({ key: 'test-key', baseUrl: f.baseUrl, ...fast }), defaultCity: '杭州' });
    const queries: GeocodeQuery[] = [
      { key: 'a', text: '桂花城', kind: 'community' },
      { key: 'b', text: '文三路90号', kind: 'address' },
      { key: 'c', text: '浙江省杭州市余杭区不存在路1号', kind: 'address' },
      { key: 'd', text: ' 文三路９０号', kind: 'address' },
      { key: 'e', text: '火星某处', kind: 'address' },
      { key: 'f', text: '', kind: 'address' },
      { key: 'g', text: '文三路90号', kind: 'employer' },
    ];
    const progress: Array<[number, number]> = [];
    const first = await geocoder.locate(queries, { onProgress: (done, total) => progress.push([done, total]) });
    expect(Object.fromEntries([...first.results].map(([k, r]) => [k, summary(r)]))).toEqual({
      a: 'gazetteer/community',
      b: 'amap/address',
      c: 'centroid/district',
      d: 'amap/address',
      e: 'failed',
      f: 'failed',
      g: 'amap/address',
    });
    // The gazetteer name never reached the provider; the duplicate was asked once; one batch request.
    expect(f.asked.amap.sort()).toEqual(['文三路90号', '浙江省杭州市余杭区不存在路1号', '火星某处'].sort());
    expect(f.requests.amap).toBe(1);
    expect(first.providerCalls).toBe(1);
    expect(first.counts).toMatchObject({ gazetteer: 1, amap: 2, centroid: 1, failed: 1 });
    expect(progress.at(-1)).toEqual([5, 5]);
    const c = first.results.get('c');
    expect(c !== undefined && isHit(c) && c.matched).toContain('余杭区');
    const e = first.results.get('e');
    expect(e !== undefined && !isHit(e) && e.failed).toContain('地图服务未找到该地址');

    // Second run: hits and "nothing found" both come from the cache; the provider is not asked again.
    const second = await geocoder.locate(queries);
    expect(summary(second.results.get('b'))).toBe('cache/address');
    expect(summary(second.results.get('c'))).toBe('centroid/district');
    expect(f.requests.amap).toBe(1);
    expect(second.providerCalls).toBe(0);
    const b = second.results.get('b');
    expect(b !== undefined && isHit(b) && b.provider).toBe('amap');
  });

  it('keeps what was found when the daily quota runs out and places the rest at the district centre', async () => {
    const store = geocodeStore();
    const texts = Array.from({ length: 25 }, (_, i) => `浙江省杭州市西湖区文三路${i + 1}号`);
    const f = await fake({ answers: Object.fromEntries(texts.map((t, i) => [t, answerAt(120.1 + i * 0.001, 30.27)])), modes: { quotaAfter: 2 } });
    const geocoder = createGeocoder({ store, resourcesDir, provider: new AmapProvider({ key: 'test-key', baseUrl: f.baseUrl, ...fast }), defaultCity: '杭州市' });
    const queries = texts.map((text, i): GeocodeQuery => ({ key: String(i), text, kind: 'address' }));
    const run = await geocoder.locate(queries);
    expect(run.stoppedBy).toBe('GEOCODE_QUOTA');
    expect(run.stoppedReason).toBe('高德地图今日配额已用完（DAILY_QUERY_OVER_LIMIT），已定位的结果已保存');
    expect(run.counts).toMatchObject({ amap: 20, centroid: 5 });
    expect(f.amapBatches).toEqual([10, 10]);
    expect(f.requests.amap).toBe(3);
    const last = run.results.get('24');
    expect(last !== undefined && isHit(last) && isUnsurePrecision(last.precision)).toBe(true);

    // Tomorrow (quota back): the 20 come from the cache, only the 5 are asked.
    f.setModes({ quotaAfter: null });
    const again = await geocoder.locate(queries);
    expect(again.counts).toMatchObject({ cache: 20, amap: 5 });
    expect(again.stoppedReason).toBeUndefined();
    expect(f.amapBatches).toEqual([10, 10, 5]);
  });

  it('reports an invalid key and still places what the address tells', async () => {
    const store = geocodeStore();
    const f = await fake({ answers: {} });
    const geocoder = createGeocoder({ store, resourcesDir, provider: new AmapProvider({ key: 'not-my-key', baseUrl: f.baseUrl, ...fast }), defaultCity: '杭州' });
    const run = await geocoder.locate([
      { key: 'a', text: '杭州市滨江区江南大道1号', kind: 'address' },
      { key: 'b', text: '某某大厦', kind: 'employer' },
    ]);
    expect(run.stoppedBy).toBe('GEOCODE_KEY_INVALID');
    expect(run.stoppedReason).toBe('高德地图Key 无效（INVALID_USER_KEY），请在设置中检查 Key');
    expect(summary(run.results.get('a'))).toBe('centroid/district');
    const b = run.results.get('b');
    expect(b !== undefined && !isHit(b) && b.failed).toContain('地图服务已停止');
    expect(f.requests.amap).toBe(1);
  });

  it('works offline: the cache still counts, then district centroids (incl. 余杭/钱塘 after 2021)', async () => {
    const store = geocodeStore();
    store.putCached([{ provider: 'baidu', query: '杭州|文三路90号', hit: { lng: 120.13, lat: 30.28, precision: 'address', formatted: '文三路90号' } }]);
    const geocoder = createGeocoder({ store, resourcesDir, provider: null, defaultCity: '杭州' });
    const run = await geocoder.locate([
      { key: 'a', text: '浙江省杭州市余杭区五常街道文一西路969号', kind: 'address' },
      { key: 'b', text: '钱塘区下沙街道金沙湖', kind: 'address' },
      { key: 'c', text: '文三路90号', kind: 'address' },
      { key: 'd', text: '西溪诚园', kind: 'community' },
    ]);
    const a = run.results.get('a');
    const b = run.results.get('b');
    expect(a !== undefined && isHit(a) && [a.source, a.precision, a.matched]).toEqual(['centroid', 'district', '浙江省杭州市余杭区']);
    expect(b !== undefined && isHit(b) && [b.source, b.precision, b.matched]).toEqual(['centroid', 'district', '杭州市钱塘区']);
    expect(summary(run.results.get('c'))).toBe('cache/address');
    const d = run.results.get('d');
    expect(d !== undefined && !isHit(d) && d.failed).toContain('离线');
    expect(run.providerCalls).toBe(0);
  });

  it('prefers a district parsed from the address over a city-level provider answer', async () => {
    const store = geocodeStore();
    const f = await fake({ answers: { 杭州市西湖区某某路: answerAt(120.2, 30.25, { amap: '市' }), 杭州市某某路: answerAt(120.2, 30.25, { amap: '市' }) } });
    const geocoder = createGeocoder({ store, resourcesDir, provider: new AmapProvider({ key: 'test-key', baseUrl: f.baseUrl, ...fast }) });
    const run = await geocoder.locate([
      { key: 'a', text: '杭州市西湖区某某路', kind: 'address' },
      { key: 'b', text: '杭州市某某路', kind: 'address' },
    ]);
    expect(summary(run.results.get('a'))).toBe('centroid/district');
    expect(summary(run.results.get('b'))).toBe('amap/city');
  });

  it('retries through rate limits one address per request with 百度, converting BD-09', async () => {
    const store = geocodeStore();
    const f = await fake({ answers: { 文三路90号: answerAt(120.1317, 30.2774), 天目山路1号: answerAt(120.14, 30.28) }, modes: { qpsErrorsFirst: 2 } });
    const geocoder = createGeocoder({ store, resourcesDir, provider: new BaiduProvider({ key: 'test-key', baseUrl: f.baseUrl, ...fast }), defaultCity: '杭州' });
    const run = await geocoder.locate([
      { key: 'a', text: '文三路90号', kind: 'address' },
      { key: 'b', text: '天目山路1号', kind: 'address' },
    ]);
    expect(run.counts.baidu).toBe(2);
    expect(run.providerCalls).toBe(2);
    expect(f.requests.baidu).toBe(4);
    const a = run.results.get('a');
    expect(a !== undefined && isHit(a) && Math.abs(a.lng - 120.1317) < 1e-5 && Math.abs(a.lat - 30.2774) < 1e-5).toBe(true);
  });

  it('cancels: the run rejects with CANCELLED, and finished batches stay cached', async () => {
    const store = geocodeStore();
    const texts = Array.from({ length: 15 }, (_, i) => `文三路${i + 1}号`);
    const f = await fake({ answers: Object.fromEntries(texts.map((t) => [t, answerAt(120.1, 30.27)])), modes: { delayMs: 150 } });
    const geocoder = createGeocoder({ store, resourcesDir, provider: new AmapProvider({ key: 'test-key', baseUrl: f.baseUrl, ...fast }), defaultCity: '杭州' });
    const ac = new AbortController();
    const run = geocoder.locate(
      texts.map((text, i) => ({ key: String(i), text, kind: 'address' as const })),
      { signal: ac.signal, onProgress: (done) => done >= 10 && ac.abort() },
    );
    await expect(run).rejects.toBeInstanceOf(KetuError);
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(store.getCached(texts.map((t) => `杭州|${t}`)).size).toBe(10);
  });
});
