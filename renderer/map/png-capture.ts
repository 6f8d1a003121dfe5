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

/**
 * Renders the current view at `ratio` device pixels per CSS pixel and returns one PNG of basemap +
 * points. Both WebGL canvases really re-render at that density (MapLibre pixelRatio, deck.gl
 * useDevicePixels), so text and points stay sharp: nothing is upscaled. Both keep their drawing
 * buffers (preserveDrawingBuffer) so they can be read after the frame. The old ratio is restored.
 */
export async function captureMapPng(targets: CaptureTargets, ratio: number, decorate?: CaptureDecoration): Promise<CapturedPng> {
  const { map, overlay } = targets;
  const r = Math.min(MAX_RATIO, Math.max(1, ratio));
  const previous = map.getPixelRatio();
  try {
    map.setPixelRatio(r);
    await withTimeout(Promise.all([mapIdle(map), deckAtRatio(targets, r)]), 60_000, 'map render');
    const base = map.getCanvas();
    const points = overlay.getCanvas();
    const out = document.createElement('canvas');
    out.width = base.width;
    out.height = base.height;
    const ctx = out.getContext('2d');
    if (ctx === null) throw new Error('2D canvas unavailable');
    ctx.drawImage(base, 0, 0);
    // deck's canvas covers the same CSS box; scale in case its rounding differs by a pixel.
    if (points !== null && points.width > 0 && points.height > 0) ctx.drawImage(points, 0, 0, out.width, out.height);
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
