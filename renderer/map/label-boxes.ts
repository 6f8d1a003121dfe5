import { boxAt } from './label-placement.js';
import type { PlacedLabel } from './label-placement.js';
import type { ScreenLabel } from './ketu-hook.js';
import { LABEL_FONT, mapLabelStyle } from './site-styles.js';

let measure: CanvasRenderingContext2D | null = null;

/** A text's width in CSS px as the browser sets it in the labels' font (not the placement's estimate). */
function measuredWidth(text: string, size: number): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (measure === null) return 0;
  measure.font = `${String(mapLabelStyle.fontWeight ?? 600)} ${size}px ${LABEL_FONT}`;
  return measure.measureText(text).width;
}

/**
 * The drawn labels' boxes on screen: each placed label's point projected by the map, its text measured by
 * the page's canvas. Independent of the placement's own width estimate, so a too-small estimate shows up as
 * overlapping boxes here.
 */
export function screenLabels(placed: readonly PlacedLabel[], project: (lngLat: readonly [number, number]) => { x: number; y: number }): ScreenLabel[] {
  return placed.map(({ label, anchor, position }) => {
    const p = project(position);
    const [x0, y0, x1, y1] = boxAt(label, p.x, p.y, measuredWidth(label.text, label.size), anchor);
    return { text: label.text, box: [x0, y0, x1, y1] };
  });
}
