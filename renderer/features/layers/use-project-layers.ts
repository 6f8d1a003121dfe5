import { useCallback, useEffect, useRef, useState } from 'react';
import type { LayerConfig } from '../../../native/contract/index.js';
import type { EngineClient } from '../../engine/engine-client.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';

/** Slider drags save once they settle; structural edits go out at once. */
const SAVE_DELAY_MS = 300;

export interface ProjectLayers {
  /** null while loading (or without a project). */
  layers: LayerConfig[] | null;
  /** Replaces the list and saves it; `settle` waits for the edits to pause first (sliders, typing). */
  set(next: LayerConfig[], settle?: boolean): void;
  /** Why the layers could not be read or saved, in the UI language. */
  error: string | null;
}

/**
 * The open project's layer list: read with layers.get when a project opens, written with layers.save after
 * every change. Saves are chained so an older list never lands after a newer one.
 */
export function useProjectLayers(client: EngineClient, projectPath: string | null): ProjectLayers {
  const [layers, setLayers] = useState<LayerConfig[] | null>(null);
  const { lang } = useI18n();
  // The engine's error itself, translated when shown: a language switch re-words it.
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<{ path: string; layers: LayerConfig[] } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const pathRef = useRef(projectPath);
  pathRef.current = projectPath;

  const flush = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const job = pending.current;
    pending.current = null;
    if (job === null) return;
    chain.current = chain.current.then(async () => {
      // The project changed meanwhile: this list belongs to a file that is no longer open.
      if (pathRef.current !== job.path) return;
      try {
        await client.call('layers.save', { layers: job.layers });
        setError(null);
      } catch (e) {
        setError(e);
      }
    });
  }, [client]);

  useEffect(() => {
    setLayers(null);
    setError(null);
    if (projectPath === null) return;
    let alive = true;
    client
      .call('layers.get', {})
      .then((list) => {
        if (alive) setLayers(list);
      })
      .catch((e: unknown) => {
        if (!alive) return;
        // A layer from a newer KeTu (or a broken one): show why, draw nothing, and never save over it.
        setError(e);
      });
    return () => {
      alive = false;
    };
  }, [client, projectPath]);

  // Leaving the page (window closed, reload) sends what is still waiting.
  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  const set = useCallback(
    (next: LayerConfig[], settle = false) => {
      const path = pathRef.current;
      if (path === null) return;
      setLayers(next);
      pending.current = { path, layers: next };
      if (timer.current !== null) clearTimeout(timer.current);
      if (settle) timer.current = setTimeout(flush, SAVE_DELAY_MS);
      else flush();
    },
    [flush],
  );

  return { layers, set, error: error === null ? null : errorMessage(error, lang) };
}
