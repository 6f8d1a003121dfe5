import { afterEach, describe, expect, it } from 'vitest';
import { KetuError } from '../../native/contract/errors.js';
import { AmapProvider } from '../../native/geocode/providers/amap.js';
import { BaiduProvider } from '../../native/geocode/providers/baidu.js';
import { RateLimiter } from '../../native/geocode/providers/http.js';
import { TiandituProvider } from '../../native/geocode/providers/tianditu.js';
import type { GeocodeProvider, ProviderId } from '../../native/geocode/providers/types.js';
import type { FakeGeocoder, FakeGeocoderOptions } from '../support/fake-geocoder.js';
import { answerAt, startFakeGeocoder } from '../support/fake-geocoder.js';

const fakes: FakeGeocoder[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fake(opts: FakeGeocoderOptions = {}): Promise<FakeGeocoder> {
  const f = await startFakeGeocoder(opts);
  fakes.push(f);
  return f;
}

function provider(id: ProviderId, f: FakeGeocoder, key = 'test-key'): GeocodeProvider {
  // Fast back-off and no rate limit to speak of, so the tests measure behaviour, not waiting.
  const opts = { key, baseUrl: f.baseUrl, qps: 1000, retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 } };
  return id === 'amap' ? new AmapProvider(opts) : id === 'baidu' ? new BaiduProvider(opts) : new TiandituProvider(opts);
}

/** Haversine, metres. */
function metres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const k = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * k) / 2) ** 2 + Math.cos(a.lat * k) * Math.cos(b.lat * k) * Math.sin(((b.lng - a.lng) * k) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

async function failure(p: Promise<unknown>): Promise<KetuError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof KetuError) return err;
    throw err;
  }
  throw new Error('expected a KetuError');
}

// Known WGS-84 points; the fake answers them as each provider would (GCJ-02, BD-09, CGCS2000).
const points = {
  '浙江省杭州市西湖区文三路90号': { lng: 120.1317, lat: 30.2774 },
  '上海市浦东新区世纪大道100号': { lng: 121.5066, lat: 31.2354 },
  '江苏省南京市鼓楼区中山路1号': { lng: 118.7838, lat: 32.0468 },
};
const answers = Object.fromEntries(Object.entries(points).map(([a, p]) => [a, answerAt(p.lng, p.lat)]));

describe.each<ProviderId>(['amap', 'baidu', 'tianditu'])('%s provider', (id) => {
  it('converts answers back to WGS-84 within 1 m', async () => {
    const f = await fake({ answers });
    const p = provider(id, f);
    const texts = Object.keys(points);
    const hits = await p.geocode(texts.map((text) => ({ text })));
    texts.forEach((text, i) => {
      const hit = hits[i];
      expect(hit, text).not.toBeNull();
      if (hit == null) return;
      expect(metres(hit, points[text as keyof typeof points])).toBeLessThan(1);
      expect(hit.precision).toBe('address');
    });
  });

  it('answers null for an address it does not know', async () => {
    const f = await fake({ answers });
    expect(await provider(id, f).geocode([{ text: '火星路1号', city: '杭州' }])).toEqual([null]);
  });

  it('retries with back-off after "too frequent" answers and HTTP 500', async () => {
    const f = await fake({ answers, modes: { qpsErrorsFirst: 2, http500First: 1 } });
    const hits = await provider(id, f).geocode([{ text: '浙江省杭州市西湖区文三路90号' }]);
    expect(hits[0]).not.toBeNull();
    expect(f.requests[id]).toBe(4);
  });

  it('gives up after the attempts with a rate-limit error', async () => {
    const f = await fake({ answers, modes: { qpsErrorsFirst: 10 } });
    const err = await failure(provider(id, f).geocode([{ text: '浙江省杭州市西湖区文三路90号' }]));
    expect(err.details?.reason).toBe('GEOCODE_RATE_LIMITED');
    expect(f.requests[id]).toBe(4);
  });

  it('stops at once on an invalid key, with a message naming the key', async () => {
    const f = await fake({ answers });
    const err = await failure(provider(id, f, 'wrong-key').geocode([{ text: '浙江省杭州市西湖区文三路90号' }]));
    expect(err.details?.reason).toBe('GEOCODE_KEY_INVALID');
    expect(err.message).toMatch(/Key|AK/);
    expect(err.message).toContain('请在设置中检查');
    expect(f.requests[id]).toBe(1);
  });

  it('stops at once when the daily quota is used up', async () => {
    const f = await fake({ answers, modes: { quotaAfter: 0 } });
    const err = await failure(provider(id, f).geocode([{ text: '浙江省杭州市西湖区文三路90号' }]));
    expect(err.details?.reason).toBe('GEOCODE_QUOTA');
    expect(err.message).toContain('配额已用完');
    expect(f.requests[id]).toBe(1);
  });

  it('cancels a slow request', async () => {
    const f = await fake({ answers, modes: { delayMs: 5000 } });
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 100);
    const err = await failure(provider(id, f).geocode([{ text: '浙江省杭州市西湖区文三路90号' }], ac.signal));
    expect(err.code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('高德 specifics', () => {
  it('sends up to 10 addresses per request, one city per request, answers in order', async () => {
    const texts = Array.from({ length: 23 }, (_, i) => `文三路${i + 1}号`);
    const f = await fake({ answers: Object.fromEntries(texts.filter((_, i) => i % 2 === 0).map((t, i) => [t, answerAt(120.1 + i * 0.001, 30.27)])) });
    const p = provider('amap', f);
    const hits = await p.geocode(texts.map((text) => ({ text, city: '杭州' })));
    expect(f.amapBatches).toEqual([10, 10, 3]);
    expect(hits.map((h) => h !== null)).toEqual(texts.map((_, i) => i % 2 === 0));
    expect(hits[2]?.lng).toBeCloseTo(120.101, 5);
  });

  it('maps 高德 levels to precision and drops province-level answers', async () => {
    const f = await fake({
      answers: {
        文三路: answerAt(120.13, 30.28, { amap: '道路' }),
        西湖区: answerAt(120.13, 30.26, { amap: '区县' }),
        浙江省: answerAt(120.15, 29.2, { amap: '省' }),
        桂花城: answerAt(120.1, 30.3, { amap: '兴趣点' }),
      },
    });
    const hits = await provider('amap', f).geocode(['文三路', '西湖区', '浙江省', '桂花城'].map((text) => ({ text })));
    expect(hits.map((h) => h?.precision ?? null)).toEqual(['road', 'district', null, 'community']);
  });
});

describe('rate limit', () => {
  it('spaces requests 1/qps apart', async () => {
    const limiter = new RateLimiter(20);
    const started = Date.now();
    for (let i = 0; i < 6; i++) await limiter.take();
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });
});
