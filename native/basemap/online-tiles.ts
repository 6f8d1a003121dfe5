import type { OnlineProvider, TiandituLayer } from '../contract/basemaps.js';
import { KetuError } from '../contract/errors.js';

/** Chinese names, for messages. */
export const onlineProviderLabels: Record<OnlineProvider, string> = { tianditu: '天地图', amap: '高德地图' };

/**
 * The providers' raster tile URLs. {s} spreads requests over the provider's hosts; {tk} is the key;
 * {layer} is 天地图's vec (streets) or cva (labels), both Web Mercator (`_w`), WGS-84 (CGCS2000).
 * 高德 style=8 is its street map with labels, in GCJ-02.
 */
export const defaultTileTemplates: Record<OnlineProvider, string> = {
  amap: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
  tianditu:
    'https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={tk}',
};

const subdomains: Record<OnlineProvider, string[]> = { amap: ['1', '2', '3', '4'], tianditu: ['0', '1', '2', '3', '4', '5', '6', '7'] };

/** Tiles above this zoom are not served by either provider (天地图 stops at 18, 高德 webrd at 18). */
export const ONLINE_MAX_ZOOM = 18;

const TIMEOUT_MS = 10_000;

export interface OnlineTileRequest {
  provider: OnlineProvider;
  z: number;
  x: number;
  y: number;
  layer?: TiandituLayer;
  key?: string;
  /** Replaces the provider's template (a proxy, a mirror, a test server). */
  endpoint?: string;
}

export function onlineTileUrl(r: OnlineTileRequest): string {
  const template = r.endpoint ?? defaultTileTemplates[r.provider];
  const hosts = subdomains[r.provider];
  // The same tile always goes to the same host, so any HTTP cache in between keeps working.
  const s = hosts[(r.x + r.y) % hosts.length] ?? '';
  return template
    .replaceAll('{s}', s)
    .replaceAll('{z}', String(r.z))
    .replaceAll('{x}', String(r.x))
    .replaceAll('{y}', String(r.y))
    .replaceAll('{layer}', r.layer ?? 'vec')
    .replaceAll('{tk}', encodeURIComponent(r.key ?? ''));
}

function unavailable(reason: 'offline' | 'rejected' | 'key' | 'failed', message: string, host: string): KetuError {
  return new KetuError('BASEMAP_UNAVAILABLE', message, { reason, host });
}

function isImage(b: Uint8Array): boolean {
  const png = b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
  const jpg = b[0] === 0xff && b[1] === 0xd8;
  const webp = b.length >= 12 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50;
  return png || jpg || webp;
}

/**
 * One online tile, fetched by the engine (the page's CSP admits no other host). Null where the
 * provider has none; a KetuError BASEMAP_UNAVAILABLE with `details.reason` offline / rejected / key / failed.
 */
export async function fetchOnlineTile(r: OnlineTileRequest, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer> | null> {
  const label = onlineProviderLabels[r.provider];
  if (r.provider === 'tianditu' && (r.key === undefined || r.key.trim() === '')) {
    throw unavailable('key', '使用天地图需要 Key（tk）：请在「底图」中填写天地图 Key', 'tianditu');
  }
  if (r.z > ONLINE_MAX_ZOOM) return null;
  const url = onlineTileUrl(r);
  const host = new URL(url).host;
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(TIMEOUT_MS);
    response = await fetch(url, { signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]), headers: { accept: 'image/png,image/jpeg,image/webp,*/*' } });
  } catch (err) {
    if (signal?.aborted === true) throw new KetuError('CANCELLED', '已取消');
    const cause = err instanceof Error && err.cause instanceof Error ? `：${err.cause.message}` : '';
    throw unavailable('offline', `无法连接${label}瓦片服务（${host}${cause}），可能处于离线状态`, host);
  }
  if (response.status === 404 || response.status === 204) return null;
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status === 401 || response.status === 403 || response.status === 418) {
    const hint = r.provider === 'tianditu' ? '，请检查天地图 Key（tk）是否正确、是否已开通该服务' : '';
    throw unavailable('rejected', `${label}拒绝了瓦片请求（HTTP ${response.status}）${hint}`, host);
  }
  if (!response.ok) throw unavailable('failed', `${label}瓦片服务出错（HTTP ${response.status}）`, host);
  if (body.byteLength === 0) return null;
  // 天地图 answers a bad key with 200 and a short text/XML body instead of an image.
  if (!isImage(body)) {
    const text = new TextDecoder().decode(body.subarray(0, 200)).replace(/\s+/g, ' ').trim();
    throw unavailable('rejected', `${label}没有返回图片${text === '' ? '' : `：${text}`}`, host);
  }
  return body;
}
