// The baseline of the first-frame benchmark: deck.gl alone (no React, no MapLibre, no engine client)
// given the very arrays the workbench gets, already in memory. Built by run.ts with Vite.
import { Deck, WebMercatorViewport } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { decodeBareArrays } from './arrays-format.js';
import type { BareArrays } from './arrays-format.js';

export interface BareResult {
  count: number;
  /** performance.now() at the start signal, relative to this page's navigation. */
  startedAt: number;
  /** Start signal -> deck's onAfterRender of the first frame with the layer loaded. */
  afterRenderMs: number;
  /** ... -> a 1-pixel readPixels returned, i.e. the GPU has executed that frame. */
  syncedMs: number;
  /** Pixels with any alpha in that frame (not timed): proves the points are on the canvas. */
  paintedPixels: number;
  width: number;
  height: number;
}

declare global {
  interface Window {
    __bare?: { state: 'loading' | 'armed' | 'error'; count: number; error?: string };
    __startBare?: () => Promise<BareResult>;
    /** After the first frame: the layer again with colour array `k` of /recolour.bin; ms to the drawn frame. */
    __recolourBare?: (k: number) => Promise<number>;
  }
}

// The recolour baseline: the drawn deck, its layer props, and a waiter for the next frame.
let shown: { deck: Deck; props: ConstructorParameters<typeof ScatterplotLayer>[0] } | null = null;
let nextFrame: ((gl: WebGL2RenderingContext) => void) | null = null;

/** The same layer with another colour array: deck.gl uploads the new buffer, positions stay as they are. */
function recolour(colors: Uint8Array, k: number): Promise<number> {
  const current = shown;
  if (current === null) return Promise.reject(new Error('draw first'));
  const startedAt = performance.now();
  const data = current.props?.data as { length: number; attributes: Record<string, unknown> };
  const layer = new ScatterplotLayer({
    ...current.props,
    data: { length: data.length, attributes: { ...data.attributes, getFillColor: { value: colors, size: 4, normalized: true } } },
    updateTriggers: { getFillColor: k },
  });
  return new Promise<number>((resolve) => {
    nextFrame = (gl) => {
      if (!layer.isLoaded) return;
      nextFrame = null;
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
      resolve(performance.now() - startedAt);
    };
    current.deck.setProps({ layers: [layer] });
  });
}

const WIDTH = 1280;
const HEIGHT = 800;

async function loadArrays(): Promise<BareArrays> {
  const res = await fetch('./arrays.bin', { cache: 'no-store' });
  if (!res.ok) throw new Error(`arrays.bin: HTTP ${res.status}`);
  return decodeBareArrays(await res.arrayBuffer());
}

function countPainted(gl: WebGL2RenderingContext, width: number, height: number): number {
  const pixels = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) painted++;
  return painted;
}

/** Everything from here on is timed: Deck creation, WebGL device, upload, first draw. */
function draw(arrays: BareArrays): Promise<BareResult> {
  const startedAt = performance.now();
  const container = document.querySelector<HTMLDivElement>('#map');
  if (container === null) return Promise.reject(new Error('no #map'));
  const [w, s, e, n] = arrays.bounds;
  // Same camera rule as the workbench (fitBounds, padding 48, max zoom 14), so the same screen area is covered.
  const fitted = new WebMercatorViewport({ width: WIDTH, height: HEIGHT }).fitBounds(
    [
      [w, s],
      [e, n],
    ],
    { padding: 48, maxZoom: 14 },
  );
  // Same layer props as renderer/map/layers/point-layer.ts pointsLayer, so both sides draw the same pixels
  // (the workbench splits them into one layer per role, each with its own points).
  const props = {
    id: 'bare-places',
    data: {
      length: arrays.count,
      attributes: {
        getPosition: { value: arrays.positions, size: 2 },
        getFillColor: { value: arrays.colors, size: 4, normalized: true },
      },
    },
    radiusUnits: 'pixels' as const,
    getRadius: 3.5,
    radiusMinPixels: 1,
    stroked: false,
    filled: true,
    pickable: false,
  };
  const layer = new ScatterplotLayer(props);
  return new Promise<BareResult>((resolve, reject) => {
    let done = false;
    const deck = new Deck({
      parent: container,
      width: WIDTH,
      height: HEIGHT,
      viewState: { longitude: fitted.longitude, latitude: fitted.latitude, zoom: fitted.zoom, pitch: 0, bearing: 0 },
      controller: false,
      layers: [layer],
      onError: (error) => {
        if (!done) reject(error);
        done = true;
      },
      onAfterRender: ({ gl }) => {
        nextFrame?.(gl);
        // The first frames may come before the layer is initialised; wait for one that drew it.
        if (done || !layer.isLoaded) return;
        done = true;
        const afterRenderMs = performance.now() - startedAt;
        const probe = new Uint8Array(4);
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, probe);
        const syncedMs = performance.now() - startedAt;
        const width = gl.drawingBufferWidth;
        const height = gl.drawingBufferHeight;
        resolve({ count: arrays.count, startedAt, afterRenderMs, syncedMs, paintedPixels: countPainted(gl, width, height), width, height });
      },
    });
    shown = { deck, props };
  });
}

window.__bare = { state: 'loading', count: 0 };
loadArrays().then(
  (arrays) => {
    window.__startBare = () => draw(arrays);
    window.__recolourBare = async (k) => {
      // Fetched before the clock starts: the baseline is the upload and the draw only.
      const res = await fetch('./recolour.bin', { cache: 'no-store' });
      const all = new Uint8Array(await res.arrayBuffer());
      const size = arrays.count * 4;
      return recolour(all.slice(k * size, (k + 1) * size), k);
    };
    window.__bare = { state: 'armed', count: arrays.count };
  },
  (err: unknown) => {
    window.__bare = { state: 'error', count: 0, error: err instanceof Error ? err.message : String(err) };
  },
);
