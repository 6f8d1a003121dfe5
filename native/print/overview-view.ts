import { mercatorY } from '../contract/print-layout.js';

type Bounds = readonly [number, number, number, number];

/** How many times the frame's width and height the overview inset shows, at the least. */
export const OVERVIEW_ZOOM_OUT = 3;

function latOfMercatorY(y: number): number {
  return (Math.atan(Math.sinh(y)) * 180) / Math.PI;
}

/**
 * What the overview inset shows [w, s, e, n]: the frame widened 3× about its centre (in Web Mercator, as the
 * inset is drawn), joined with `city` (every place of the page and 本案). A 地图1 frame already covers most of
 * the city; fitting the inset to the city alone made its red box fill the inset and say nothing.
 */
export function overviewView(frame: Bounds, city: Bounds | null): [number, number, number, number] {
  const [w, s, e, n] = frame;
  const half = (OVERVIEW_ZOOM_OUT - 1) / 2;
  const dx = (e - w) * half;
  const [ys, yn] = [mercatorY(s), mercatorY(n)];
  const dy = (yn - ys) * half;
  const wide: [number, number, number, number] = [Math.max(-180, w - dx), latOfMercatorY(ys - dy), Math.min(180, e + dx), latOfMercatorY(yn + dy)];
  if (city === null) return wide;
  return [Math.min(wide[0], city[0]), Math.min(wide[1], city[1]), Math.max(wide[2], city[2]), Math.max(wide[3], city[3])];
}
