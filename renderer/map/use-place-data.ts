import { useEffect, useMemo, useRef, useState } from 'react';
import type { FieldColumn, PlaceColumns, PlaceRole } from '../../native/contract/index.js';
import type { EngineClient } from '../engine/engine-client.js';
import { pairKey } from './layers/layer-context.js';
import type { PlacePairs } from './layers/layer-context.js';

/** What the visible layers and the filters read besides the place columns. */
export interface PlaceDataNeeds {
  fields: readonly string[];
  pairs: ReadonlyArray<readonly [PlaceRole, PlaceRole]>;
}

export interface PlaceData {
  /** Field columns fetched so far for the current columns; a new Map only when one was added. */
  fields: ReadonlyMap<string, FieldColumn>;
  pairs: ReadonlyMap<string, PlacePairs>;
  /** Some needed column or pair is still on its way. */
  pending: boolean;
  /** Fields the engine refused (e.g. a saved layer naming a field this project lacks), with the message. */
  failed: ReadonlyMap<string, string>;
}

interface Cache {
  columns: PlaceColumns | null;
  fields: Map<string, FieldColumn>;
  pairs: Map<string, PlacePairs>;
  failed: Map<string, string>;
}

const emptyCache = (columns: PlaceColumns | null): Cache => ({ columns, fields: new Map(), pairs: new Map(), failed: new Map() });

/**
 * Field columns and role pairs for the current place columns, each fetched once. They are only valid with
 * the columns they were read with: every reload of the columns (open, import, undo, geocode confirm) starts
 * a fresh cache, and answers that arrive for older columns are dropped.
 */
export function usePlaceData(client: EngineClient, columns: PlaceColumns | null, needs: PlaceDataNeeds): PlaceData {
  const [cache, setCache] = useState<Cache>(() => emptyCache(columns));
  const current = cache.columns === columns ? cache : emptyCache(columns);
  if (current !== cache) setCache(current);
  // Requests under way, per columns: a reload must ask again even while the old columns' request runs.
  const flights = useRef(new WeakMap<PlaceColumns, Set<string>>());
  const fieldsKey = [...new Set(needs.fields)].sort().join('\n');
  const pairsKey = [...new Set(needs.pairs.map(([a, b]) => pairKey(a, b)))].sort().join('\n');

  useEffect(() => {
    if (columns === null) return;
    let inFlight = flights.current.get(columns);
    if (inFlight === undefined) {
      inFlight = new Set();
      flights.current.set(columns, inFlight);
    }
    const running = inFlight;
    const wantedFields = fieldsKey === '' ? [] : fieldsKey.split('\n');
    const wantedPairs = pairsKey === '' ? [] : pairsKey.split('\n');
    for (const field of wantedFields) {
      const key = `field:${field}`;
      if (current.fields.has(field) || current.failed.has(field) || running.has(key)) continue;
      running.add(key);
      client
        .call('places.field', { field })
        .then((column) => {
          const length = column.kind === 'category' ? column.codes.length : column.values.length;
          // A column of another length was read from other data than these columns: drop it.
          setCache((c) => (c.columns !== columns || length !== columns.count ? c : { ...c, fields: new Map(c.fields).set(field, column) }));
        })
        .catch((e: unknown) => {
          setCache((c) => (c.columns !== columns ? c : { ...c, failed: new Map(c.failed).set(field, e instanceof Error ? e.message : String(e)) }));
        })
        .finally(() => running.delete(key));
    }
    for (const key of wantedPairs) {
      const [from, to] = key.split('>') as [PlaceRole, PlaceRole];
      const flight = `pair:${key}`;
      if (current.pairs.has(key) || running.has(flight)) continue;
      running.add(flight);
      client
        .call('places.pairs', { from, to })
        .then((pairs) => setCache((c) => (c.columns !== columns ? c : { ...c, pairs: new Map(c.pairs).set(key, pairs) })))
        .catch(() => setCache((c) => (c.columns !== columns ? c : { ...c, pairs: new Map(c.pairs).set(key, { from: new Uint32Array(0), to: new Uint32Array(0) }) })))
        .finally(() => running.delete(flight));
    }
  }, [client, columns, current, fieldsKey, pairsKey]);

  const pending =
    columns !== null &&
    ((fieldsKey !== '' && fieldsKey.split('\n').some((f) => !current.fields.has(f) && !current.failed.has(f))) || (pairsKey !== '' && pairsKey.split('\n').some((k) => !current.pairs.has(k))));
  return useMemo(() => ({ fields: current.fields, pairs: current.pairs, failed: current.failed, pending }), [current, pending]);
}
