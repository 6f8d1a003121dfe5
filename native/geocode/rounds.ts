import { isHit } from './geocoder.js';
import type { Geocoder, GeocodeResult, GeocodeRun, LocateOptions, QueryKind } from './geocoder.js';

export interface PlaceTexts {
  /** Texts to try in order: a name first (the gazetteer knows names), then an address (parsable). */
  queries: ReadonlyArray<{ text: string; kind: QueryKind }>;
}

export interface RoundsOutcome {
  /** One result per item, in item order: the first hit, or the last failure. */
  results: Array<GeocodeResult | undefined>;
  providerCalls: number;
  stoppedReason: string | null;
}

/** Round k asks every still-unplaced item its k-th text, so one geocoder pass serves a whole batch. */
export async function locateInRounds(geocoder: Geocoder, items: readonly PlaceTexts[], opts: LocateOptions = {}): Promise<RoundsOutcome> {
  const results: Array<GeocodeResult | undefined> = items.map(() => undefined);
  const rounds = items.reduce((m, item) => Math.max(m, item.queries.length), 0);
  let providerCalls = 0;
  let stoppedReason: string | null = null;
  for (let round = 0; round < rounds; round++) {
    const queries = items.flatMap((item, i) => {
      const q = item.queries[round];
      const prior = results[i];
      return q !== undefined && (prior === undefined || !isHit(prior)) ? [{ key: String(i), text: q.text, kind: q.kind }] : [];
    });
    if (queries.length === 0) continue;
    const run: GeocodeRun = await geocoder.locate(queries, opts);
    providerCalls += run.providerCalls;
    stoppedReason ??= run.stoppedReason ?? null;
    for (const [key, result] of run.results) {
      const i = Number(key);
      const prior = results[i];
      if (prior === undefined || !isHit(prior)) results[i] = result;
    }
  }
  return { results, providerCalls, stoppedReason };
}
