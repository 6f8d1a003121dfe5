import type { PlacePrecision } from '../../contract/methods.js';
import { geocodeError } from '../errors.js';
import type { Verdict } from './http.js';
import { ProviderHttp, cleanQueryText, numberField, objectField, textField, unexpected } from './http.js';
import type { GeocodeProvider, ProviderHit, ProviderOptions, ProviderQuery } from './types.js';

/*
 * 天地图 地理编码 — what this relies on:
 *   GET {base}/geocoder?ds={"keyWord":"…"}&tk=   (one address per request; no city parameter, so the
 *   city is written in front of the address when the address lacks it).
 *   {status:"0", msg:"ok", location:{lon, lat, level, score, keyWord}}; any other status is an error or
 *   "no result", told apart by msg. A refused tk may also come as HTTP 401/403.
 *   Coordinates are CGCS2000, which agrees with WGS-84 to a few centimetres: used as they are.
 */

/** 天地图's level names are not listed precisely in its documentation: match on the words they contain. */
export function tiandituPrecision(level: string): PlacePrecision | null {
  if (/门址|门牌|楼号/.test(level)) return 'address';
  if (/兴趣点|POI|小区|地产|大厦|园区|地名/i.test(level)) return 'community';
  if (/道路|路口|交叉|街道/.test(level)) return 'road';
  if (/区县|乡镇|县|区/.test(level)) return 'district';
  if (/市|城市/.test(level)) return 'city';
  if (/省|国家/.test(level)) return null;
  // An unnamed level with a point: claim no more than the street.
  return level === '' ? null : 'road';
}

export class TiandituProvider implements GeocodeProvider {
  readonly id = 'tianditu' as const;
  readonly maxBatch = 1;
  readonly qps: number;
  readonly http: ProviderHttp;
  private readonly key: string;
  private readonly base: string;

  constructor(opts: ProviderOptions) {
    this.key = opts.key;
    this.base = (opts.baseUrl ?? 'https://api.tianditu.gov.cn').replace(/\/+$/, '');
    this.http = new ProviderHttp('tianditu', opts, 5);
    this.qps = this.http.qps;
  }

  async geocode(queries: ProviderQuery[], signal?: AbortSignal): Promise<Array<ProviderHit | null>> {
    const out: Array<ProviderHit | null> = [];
    for (const q of queries) {
      const text = cleanQueryText(q.text);
      const city = q.city === undefined ? '' : cleanQueryText(q.city);
      const keyWord = city !== '' && !text.includes(city.replace(/市$/, '')) ? `${city}${text}` : text;
      const url = new URL(`${this.base}/geocoder`);
      url.searchParams.set('ds', JSON.stringify({ keyWord }));
      url.searchParams.set('tk', this.key);
      out.push(await this.http.getJson(url, (status, body) => judge(status, body), signal));
    }
    return out;
  }
}

function judge(httpStatus: number, body: unknown): Verdict<ProviderHit | null> {
  const msg = textField(body, 'msg') || textField(body, 'message');
  const details = { provider: 'tianditu', providerCode: textField(body, 'status') || String(httpStatus) };
  // 天地图 documents no error codes for this service: its messages are matched by their words, the
  // narrower meaning first ("并发超限" is a rate limit, not a quota).
  if (/频繁|并发|qps/i.test(msg)) return { retry: msg, rateLimited: true };
  if (/配额|次数|超限|上限/.test(msg)) return { fatal: quota(msg, details) };
  if (httpStatus === 401 || httpStatus === 403 || /key|tk|权限|授权|非法|密钥/i.test(msg)) {
    return { fatal: geocodeError('GEOCODE_KEY_INVALID', `天地图 Key 无效（${msg || `HTTP ${httpStatus}`}），请在设置中检查 Key`, details) };
  }
  const status = textField(body, 'status');
  if (status === '') return { fatal: unexpected('tianditu', httpStatus) };
  if (status === '0') {
    const location = objectField(body, 'location');
    const lng = numberField(location, 'lon');
    const lat = numberField(location, 'lat');
    const level = textField(location, 'level');
    const precision = tiandituPrecision(level);
    if (lng === null || lat === null || precision === null) return { ok: null };
    return { ok: { lng, lat, precision, level, formatted: textField(location, 'keyWord') } };
  }
  // 404: 出错 on the service's side; anything else ("101 结果为空" …) is no answer for this address.
  if (status === '404') return { retry: `状态 404：${msg || '出错'}` };
  return { ok: null };
}

function quota(msg: string, details: { provider: string; providerCode: string }): ReturnType<typeof geocodeError> {
  return geocodeError('GEOCODE_QUOTA', `天地图今日配额已用完（${msg}），已定位的结果已保存`, details);
}
