import { KetuError } from '../contract/errors.js';
import type { GazetteerEntry, GazetteerKind, GeocodeStore } from '../store/geocode-store.js';
import { normalizePlaceName } from '../store/geocode-store.js';
import { placePrecisions } from '../contract/methods.js';
import type { PlacePrecision } from '../contract/methods.js';
import type { Divisions } from './address-parse.js';
import { loadDivisions, parseAddress, projectCityCentre } from './address-parse.js';
import type { GeocodeFailure } from './errors.js';
import { cancelled, geocodeFailureOf } from './errors.js';
import type { GeocodeProvider, ProviderHit, ProviderId } from './providers/types.js';

export type QueryKind = 'community' | 'employer' | 'address';
export type GeocodeSource = 'gazetteer' | 'cache' | ProviderId | 'centroid';

export interface GeocodeQuery {
  /** The caller's id for this query (a place id, a row number …); results come back under it. */
  key: string;
  text: string;
  kind: QueryKind;
  /** The city to search in; the geocoder's `defaultCity` when omitted. */
  city?: string;
}

export interface GeocodeHit {
  lng: number;
  lat: number;
  source: GeocodeSource;
  precision: PlacePrecision;
  /** What the position stands for: the gazetteer name, the provider's formatted address, "杭州市西湖区" … */
  matched: string;
  /** For cache hits: which provider answered originally. */
  provider?: ProviderId;
  /** The provider's own level text, when a provider answered. */
  level?: string;
}

export interface GeocodeFailed {
  /** Why this text has no position, in Chinese for the review list. */
  failed: string;
}

export type GeocodeResult = GeocodeHit | GeocodeFailed;

export interface GeocodeRun {
  results: Map<string, GeocodeResult>;
  /** Set when the provider stopped partway (quota, key, persistent rate limit); what it found is kept. */
  stoppedReason?: string;
  stoppedBy?: GeocodeFailure;
  /** `provider.geocode` calls made (for 高德 one call is one request of up to 10 addresses). */
  providerCalls: number;
  /** Unique texts placed by each step, and failed. */
  counts: Record<GeocodeSource | 'failed', number>;
}

export interface LocateOptions {
  signal?: AbortSignal;
  /** Counts unique texts (identical texts are asked once). */
  onProgress?: (done: number, total: number) => void;
}

export interface Geocoder {
  locate(queries: readonly GeocodeQuery[], opts?: LocateOptions): Promise<GeocodeRun>;
}

export interface GeocoderOptions {
  store: GeocodeStore;
  /** null or omitted: offline, the provider step is skipped. */
  provider?: GeocodeProvider | null;
  /** The project's city (杭州 / 杭州市): the search city for providers, and what settles 鼓楼区-type names. */
  defaultCity?: string;
  /** The folder holding basemap/labels.geojson (the district and city centres). */
  resourcesDir: string;
  /**
   * Last resort for a text nothing else placed: `defaultCity`'s centre (city precision, so on the review
   * list). The import asks for it, so no named place is dropped; re-asking known places does not need it.
   */
  cityFallback?: boolean;
}

/** Lower is better: a geocoding pass only ever replaces a position with a more precise one. */
export const precisionRank: Readonly<Record<PlacePrecision, number>> = Object.fromEntries(placePrecisions.map((p, i) => [p, i])) as Record<PlacePrecision, number>;

export function isHit(result: GeocodeResult): result is GeocodeHit {
  return !('failed' in result);
}

/** Gazetteer kinds tried for each query kind, in order; an 'address' query takes a name of any kind. */
const GAZETTEER_KINDS: Record<QueryKind, Array<GazetteerKind | undefined>> = {
  community: ['community', 'poi', 'address'],
  employer: ['employer', 'poi', 'address'],
  address: [undefined],
};

interface Pending {
  id: string;
  text: string;
  kind: QueryKind;
  city: string;
  /** The geocode_cache key: the same text searched in another city is another question. */
  cacheKey: string;
  keys: string[];
}

/**
 * The chain, cheapest and most trusted first: the project's gazetteer, the geocode cache, the online
 * provider (only with a key and a network), then the district or city centre read from the address, and
 * (for an import) last the project's city centre.
 */
