import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { wgs84To } from '../../native/geocode/crs.js';

/**
 * A stand-in for 高德, 百度 and 天地图 on 127.0.0.1, answering in each one's response format at its
 * path, with switchable failures. Bounded: it refuses after `maxRequests` and closes itself after
 * `lifetimeMs`, so a forgotten instance cannot keep a test run alive.
 */

export type FakeProvider = 'amap' | 'baidu' | 'tianditu';

/** One address as each provider would report it: coordinates already in that provider's system. */
export interface FakeAnswer {
  amap?: { location: [number, number]; level: string; formatted?: string };
  baidu?: { location: [number, number]; level: string; precise?: 0 | 1; confidence?: number };
  tianditu?: { location: [number, number]; level: string; score?: number };
}

export interface FailureModes {
  invalidKey: boolean;
  /** Successful requests (any provider) allowed before every answer is "daily quota exceeded"; null: no limit. */
  quotaAfter: number | null;
  /** The first K requests get the provider's "too frequent / concurrency" answer. */
  qpsErrorsFirst: number;
  /** The first K requests get HTTP 500. */
  http500First: number;
  /** Delay before each answer, for cancellation tests. */
  delayMs: number;
}

export interface FakeGeocoder {
  baseUrl: string;
  answers: Map<string, FakeAnswer>;
  /** HTTP requests received, per provider (retries included). */
  requests: Record<FakeProvider, number>;
  /** Addresses asked, per provider, in order (a 高德 batch adds each of its addresses). */
  asked: Record<FakeProvider, string[]>;
  /** Addresses per 高德 request. */
  amapBatches: number[];
  modes: FailureModes;
  setModes(modes: Partial<FailureModes>): void;
  close(): Promise<void>;
}

export interface FakeGeocoderOptions {
  answers?: Record<string, FakeAnswer>;
  key?: string;
  modes?: Partial<FailureModes>;
  maxRequests?: number;
  lifetimeMs?: number;
}

