import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { RefObject } from 'react';
import type { PlaceColumns } from '../../native/contract/index.js';
import type { ProjectPoints } from '../features/project/use-project-points.js';
import { useI18n } from '../i18n/i18n.js';
import { installKetuHook } from '../map/ketu-hook.js';
import type { KetuHook } from '../map/ketu-hook.js';
import { legendDecoration } from '../map/legend-canvas.js';
import type { LayerStack } from '../map/layers/use-layer-stack.js';
import type { MapHandle } from '../map/map-view.js';
import type { CapturedPng } from '../map/png-capture.js';

export interface WorkbenchReadiness {
  /** The project's points are drawn with the saved filter applied. */
  ready: boolean;
  /** A PNG of the map as shown, with the legend as shown (the export dialog and `window.__ketu.exportPng`). */
  capture(ratio: number, legend: boolean): Promise<CapturedPng>;
}

/**
 * `window.__ketu` (map/ketu-hook.ts) kept current: ready once the points are drawn with the saved filter
 * applied (their columns loaded), plus the capture the CLI's PNG export calls.
 */
export function useKetuHook(mapHandle: RefObject<MapHandle | null>, stack: LayerStack, project: ProjectPoints, drawn: PlaceColumns | null | undefined, dataSettled: boolean): WorkbenchReadiness {
  const { t, num } = useI18n();
  // What an export paints over the map (the legend as shown); refreshed every render, read at capture.
  const paint = useMemo(() => legendDecoration(stack.legends, t, num), [stack.legends, t, num]);
  const legendPaint = useRef(paint);
  legendPaint.current = paint;
  const capture = useCallback(
    (ratio: number, legend: boolean): Promise<CapturedPng> => {
      const handle = mapHandle.current;
      if (handle === null) return Promise.reject(new Error('map not ready'));
      return handle.capture(ratio, legend ? legendPaint.current : undefined);
    },
    [mapHandle],
  );
  const hook = useRef<KetuHook | null>(null);
  hook.current ??= installKetuHook(capture);

  const { columns, loading, failed } = project;
  const ready = !loading && failed === null && drawn !== undefined && drawn === columns && (columns === null || dataSettled);
  const renderedPoints = stack.drawnCount;
  useEffect(() => {
    const h = hook.current;
    if (h === null) return;
    h.state = failed !== null ? 'error' : ready ? 'ready' : 'loading';
    h.pointCount = columns?.count ?? 0;
    h.renderedPoints = ready ? renderedPoints : 0;
  }, [failed, ready, columns, renderedPoints]);
  return { ready, capture };
}
