import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { Map as MapLibreMap } from 'maplibre-gl';

export interface CapturedPng {
  png: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
}

/** Paints over the captured map (the legend) before it is encoded; `ratio` is device px per CSS px. */
export type CaptureDecoration = (ctx: CanvasRenderingContext2D, ratio: number) => void | Promise<void>;

export interface CaptureTargets {
  map: MapLibreMap;
  overlay: MapboxOverlay;
  /** Resolves after deck.gl's next finished frame (its onAfterRender). */
  nextDeckFrame(): Promise<void>;
}

// 600 dpi print frames need 6.25 device px per CSS px; MapLibre's maxCanvasSize still caps the canvas.
const MAX_RATIO = 8;
/** A print frame of 100,000 places at 300 dpi takes minutes in software WebGL on a busy machine. */
const RENDER_TIMEOUT_MS = 600_000;

function mapIdle(map: MapLibreMap): Promise<void> {
  return new Promise((resolve) => {
    map.once('idle', () => resolve());
    map.triggerRepaint();
  });
}

function toPngBytes(canvas: HTMLCanvasElement): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob === null) reject(new Error('PNG encoding failed'));
      else blob.arrayBuffer().then((buf) => resolve(new Uint8Array(buf)), reject);
    }, 'image/png');
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * deck.gl applies a new useDevicePixels only when it next draws, and nothing else asks it to draw:
 * `_animate` makes it draw every frame until its canvas has the wanted size.
 */
async function deckAtRatio({ overlay, nextDeckFrame }: CaptureTargets, ratio: number | true): Promise<void> {
  overlay.setProps({ useDevicePixels: ratio, _animate: true });
  const canvas = overlay.getCanvas();
  const wanted = canvas === null || ratio === true ? null : Math.floor(canvas.clientWidth * ratio);
  for (let i = 0; i < 60; i++) {
    await nextDeckFrame();
    if (wanted === null || canvas === null || Math.abs(canvas.width - wanted) <= 1) break;
  }
}

/** The widest canvas both WebGL contexts can draw into (renderbuffer and viewport limits; 8,192 in SwiftShader). */
function drawableLimit(targets: CaptureTargets): number {
  let limit = 16_384;
  for (const canvas of [targets.map.getCanvas(), targets.overlay.getCanvas()]) {
    // getContext returns the context the library already made (null for the other kind).
    const gl = canvas?.getContext('webgl2') ?? canvas?.getContext('webgl') ?? null;
    if (gl === null) continue;
    const dims = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array;
    limit = Math.min(limit, gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number, dims[0] ?? limit, dims[1] ?? limit);
  }
  return limit;
}

/** A CSS length step whose device length at `ratio` is a whole number, so tiles meet on a device pixel (dpi/96: 600 dpi → 4). */
function wholeStep(ratio: number): number {
  for (let k = 1; k <= 32; k++) if (Math.abs(k * ratio - Math.round(k * ratio)) < 1e-9) return k;
  return 1;
}

/** Draws the map (and deck's canvas over it) into `ctx` at device offset (x, y); the map is drawn at `r` already. */
function paint(ctx: CanvasRenderingContext2D, { map, overlay }: CaptureTargets, x: number, y: number): void {
  const base = map.getCanvas();
  const points = overlay.getCanvas();
  ctx.drawImage(base, x, y);
  // deck's canvas covers the same CSS box; scale in case its rounding differs by a pixel.
  if (points !== null && points.width > 0 && points.height > 0) ctx.drawImage(points, x, y, base.width, base.height);
}

/**
 * A frame wider or taller than the canvas limit, drawn in tiles: the map container shrinks to each tile's
 * CSS box, the camera centres on that box's centre at the same zoom, and both libraries draw it at `r`; the
 * tiles are pasted at whole device pixels into one picture. Tile edges sit on a whole-pixel step.
 */
