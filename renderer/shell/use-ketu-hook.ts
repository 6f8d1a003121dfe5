import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { RefObject } from 'react';
import type { LayerConfig, PlaceColumns, PrintLegend } from '../../native/contract/index.js';
import type { ProjectPoints } from '../features/project/use-project-points.js';
import { useI18n } from '../i18n/i18n.js';
import { filterFieldNames } from '../map/filter-mask.js';
import { drawnLabels, installKetuHook } from '../map/ketu-hook.js';
import type { KetuHook, PrintFrame, PrintFrameRequest, PrintOverride } from '../map/ketu-hook.js';
import type { LayerContext } from '../map/layers/layer-context.js';
import { layerTitle } from '../map/layers/layer-title.js';
import { layerLegend, layersNeeds } from '../map/layers/registry.js';
import { legendDecoration } from '../map/legend-canvas.js';
import type { LayerStack } from '../map/layers/use-layer-stack.js';
import type { Bounds, MapHandle } from '../map/map-view.js';
import { bytesToBase64 } from '../map/png-capture.js';
import type { CapturedPng } from '../map/png-capture.js';

export interface WorkbenchReadiness {
  /** The project's points are drawn with the saved filter applied. */
  ready: boolean;
  /** A PNG of the map as shown, with the legend as shown (the export dialog and `window.__ketu.exportPng`). */
  capture(ratio: number, legend: boolean): Promise<CapturedPng>;
}

/** What the hook reads of the drawn map (use-map-data.ts). */
export interface DrawnLayers {
  stack: LayerStack;
  configs: readonly LayerConfig[] | null;
  ctx: LayerContext | null;
}

function hex(n: number): string {
  return Math.round(n).toString(16).padStart(2, '0');
}

/** The context with its mask narrowed to the places inside `b` (display coordinates, as the columns are). */
function insideFrame(ctx: LayerContext, b: Bounds): LayerContext {
  const { positions, count } = ctx.columns;
  const mask = new Uint8Array(count);
  const base = ctx.mapMask;
  for (let i = 0; i < count; i++) {
    if (base !== null && base[i] === 0) continue;
    const lng = positions[2 * i] ?? NaN;
    const lat = positions[2 * i + 1] ?? NaN;
    if (lng >= b[0] && lng <= b[2] && lat >= b[1] && lat <= b[3]) mask[i] = 1;
  }
  return { ...ctx, mapMask: mask };
}

/**
 * `window.__ketu` (map/ketu-hook.ts) kept current: ready once the points are drawn with the saved filter
 * applied (their columns loaded), plus the captures the CLI's PNG and print exports call.
 */
export function useKetuHook(mapHandle: RefObject<MapHandle | null>, drawnLayers: DrawnLayers, project: ProjectPoints, drawn: PlaceColumns | null | undefined, dataSettled: boolean, print: PrintOverride | null, setPrint: (p: PrintOverride) => void): WorkbenchReadiness {
  const { t, num } = useI18n();
  const { stack } = drawnLayers;
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

  // A print frame waits until its template's layers are built from loaded columns and handed to the map.
  const latest = useRef({ drawnLayers, t });
  latest.current = { drawnLayers, t };
  const printWaiters = useRef<Array<{ want: PrintOverride; resolve(): void }>>([]);
  const { configs, ctx } = drawnLayers;
  useEffect(() => {
    if (print === null || !dataSettled || ctx === null || configs === null) return;
    const fields = [...filterFieldNames(print.filter), ...layersNeeds(configs).fields];
    if (!fields.every((f) => ctx.fields.has(f))) return;
    for (const w of printWaiters.current.splice(0)) {
      if (w.want === print) w.resolve();
      else printWaiters.current.push(w);
    }
  }, [print, dataSettled, ctx, configs]);
  const printFrame = useCallback(
    async (request: PrintFrameRequest): Promise<PrintFrame> => {
      const handle = mapHandle.current;
      if (handle === null) throw new Error('map not ready');
      const want: PrintOverride = { template: request.template, filter: request.filter, siteMarker: request.siteMarker, areas: request.areas, inset: request.inset };
      await new Promise<void>((resolve) => {
        printWaiters.current.push({ want, resolve });
        setPrint(want);
      });
      if (request.fit !== null) await handle.fit(request.fit, request.padding);
      const view = handle.view();
      const { drawnLayers: now, t: tr } = latest.current;
      const legends: PrintLegend[] = [];
      if (now.ctx !== null) {
        const frameCtx = insideFrame(now.ctx, view.displayBounds);
        for (const config of now.configs ?? []) {
          if (!config.visible) continue;
          // The legend states what the frame shows: rows with nothing inside are left out.
          const entries = layerLegend(config, frameCtx)
            .filter((e) => e.count === null || e.count > 0)
            .map((e) => ({ label: e.label, color: `#${hex(e.color[0])}${hex(e.color[1])}${hex(e.color[2])}`, count: e.count, shape: e.shape }));
          if (entries.length > 0) legends.push({ title: layerTitle(config, tr), entries });
        }
      }
      const basemapLabels = handle.basemapLabels();
      const shot = await handle.capture(request.ratio, undefined, request.tilePx);
      // The names in the picture just captured: those whose box meets the frame.
      const [w, h] = [shot.width / request.ratio, shot.height / request.ratio];
      const mapLabels = drawnLabels().filter((l) => l.box[2] > 0 && l.box[0] < w && l.box[3] > 0 && l.box[1] < h);
      return { png: bytesToBase64(shot.png), width: shot.width, height: shot.height, bounds: view.bounds, centerLat: view.centerLat, zoom: view.zoom, metresPerPixel: view.metresPerPixel, legends, basemapLabels, mapLabels };
    },
    [mapHandle, setPrint],
  );
  const hook = useRef<KetuHook | null>(null);
  hook.current ??= installKetuHook(capture, printFrame);

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
