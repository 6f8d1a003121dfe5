import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BUNDLED_BASEMAP } from '../../../native/contract/index.js';
import type { DisplayCrs, LocalBasemap } from '../../../native/contract/index.js';
import type { EngineClient } from '../../engine/engine-client.js';
import { BUNDLED, crsOf, resolveBasemap } from '../../map/basemaps.js';
import type { ActiveBasemap } from '../../map/basemaps.js';
import { connectTileProtocol } from '../../map/tile-protocol.js';
import { tileRequestSettings } from './online-basemap-settings.js';

export interface BasemapState {
  /** The project's local archives (null while loading or without a project). */
  locals: LocalBasemap[] | null;
  /** What the map draws: the saved choice, or the bundled map when that cannot be shown. */
  active: ActiveBasemap;
  /** The system drawn positions are shifted into (GCJ-02 on 高德). */
  crs: DisplayCrs;
  /** Why the saved choice is not what the map shows (offline, missing file, key refused), in Chinese. */
  problem: string | null;
  /** The 离线底图包 drawn instead of the saved online basemap while it cannot be reached. */
  usingPack: string | null;
  reloadLocals(): Promise<LocalBasemap[]>;
  /** A changed key or endpoint, or the planner choosing the same basemap again: ask for its tiles anew. */
  retry(): void;
}

/** Engine errors after which a basemap shows nothing useful: the map falls back to the bundled one. */
const fatalReasons = new Set(['offline', 'key', 'rejected', 'missing']);

export function useBasemap(client: EngineClient, projectPath: string | null, savedId: string | null): BasemapState {
  const [locals, setLocals] = useState<LocalBasemap[] | null>(null);
  const [failure, setFailure] = useState<{ id: string; message: string; reason: string } | null>(null);
  // Bumped by retry(): part of online tile URLs, so MapLibre drops tiles fetched with the old key.
  const [attempt, setAttempt] = useState(0);

  const seq = useRef(0);
  const reloadLocals = useCallback(async (): Promise<LocalBasemap[]> => {
    const mine = ++seq.current;
    if (projectPath === null) {
      setLocals(null);
      return [];
    }
    const list = await client.call('basemap.list', {});
    if (mine === seq.current) setLocals(list);
    return list;
  }, [client, projectPath]);

  useEffect(() => {
    setLocals(null);
    setFailure(null);
    // An unreadable list leaves only the bundled and online basemaps: the map itself must still open.
    reloadLocals().catch(() => setLocals([]));
  }, [reloadLocals]);

  useEffect(() => {
    connectTileProtocol({
      client,
      online: tileRequestSettings,
      onError: (id, error) => {
        const reason = typeof error.details?.reason === 'string' ? error.details.reason : error.code === 'FILE_NOT_FOUND' ? 'missing' : null;
        if (reason === null || !fatalReasons.has(reason)) return;
        setFailure((prev) => (prev?.id === id ? prev : { id, message: error.message, reason }));
      },
    });
    return () => connectTileProtocol(null);
  }, [client]);

  const retry = useCallback(() => {
    setFailure(null);
    setAttempt((n) => n + 1);
  }, []);

  const id = savedId ?? BUNDLED_BASEMAP;
  const local = locals?.find((b) => b.id === id) ?? null;
  const unreadable = local !== null && local.archive === null ? local.problem : null;
  const failed = failure !== null && failure.id === id ? failure.message : null;
  // Offline, a provider's 离线底图包 stands in for it (the newest one when there are several).
  const pack = failure !== null && failure.id === id && failure.reason === 'offline' ? [...(locals ?? [])].reverse().find((b) => b.archive?.pack === id) : undefined;
  const packId = pack?.id ?? null;
  const active = useMemo<ActiveBasemap>(() => {
    if (packId !== null) return resolveBasemap(packId, locals);
    if (failed !== null || unreadable !== null) return BUNDLED;
    const resolved = resolveBasemap(id, locals);
    return resolved.kind === 'online' ? { ...resolved, attempt } : resolved;
  }, [id, locals, failed, unreadable, attempt, packId]);
  return { locals, active, crs: crsOf(active), problem: failed ?? unreadable, usingPack: pack?.name ?? null, reloadLocals, retry };
}