/** Builds all three providers' answers for a WGS-84 point, the way tests need them. */
export function answerAt(lng: number, lat: number, levels: { amap?: string; baidu?: string; tianditu?: string; formatted?: string } = {}): FakeAnswer {
  return {
    amap: { location: wgs84To('gcj02', lng, lat), level: levels.amap ?? '门牌号', ...(levels.formatted === undefined ? {} : { formatted: levels.formatted }) },
    baidu: { location: wgs84To('bd09', lng, lat), level: levels.baidu ?? '门址', precise: 1, confidence: 80 },
    tianditu: { location: [lng, lat], level: levels.tianditu ?? '门址', score: 100 },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const fmt = (n: number): string => n.toFixed(6);

export async function startFakeGeocoder(opts: FakeGeocoderOptions = {}): Promise<FakeGeocoder> {
  const key = opts.key ?? 'test-key';
  const maxRequests = opts.maxRequests ?? 10_000;
  const answers = new Map(Object.entries(opts.answers ?? {}));
  const modes: FailureModes = { invalidKey: false, quotaAfter: null, qpsErrorsFirst: 0, http500First: 0, delayMs: 0, ...opts.modes };
  const requests: Record<FakeProvider, number> = { amap: 0, baidu: 0, tianditu: 0 };
  const asked: Record<FakeProvider, string[]> = { amap: [], baidu: [], tianditu: [] };
  const amapBatches: number[] = [];
  let total = 0;
  let served = 0;

  // The exact text, else the longest known address the text ends with (天地图 gets the city in front).
  const find = (text: string): FakeAnswer | undefined => {
    const exact = answers.get(text);
    if (exact !== undefined) return exact;
    let best: [string, FakeAnswer] | undefined;
    for (const entry of answers) if (text.endsWith(entry[0]) && (best === undefined || entry[0].length > best[0].length)) best = entry;
    return best?.[1];
  };

  type Outcome = 'ok' | 'key' | 'quota' | 'qps' | 'http500';
  const outcome = (provider: FakeProvider, givenKey: string | null): Outcome => {
    total++;
    requests[provider]++;
    if (modes.http500First > 0) {
      modes.http500First--;
      return 'http500';
    }
    if (modes.qpsErrorsFirst > 0) {
      modes.qpsErrorsFirst--;
      return 'qps';
    }
    if (modes.invalidKey || givenKey !== key) return 'key';
    if (modes.quotaAfter !== null && served >= modes.quotaAfter) return 'quota';
    served++;
    return 'ok';
  };

  const amap = (url: URL, res: ServerResponse): void => {
    const addresses = (url.searchParams.get('address') ?? '').split('|');
    const batch = url.searchParams.get('batch') === 'true';
    const o = outcome('amap', url.searchParams.get('key'));
    if (o === 'http500') return void res.writeHead(500).end('Internal Server Error');
    if (o === 'key') return sendJson(res, 200, { status: '0', info: 'INVALID_USER_KEY', infocode: '10001' });
    if (o === 'quota') return sendJson(res, 200, { status: '0', info: 'DAILY_QUERY_OVER_LIMIT', infocode: '10003' });
    if (o === 'qps') return sendJson(res, 200, { status: '0', info: 'CUQPS_HAS_EXCEEDED_THE_LIMIT', infocode: '10021' });
    asked.amap.push(...addresses);
    amapBatches.push(addresses.length);
    const geocodes = addresses.map((a) => {
      const hit = find(a)?.amap;
      if (hit === undefined) {
        // 高德 writes [] for every empty field of an address it could not place.
        return batch ? { formatted_address: [], country: [], province: [], city: [], district: [], location: [], level: [] } : null;
      }
      return {
        formatted_address: hit.formatted ?? a,
        country: '中国',
        province: '浙江省',
        citycode: '0571',
        city: '杭州市',
        district: [],
        township: [],
        street: [],
        number: [],
        adcode: '330100',
        location: `${fmt(hit.location[0])},${fmt(hit.location[1])}`,
        level: hit.level,
      };
    });
    const list = geocodes.filter((g) => g !== null);
    sendJson(res, 200, { status: '1', info: 'OK', infocode: '10000', count: String(list.length), geocodes: list });
  };

  const baidu = (url: URL, res: ServerResponse): void => {
    const address = url.searchParams.get('address') ?? '';
    const o = outcome('baidu', url.searchParams.get('ak'));
    if (o === 'http500') return void res.writeHead(500).end('Internal Server Error');
    if (o === 'key') return sendJson(res, 200, { status: 200, message: 'APP不存在，AK有误请检查再重试' });
    if (o === 'quota') return sendJson(res, 200, { status: 302, message: '天配额超限，限制访问' });
    if (o === 'qps') return sendJson(res, 200, { status: 401, message: '当前并发量已经超过约定并发配额，限制访问' });
    asked.baidu.push(address);
    const hit = find(address)?.baidu;
    if (hit === undefined) return sendJson(res, 200, { status: 1, msg: 'Internal Service Error:无相关结果', results: [] });
    sendJson(res, 200, {
      status: 0,
      result: { location: { lng: hit.location[0], lat: hit.location[1] }, precise: hit.precise ?? 1, confidence: hit.confidence ?? 80, comprehension: 100, level: hit.level },
    });
  };

  const tianditu = (url: URL, res: ServerResponse): void => {
    let keyWord = '';
    try {
      const ds = JSON.parse(url.searchParams.get('ds') ?? '{}') as { keyWord?: unknown };
      keyWord = typeof ds.keyWord === 'string' ? ds.keyWord : '';
    } catch {
      keyWord = '';
    }
    const o = outcome('tianditu', url.searchParams.get('tk'));
    if (o === 'http500') return void res.writeHead(500).end('Internal Server Error');
    if (o === 'key') return sendJson(res, 403, { status: '1', msg: '非法Key' });
    if (o === 'quota') return sendJson(res, 200, { status: '1', msg: '访问次数超过日配额上限' });
    if (o === 'qps') return sendJson(res, 200, { status: '1', msg: '请求过于频繁，并发超限' });
    asked.tianditu.push(keyWord);
    const hit = find(keyWord)?.tianditu;
    if (hit === undefined) return sendJson(res, 200, { status: '101', msg: '结果为空' });
    sendJson(res, 200, {
      msg: 'ok',
      location: { score: hit.score ?? 100, level: hit.level, lon: hit.location[0], lat: hit.location[1], keyWord },
      searchVersion: '6.4.9V',
      status: '0',
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (total >= maxRequests) return void res.writeHead(503).end('fake geocoder: request limit reached');
    if (url.pathname === '/v3/geocode/geo') return amap(url, res);
    if (url.pathname === '/geocoding/v3/' || url.pathname === '/geocoding/v3') return baidu(url, res);
    if (url.pathname === '/geocoder') return tianditu(url, res);
    res.writeHead(404).end('not found');
  };

  const server = createServer((req, res) => {
    if (modes.delayMs <= 0) return handle(req, res);
    const timer = setTimeout(() => handle(req, res), modes.delayMs);
    res.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return closed;
  };
  const lifetime = setTimeout(() => void close(), opts.lifetimeMs ?? 120_000);
  lifetime.unref();

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    answers,
    requests,
    asked,
    amapBatches,
    modes,
    setModes: (m) => Object.assign(modes, m),
    close,
  };
}