async function paintTiles(targets: CaptureTargets, ctx: CanvasRenderingContext2D, r: number, cssW: number, cssH: number, limit: number): Promise<void> {
  const { map } = targets;
  const container = map.getContainer();
  const step = wholeStep(r);
  const tileCss = (total: number): number => {
    const n = Math.ceil((total * r) / limit);
    return Math.max(step, Math.floor(Math.min(Math.ceil(total / n), Math.floor(limit / r)) / step) * step);
  };
  const tw = tileCss(cssW);
  const th = tileCss(cssH);
  const camera = { zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() };
  const centre = map.getCenter();
  // Every tile's centre worked out on the whole frame, before the container changes size.
  const tiles: Array<{ x: number; y: number; w: number; h: number; center: ReturnType<MapLibreMap['unproject']> }> = [];
  for (let y = 0; y < cssH; y += th) {
    for (let x = 0; x < cssW; x += tw) {
      const w = Math.min(tw, cssW - x);
      const h = Math.min(th, cssH - y);
      tiles.push({ x, y, w, h, center: map.unproject([x + w / 2, y + h / 2]) });
    }
  }
  const style = { width: container.style.width, height: container.style.height };
  try {
    for (const t of tiles) {
      container.style.width = `${t.w}px`;
      container.style.height = `${t.h}px`;
      map.resize();
      // The density only once the canvas is a tile: the whole frame at `r` is what the GPU cannot hold.
      map.setPixelRatio(r);
      map.jumpTo({ ...camera, center: t.center });
      await withTimeout(Promise.all([mapIdle(map), deckAtRatio(targets, r)]), RENDER_TIMEOUT_MS, 'map tile render');
      paint(ctx, targets, Math.round(t.x * r), Math.round(t.y * r));
    }
  } finally {
    container.style.width = style.width;
    container.style.height = style.height;
    map.resize();
    map.jumpTo({ ...camera, center: centre });
  }
}

/**
 * Renders the current view at `ratio` device pixels per CSS pixel and returns one PNG of basemap +
 * points. Both WebGL canvases really re-render at that density (MapLibre pixelRatio, deck.gl
 * useDevicePixels), so text and points stay sharp: nothing is upscaled. Both keep their drawing
 * buffers (preserveDrawingBuffer) so they can be read after the frame. A view larger than the canvas
 * limit (`tilePx`, default the WebGL limit) is drawn in tiles. The old ratio is restored.
 */
export async function captureMapPng(targets: CaptureTargets, ratio: number, decorate?: CaptureDecoration, tilePx?: number): Promise<CapturedPng> {
  const { map, overlay } = targets;
  const r = Math.min(MAX_RATIO, Math.max(1, ratio));
  const previous = map.getPixelRatio();
  const container = map.getContainer();
  const cssW = container.clientWidth;
  const cssH = container.clientHeight;
  const limit = Math.min(tilePx ?? Infinity, drawableLimit(targets));
  try {
    const out = document.createElement('canvas');
    // Opaque: the PNG has no alpha channel, so a PDF embeds the map without a soft mask to compress as well.
    const ctx = out.getContext('2d', { alpha: false });
    if (ctx === null) throw new Error('2D canvas unavailable');
    if (Math.floor(cssW * r) <= limit && Math.floor(cssH * r) <= limit) {
      map.setPixelRatio(r);
      await withTimeout(Promise.all([mapIdle(map), deckAtRatio(targets, r)]), RENDER_TIMEOUT_MS, 'map render');
      out.width = map.getCanvas().width;
      out.height = map.getCanvas().height;
      paint(ctx, targets, 0, 0);
    } else {
      out.width = Math.floor(cssW * r);
      out.height = Math.floor(cssH * r);
      await paintTiles(targets, ctx, r, cssW, cssH, limit);
    }
    await decorate?.(ctx, r);
    return { png: await toPngBytes(out), width: out.width, height: out.height };
  } finally {
    map.setPixelRatio(previous);
    await withTimeout(deckAtRatio(targets, true), 10_000, 'map restore').catch(() => undefined);
    overlay.setProps({ _animate: false });
  }
}

/** Base64 without data-URL prefix, for the test/CLI hook. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
