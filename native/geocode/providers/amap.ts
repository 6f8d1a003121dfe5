import type { PlacePrecision } from '../../contract/methods.js';
import { toWgs84 } from '../crs.js';
import { geocodeError } from '../errors.js';
import type { Verdict } from './http.js';
import { ProviderHttp, cleanQueryText, objectField, textField, unexpected } from './http.js';
import type { GeocodeProvider, ProviderHit, ProviderOptions, ProviderQuery } from './types.js';

/*
 * 高德 Web 服务 地理编码 v3 — what this relies on:
 *   GET {base}/v3/geocode/geo?key=&address=a|b|…&batch=true&city=&output=JSON (batch: up to 10 addresses,
 *   one `city` for all of them).
 *   {status:"1"|"0", info, infocode, count, geocodes:[{formatted_address, province, city, district,
 *   location:"lng,lat" (GCJ-02), level}]}; in batch mode one geocode per address, in order, with empty
 *   fields written as [] for an address it cannot place. Always HTTP 200; errors are status "0" + infocode.
 */

const KEY_CODES: Record<string, string> = {
  '10001': 'Key 无效',
  '10002': 'Key 没有使用地理编码服务的权限',
  '10005': '本机 IP 不在 Key 的白名单内',
  '10006': 'Key 绑定的域名不符',
  '10007': '数字签名错误',
  '10008': '安全码错误',
  '10009': 'Key 的平台类型不是“Web 服务”',
  '10012': 'Key 权限不足',
  '10013': 'Key 已被删除',
  '10041': 'Key 没有可用的接口',
};
const QUOTA_CODES = new Set(['10003', '10010', '10029', '10044', '10045']);
const RATE_CODES = new Set(['10004', '10014', '10019', '10020', '10021']);
const BUSY_CODES = new Set(['10015', '10016', '10017']);

/** 高德's level names → how exactly the point is known; province and country are no use on a customer map. */
export function amapPrecision(level: string): PlacePrecision | null {
  switch (level) {
    case '门牌号':
    case '单元号':
      return 'address';
    case '兴趣点':
    case '公交站台、地铁站':
    case '公交地铁站点':
    case '村庄':
      return 'community';
    case '道路':
    case '道路交叉路口':
    case '热点商圈':
      return 'road';
    case '区县':
    case '开发区':
    case '乡镇':
      return 'district';
    case '市':
      return 'city';
    default:
      return null;
  }
}

function parseLocation(value: unknown): [number, number] | null {
  if (typeof value !== 'string') return null;
  const [a, b] = value.split(',').map(Number);
  return a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) ? [a, b] : null;
}

function toHit(geocode: unknown): ProviderHit | null {
  const location = parseLocation(objectField(geocode, 'location'));
  const level = textField(geocode, 'level');
  const precision = amapPrecision(level);
  if (location === null || precision === null) return null;
  const [lng, lat] = toWgs84(location[0], location[1], 'gcj02');
  return { lng, lat, precision, level, formatted: textField(geocode, 'formatted_address') };
}

export class AmapProvider implements GeocodeProvider {
  readonly id = 'amap' as const;
  readonly maxBatch = 10;
  readonly qps: number;
  readonly http: ProviderHttp;
  private readonly key: string;
  private readonly base: string;

  constructor(opts: ProviderOptions) {
    this.key = opts.key;
    this.base = (opts.baseUrl ?? 'https://restapi.amap.com').replace(/\/+$/, '');
    // A personal key is allowed 3 requests a second for geocoding.
    this.http = new ProviderHttp('amap', opts, 3);
    this.qps = this.http.qps;
  }

  async geocode(queries: ProviderQuery[], signal?: AbortSignal): Promise<Array<ProviderHit | null>> {
    const out: Array<ProviderHit | null> = new Array<ProviderHit | null>(queries.length).fill(null);
    // One request carries one `city`: group by it, then cut into batches of 10.
    const byCity = new Map<string, number[]>();
    queries.forEach((q, i) => {
      const city = q.city ?? '';
      byCity.set(city, [...(byCity.get(city) ?? []), i]);
    });
    for (const [city, indexes] of byCity) {
      for (let start = 0; start < indexes.length; start += this.maxBatch) {
        const chunk = indexes.slice(start, start + this.maxBatch);
        const hits = await this.request(
          chunk.map((i) => cleanQueryText(queries[i]?.text ?? '')),
          city,
          signal,
        );
        chunk.forEach((i, k) => (out[i] = hits[k] ?? null));
      }
    }
    return out;
  }

  private async request(addresses: string[], city: string, signal?: AbortSignal): Promise<Array<ProviderHit | null>> {
    const url = new URL(`${this.base}/v3/geocode/geo`);
    url.searchParams.set('key', this.key);
    url.searchParams.set('address', addresses.join('|'));
    if (addresses.length > 1) url.searchParams.set('batch', 'true');
    if (city !== '') url.searchParams.set('city', city);
    url.searchParams.set('output', 'JSON');
    return this.http.getJson(url, (status, body) => this.judge(status, body, addresses.length), signal);
  }

  private judge(httpStatus: number, body: unknown, n: number): Verdict<Array<ProviderHit | null>> {
    const status = textField(body, 'status');
    const info = textField(body, 'info');
    const infocode = textField(body, 'infocode');
    if (status === '1') {
      const geocodes = objectField(body, 'geocodes');
      const list = Array.isArray(geocodes) ? (geocodes as unknown[]) : [];
      // Single mode may list several candidates: the first is 高德's best. Batch mode is one per address.
      if (n === 1) return { ok: [list.length > 0 ? toHit(list[0]) : null] };
      if (list.length !== n) return { fatal: geocodeError('GEOCODE_PROVIDER_ERROR', `高德地图批量地理编码返回 ${list.length} 条结果，应为 ${n} 条`, { provider: 'amap' }) };
      return { ok: list.map(toHit) };
    }
    if (status !== '0') return { fatal: unexpected('amap', httpStatus) };
    const keyProblem = KEY_CODES[infocode];
    if (keyProblem !== undefined) {
      return { fatal: geocodeError('GEOCODE_KEY_INVALID', `高德地图${keyProblem}（${info}），请在设置中检查 Key`, { provider: 'amap', providerCode: infocode }) };
    }
    if (QUOTA_CODES.has(infocode)) {
      return { fatal: geocodeError('GEOCODE_QUOTA', `高德地图今日配额已用完（${info}），已定位的结果已保存`, { provider: 'amap', providerCode: infocode }) };
    }
    if (RATE_CODES.has(infocode)) return { retry: info, rateLimited: true };
    // 3xxxx: 服务响应失败 on 高德's side; worth another try.
    if (BUSY_CODES.has(infocode) || infocode.startsWith('3')) return { retry: info };
    if (infocode.startsWith('2')) {
      // 2xxxx: the request's own parameters (e.g. an address 高德 refuses): these addresses get no answer.
      return { ok: new Array<ProviderHit | null>(n).fill(null) };
    }
    return { fatal: geocodeError('GEOCODE_PROVIDER_ERROR', `高德地图返回错误（${infocode} ${info}）`, { provider: 'amap', providerCode: infocode }) };
  }
}
