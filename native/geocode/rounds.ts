import { isHit, precisionRank } from './geocoder.js';
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

/** Not settled yet: no answer, a failure, or only a centre (parsed or the project's city) a later text may beat. */
function open(prior: GeocodeResult | undefined): boolean {
  return prior === undefined || !isHit(prior) || prior.source === 'centroid';
}

/** The better of two answers: a hit over a failure, then the finer precision (the earlier on a tie). */
function better(prior: GeocodeResult | undefined, next: GeocodeResult): GeocodeResult {
  if (prior === undefined || !isHit(prior)) return next;
  return isHit(next) && precisionRank[next.precision] < precisionRank[prior.precision] ? next : prior;
}

/**
 * Round k asks every item not yet settled its k-th text, so one geocoder pass serves a whole batch. A
 * name placed only at a district or city centre still has its address asked.
 */
export async function locateInRounds(geocoder: Geocoder, items: readonly PlaceTexts[], opts: LocateOptions = {}): Promise<RoundsOutcome> {
  const results: Array<GeocodeResult | undefined> = items.map(() => undefined);
  const rounds = items.reduce((m, item) => Math.max(m, item.queries.length), 0);
  let providerCalls = 0;
  let stoppedReason: string | null = null;
  for (let round = 0; round < rounds; round++) {
    const queries = items.flatMap((item, i) => {
      const q = item.queries[round];
      const prior = results[i];
      return q !== undefined && open(prior) ? [{ key: String(i), text: q.text, kind: q.kind }] : [];
    });
    if (queries.length === 0) continue;
    const run: GeocodeRun = await geocoder.locate(queries, opts);
    providerCalls += run.providerCalls;
    stoppedReason ??= run.stoppedReason ?? null;
    for (const [key, result] of run.results) {
      const i = Number(key);
      results[i] = better(results[i], result);
    }
  }
  return { results, providerCalls, stoppedReason };
}
