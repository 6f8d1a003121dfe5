import { isUnsurePrecision } from '../contract/methods.js';
import type { ProjectStore } from '../store/project-store.js';
import type { DivisionLookup } from '../store/records.js';
import { createGeocoder, isHit, precisionRank } from './geocoder.js';
import type { GeocodeProvider } from './providers/types.js';
import { locateInRounds } from './rounds.js';
import type { RoundsOutcome } from './rounds.js';

export interface RelocateOptions {
  provider: GeocodeProvider | null;
  resourcesDir: string;
  divisionOf: DivisionLookup;
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
}

export interface RelocateOutcome {
  asked: number;
  improved: number;
  providerCalls: number;
  stoppedReason: RoundsOutcome['stoppedReason'];
}

/**
 * Asks again for every place known only to its district or city (by name, then by address) and moves
 * those that came back more precise; a pass never makes a position worse.
 */
export async function relocateUnsurePlaces(store: ProjectStore, opts: RelocateOptions): Promise<RelocateOutcome> {
  const unsure = store.placesForReview(1_000_000).filter((pl) => isUnsurePrecision(pl.precision));
  const geocoder = createGeocoder({ store: store.geocoding, provider: opts.provider, defaultCity: store.city() ?? undefined, resourcesDir: opts.resourcesDir });
  const items = unsure.map((pl) => ({
    queries: [
      ...(pl.name === null ? [] : [{ text: pl.name, kind: pl.role === 'work' ? ('employer' as const) : ('community' as const) }]),
      ...(pl.address === null || pl.address === pl.name ? [] : [{ text: pl.address, kind: 'address' as const }]),
    ],
  }));
  const outcome = await locateInRounds(geocoder, items, { signal: opts.signal, onProgress: opts.onProgress });
  const moves = unsure.flatMap((pl, i) => {
    const r = outcome.results[i];
    return r !== undefined && isHit(r) && precisionRank[r.precision] < precisionRank[pl.precision] ? [{ id: pl.id, lng: r.lng, lat: r.lat, source: r.source, precision: r.precision }] : [];
  });
  const improved = moves.length === 0 ? 0 : store.movePlaces(moves, opts.divisionOf);
  return { asked: unsure.length, improved, providerCalls: outcome.providerCalls, stoppedReason: outcome.stoppedReason };
}
