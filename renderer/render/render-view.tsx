import type { Layer } from '@deck.gl/core';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { translate } from '../i18n/i18n.js';
import { buildAreaLayers, drawnCircles } from '../map/area-layers.js';
import { buildLabelLayer, placeLabels, placementZoom, splitLabels } from '../map/label-placement.js';
import { parseRenderCase } from '../map/layers/render-case.js';
import { drawOrder, renderLayer } from '../map/layers/registry.js';

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** `?view=render`: draws one render-test case and resolves once the frame is complete. */
    __ketuRender?: (layers: unknown, data: unknown) => Promise<void>;
  }
}

/**
 * `?view=render`: a bare map (plain background, no basemap, so only the layers under test are in the picture)
 * for test/render. The runner hands each case to window.__ketuRender and screenshots `render-map`.
 */
export function RenderView(): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const map = new MapLibreMap({
      container: el,
      style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f7f6f2' } }] },
      center: [120.2, 30.25],
      zoom: 10,
      interactive: false,
      attributionControl: false,
      fadeDuration: 0,
      canvasContextAttributes: { antialias: true, preserveDrawingBuffer: true },
    });
    const overlay = new MapboxOverlay({ interleaved: false, layers: [] });
    map.addControl(overlay);
    const loaded = new Promise<void>((resolve) => map.once('load', () => resolve()));
    const animationFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    // deck.gl draws on its own loop once a layer's data, shaders and glyph atlas are ready; wait for all of them.
    const settled = async (layers: Layer[]): Promise<void> => {
      for (let k = 0; k < 600 && !layers.every((l) => l.isLoaded); k++) await animationFrame();
      for (let k = 0; k < 3; k++) await animationFrame();
    };
    window.__ketuRender = async (layersJson, dataJson) => {
      const c = parseRenderCase(layersJson, dataJson);
      await loaded;
      await document.fonts.ready;
      el.style.width = `${c.view.width}px`;
      el.style.height = `${c.view.height}px`;
      map.resize();
      map.jumpTo({ center: c.view.center, zoom: c.view.zoom });
      const ctx = { columns: c.columns, fields: c.fields, mapMask: c.mapMask, sites: c.sites, districts: c.districts, circles: drawnCircles(c.areas, false), pairs: c.pairs, lang: 'zh-CN' as const, t: translate.bind(null, 'zh-CN') };
      // Labels placed as the workbench places them: one collision pass over the areas' and every layer's names.
      const areaLayers = buildAreaLayers(c.areas, { byGrade: false, editingId: null, selectedId: null });
      const split = splitLabels([...areaLayers, ...drawOrder(c.layers).flatMap((l) => renderLayer(l, ctx))]);
      const layers = [...split.layers, buildLabelLayer(placeLabels(split.labels, placementZoom(c.view.zoom), split.symbols))];
      overlay.setProps({ layers });
      map.triggerRepaint();
      await settled(layers);
    };
    return () => {
      delete window.__ketuRender;
      map.removeControl(overlay);
      overlay.finalize();
      map.remove();
    };
  }, []);
  return <div ref={box} className="render-view" data-testid="render-map" />;
}