export function createGeocoder(opts: GeocoderOptions): Geocoder {
  const { store } = opts;
  const provider = opts.provider ?? null;
  const defaultCity = opts.defaultCity?.trim() ?? '';
  let divisions: Divisions | undefined;

  async function locate(queries: readonly GeocodeQuery[], lo: LocateOptions = {}): Promise<GeocodeRun> {
    const { signal, onProgress } = lo;
    const results = new Map<string, GeocodeResult>();
    const counts: GeocodeRun['counts'] = { gazetteer: 0, cache: 0, amap: 0, baidu: 0, tianditu: 0, centroid: 0, failed: 0 };
    const run: GeocodeRun = { results, providerCalls: 0, counts };
    const check = (): void => {
      if (signal?.aborted === true) throw cancelled();
    };
    check();

    // Identical texts (same kind, same city) are one question.
    const unique = new Map<string, Pending>();
    for (const q of queries) {
      const text = q.text.trim();
      const norm = normalizePlaceName(text);
      if (norm === '') {
        results.set(q.key, { failed: '地址为空' });
        continue;
      }
      const city = q.city?.trim() ?? defaultCity;
      const id = `${q.kind}\u0000${normalizePlaceName(city)}\u0000${norm}`;
      const known = unique.get(id);
      if (known !== undefined) known.keys.push(q.key);
      else unique.set(id, { id, text, kind: q.kind, city, cacheKey: `${normalizePlaceName(city)}|${norm}`, keys: [q.key] });
    }
    const total = unique.size;
    let done = 0;
    const settle = (p: Pending, result: GeocodeResult): void => {
      for (const key of p.keys) results.set(key, result);
      counts[isHit(result) ? result.source : 'failed']++;
      done++;
    };
    const progress = (extra = 0): void => onProgress?.(done + extra, total);
    progress();

    // 1. The gazetteer: names this project has already placed or the user confirmed.
    let pending: Pending[] = [];
    const gazetteer = store.index();
    for (const p of unique.values()) {
      const entry = GAZETTEER_KINDS[p.kind].reduce<GazetteerEntry | null>((found, kind) => found ?? gazetteer.find(p.text, kind), null);
      if (entry !== null) settle(p, { lng: entry.lng, lat: entry.lat, source: 'gazetteer', precision: entry.precision, matched: entry.name });
      else pending.push(p);
    }
    progress();
    check();

    // 2. The cache. The current provider's answers decide, "nothing found" included; offline, any
    // provider's remembered position is better than a centroid.
    const asked = new Set<string>();
    const cached = store.getCached(pending.map((p) => p.cacheKey));
    pending = pending.filter((p) => {
      const answers = cached.get(p.cacheKey) ?? [];
      const own = provider === null ? undefined : answers.find((a) => a.provider === provider.id);
      const usable = own?.hit != null ? own : answers.find((a) => a.hit !== null && isProviderId(a.provider));
      if (usable?.hit != null && isProviderId(usable.provider)) {
        const h = usable.hit;
        settle(p, { lng: h.lng, lat: h.lat, source: 'cache', precision: h.precision, matched: h.formatted || p.text, provider: usable.provider });
        return false;
      }
      if (own !== undefined) asked.add(p.id);
      return true;
    });
    progress();
    check();

    // 3. The provider, in batches of one city each; every batch's answers are cached at once, so a
    // cancelled or stopped run loses nothing it has paid for.
    const providerHits = new Map<string, ProviderHit & { source: ProviderId }>();
    if (provider !== null) {
      let answered = 0;
      // The same text as a community and as an address is one question to the provider.
      const sharing = new Map<string, Pending[]>();
      for (const p of pending) if (!asked.has(p.id)) sharing.set(p.cacheKey, [...(sharing.get(p.cacheKey) ?? []), p]);
      const byCity = new Map<string, Pending[]>();
      for (const [first] of sharing.values()) if (first !== undefined) byCity.set(first.city, [...(byCity.get(first.city) ?? []), first]);
      const batches: Pending[][] = [];
      for (const group of byCity.values()) {
        for (let i = 0; i < group.length; i += Math.max(1, provider.maxBatch)) batches.push(group.slice(i, i + Math.max(1, provider.maxBatch)));
      }
      for (const batch of batches) {
        check();
        let answers: Array<ProviderHit | null>;
        try {
          run.providerCalls++;
          answers = await provider.geocode(
            batch.map((p) => (p.city === '' ? { text: p.text } : { text: p.text, city: p.city })),
            signal,
          );
        } catch (err) {
          if (err instanceof KetuError && err.code === 'CANCELLED') throw err;
          run.stoppedBy = geocodeFailureOf(err) ?? 'GEOCODE_PROVIDER_ERROR';
          run.stoppedReason = err instanceof KetuError ? err.message : `地图服务出错：${err instanceof Error ? err.message : String(err)}`;
          break;
        }
        store.putCached(batch.map((p, i) => ({ provider: provider.id, query: p.cacheKey, hit: answers[i] ?? null })));
        batch.forEach((first, i) => {
          const hit = answers[i];
          for (const p of sharing.get(first.cacheKey) ?? [first]) {
            if (hit != null) providerHits.set(p.id, { ...hit, source: provider.id });
            asked.add(p.id);
          }
        });
        answered += batch.length;
        progress(answered);
      }
    }

    // 4. The district or city centre read from the address; a coarse provider answer yields to a finer
    // parse. Last, when asked (cityFallback), the project's city centre.
    check();
    divisions ??= loadDivisions(opts.resourcesDir);
    for (const p of pending) {
      const hit = providerHits.get(p.id);
      const parsed = hit === undefined || precisionRank[hit.precision] > precisionRank.district ? (parseAddress(p.text, p.city || undefined, divisions) ?? (hit === undefined && opts.cityFallback === true ? projectCityCentre(p.city || undefined, divisions) : null)) : null;
      if (hit !== undefined && (parsed === null || precisionRank[parsed.precision] >= precisionRank[hit.precision])) {
        settle(p, { lng: hit.lng, lat: hit.lat, source: hit.source, precision: hit.precision, matched: hit.formatted || p.text, level: hit.level });
      } else if (parsed !== null) {
        settle(p, { lng: parsed.lng, lat: parsed.lat, source: 'centroid', precision: parsed.precision, matched: parsed.matched });
      } else {
        settle(p, { failed: failureReason(provider !== null, asked.has(p.id), run.stoppedReason) });
      }
    }
    progress();
    return run;
  }

  return { locate };
}

function isProviderId(value: string): value is ProviderId {
  return value === 'amap' || value === 'baidu' || value === 'tianditu';
}

function failureReason(online: boolean, asked: boolean, stopped: string | undefined): string {
  const tail = '，且无法从地址中识别区县或城市';
  if (!online) return `未设置地图服务 Key 或处于离线状态${tail}`;
  if (asked) return `地图服务未找到该地址${tail}`;
  return stopped === undefined ? `地图服务未能定位该地址${tail}` : `地图服务已停止（${stopped}）${tail}`;
}
