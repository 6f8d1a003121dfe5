import type { PlacePrecision } from '../../contract/methods.js';
import { toWgs84 } from '../crs.js';
import { geocodeError } from '../errors.js';
import type { Verdict } from './http.js';
import { ProviderHttp, cleanQueryText, numberField, objectField, textField, unexpected } from './http.js';
import type { GeocodeProvider, ProviderHit, ProviderOptions, ProviderQuery } from './types.js';

/*
 * 百度 地理编码 v3 — what this relies on:
 *   GET {base}/geocoding/v3/?address=&city=&output=json&ak=  (one address per request; no ret_coordtype,
 *   so coordinates are bd09ll).
 *   {status:0, result:{location:{lng,lat}, precise:0|1, confidence, comprehension, level}}.
 *   Errors: numeric status + msg (some gateways write `message`), HTTP 200. "无相关结果" comes back as
 *   status 1 "Internal Service Error:无相关结果": that is an empty answer, not a server fault.
 */

const POI_LEVELS = new Set([
  '地产小区', '商务大厦', '政府机构', '生活服务', '休闲娱乐', '餐饮', '宾馆', '购物', '金融', '教育', '医疗', '工业园区',
  '旅游景点', '汽车服务', '火车站', '长途汽车站', '桥', '停车场', '港口', '码头', '飞机场', '机场', '加油站', '绿地', '村庄',
  '公司企业', '文化传媒', '交通设施', '美食', '酒店', '运动健身', '房地产', '自然地物', '行政地标', '门址附近',
]);

/** 百度's level names → precision. 门址 without `precise` is a fuzzy hit: it is only trusted to the POI. */
export function baiduPrecision(level: string, precise: number): PlacePrecision | null {
  if (level === '门址') return precise === 1 ? 'address' : 'community';
  if (POI_LEVELS.has(level)) return 'community';
  if (level === '道路' || level === '交叉路口' || level === '商圈') return 'road';
  if (level === '区县' || level === '乡镇') return 'district';
  if (level === '城市') return 'city';
  // NoClass: a named place without a category; trusted only when 百度 says it hit it exactly.
  if (level === 'NoClass' && precise === 1) return 'community';
  return null;
}

export class BaiduProvider implements GeocodeProvider {
  readonly id = 'baidu' as const;
  readonly maxBatch = 1;
  readonly qps: number;
  readonly http: ProviderHttp;
  private readonly key: string;
  private readonly base: string;

  constructor(opts: ProviderOptions) {
    this.key = opts.key;
    this.base = (opts.baseUrl ?? 'https://api.map.baidu.com').replace(/\/+$/, '');
    // An unverified personal AK is held to a few concurrent requests; 3/s stays clear of 401.
    this.http = new ProviderHttp('baidu', opts, 3);
    this.qps = this.http.qps;
  }

  async geocode(queries: ProviderQuery[], signal?: AbortSignal): Promise<Array<ProviderHit | null>> {
    const out: Array<ProviderHit | null> = [];
    for (const q of queries) {
      const url = new URL(`${this.base}/geocoding/v3/`);
      url.searchParams.set('address', cleanQueryText(q.text));
      if (q.city !== undefined && q.city !== '') url.searchParams.set('city', q.city);
      url.searchParams.set('output', 'json');
      url.searchParams.set('ak', this.key);
      out.push(await this.http.getJson(url, (status, body) => judge(status, body), signal));
    }
    return out;
  }
}

function judge(httpStatus: number, body: unknown): Verdict<ProviderHit | null> {
  const status = numberField(body, 'status');
  if (status === null) return { fatal: unexpected('baidu', httpStatus) };
  const msg = textField(body, 'msg') || textField(body, 'message');
  const code = String(status);
  const details = { provider: 'baidu', providerCode: code };
  if (status === 0) {
    const result = objectField(body, 'result');
    const location = objectField(result, 'location');
    const lng = numberField(location, 'lng');
    const lat = numberField(location, 'lat');
    const level = textField(result, 'level');
    const precision = baiduPrecision(level, numberField(result, 'precise') ?? 0);
    if (lng === null || lat === null || precision === null) return { ok: null };
    const [x, y] = toWgs84(lng, lat, 'bd09');
    return { ok: { lng: x, lat: y, precision, level, formatted: '' } };
  }
  if (status === 1) return msg.includes('无相关结果') ? { ok: null } : { retry: `状态 1：${msg || '服务器内部错误'}` };
  // 2: 请求参数非法 — this address, not the service: no answer for it.
  if (status === 2) return { ok: null };
  if (status === 3 || status === 5 || status === 101 || status === 102 || (status >= 200 && status < 300)) {
    return { fatal: geocodeError('GEOCODE_KEY_INVALID', `百度地图 AK 无效（状态 ${code}：${msg || '权限校验失败'}），请在设置中检查 AK`, details) };
  }
  if (status === 4 || (status >= 300 && status < 400)) {
    return { fatal: geocodeError('GEOCODE_QUOTA', `百度地图今日配额已用完（状态 ${code}：${msg || '配额超限'}），已定位的结果已保存`, details) };
  }
  if (status >= 400 && status < 500) return { retry: `状态 ${code}：${msg || '并发超限'}`, rateLimited: true };
  return { fatal: geocodeError('GEOCODE_PROVIDER_ERROR', `百度地图返回错误（状态 ${code}：${msg}）`, details) };
}
