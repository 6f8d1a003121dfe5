import { useCallback, useEffect, useRef, useState } from 'react';
import type { PlaceColumns, ProjectInfo } from '../../../native/contract/index.js';
import { useEngine, useEngineQuery } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Bounds } from '../../map/map-view.js';

export interface ProjectPoints {
  info: ProjectInfo | null;
  /** The open project's places as columns; null without a project. */
  columns: PlaceColumns | null;
  loading: boolean;
  /** Why the project or its points could not be read, in the UI language. */
  failed: string | null;
  /** Where the camera should go next (project bounds, a picked row). */
  fitTo: Bounds | null;
  fit(bounds: Bounds): void;
  /** Fit the camera to the project when its next info arrives (after an import). */
  fitNext(): void;
  open(path: string): Promise<void>;
}

/** The open project and its points, read again whenever its info is (open, import, undo, confirm). */
export function useProjectPoints(): ProjectPoints {
  const engine = useEngine();
  const { info } = engine;
  const { lang } = useI18n();
  const points = useEngineQuery(info === null ? null : (client) => client.call('places.columns', {}), [info], false);
  const [fitTo, setFitTo] = useState<Bounds | null>(null);
  // Fit the camera when the next project info arrives: at start, after open, after import, and to a project opened elsewhere.
  const fitWanted = useRef(true);
  const fittedPath = useRef<string | null>(null);
  useEffect(() => {
    if (info === null) return;
    if (!fitWanted.current && info.path === fittedPath.current) return;
    fitWanted.current = false;
    fittedPath.current = info.path;
    if (info.bounds !== null) setFitTo([...info.bounds]);
  }, [info]);

  const { open: openPath } = engine;
  const open = useCallback(
    async (path: string): Promise<void> => {
      fitWanted.current = true;
      await openPath(path);
    },
    [openPath],
  );
  const fit = useCallback((bounds: Bounds) => setFitTo(bounds), []);
  const fitNext = useCallback(() => {
    fitWanted.current = true;
  }, []);

  const failure = engine.failure ?? points.error;
  return {
    info,
    columns: points.data,
    loading: !engine.started || (engine.failure === null && points.pending),
    failed: failure === null ? null : errorMessage(failure, lang),
    fitTo,
    fit,
    fitNext,
    open,
  };
}
