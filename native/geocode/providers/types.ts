import type { PlacePrecision } from '../../contract/methods.js';

export type ProviderId = 'amap' | 'baidu' | 'tianditu';

/** One answer, already converted to WGS-84. */
export interface ProviderHit {
  lng: number;
  lat: number;
  precision: PlacePrecision;
  formatted: string;
  /** The provider's own level text (高德 "门牌号", 百度 "地产小区" …), kept for the review list. */
  level: string;
}

export interface ProviderQuery {
  text: string;
  city?: string;
}

export interface GeocodeProvider {
  readonly id: ProviderId;
  /** Most queries one `geocode` call sends in one request (高德 10; the others ask one by one). */
  readonly maxBatch: number;
  /** Requests per second this provider is held to. */
  readonly qps: number;
  /**
   * One answer per query, in order; null when the provider knows no such place (or only the province).
   * Throws KetuError: CANCELLED on abort; details.reason GEOCODE_QUOTA / GEOCODE_KEY_INVALID /
   * GEOCODE_RATE_LIMITED / GEOCODE_PROVIDER_ERROR when the provider cannot go on.
   */
  geocode(queries: ProviderQuery[], signal?: AbortSignal): Promise<Array<ProviderHit | null>>;
}

export interface ProviderOptions {
  key: string;
  /** The service root, e.g. https://restapi.amap.com; tests point it at the fake on 127.0.0.1. */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  /** Requests per second; defaults fit a personal (个人开发者) key. */
  qps?: number;
  retry?: RetryOptions;
  /** Per request, before it counts as a transient failure. */
  timeoutMs?: number;
}

export interface RetryOptions {
  /** Tries per request, the first included. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export const providerLabels: Record<ProviderId, string> = { amap: '高德地图', baidu: '百度地图', tianditu: '天地图' };
