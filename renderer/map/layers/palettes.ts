import type { Rgb } from './layer-context.js';

/*
 * Named palettes a layer config refers to (`palette: 'blues'`). Sequential ones are stops from light to dark,
 * interpolated to the number of classes; categorical ones are taken in order and repeat past their end.
 */

function hex(h: string): Rgb {
  const n = Number.parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const sequential: Record<string, readonly string[]> = {
  // Light enough that points drawn over a district stay readable (the choropleth's default).
  paleblues: ['#f4f8fc', '#dce9f5', '#c0d7ec', '#9dc1e1', '#78a8d2'],
  blues: ['#deebf7', '#9ecae1', '#4292c6', '#08519c', '#08306b'],
  greens: ['#e5f5e0', '#a1d99b', '#41ab5d', '#006d2c', '#00441b'],
  oranges: ['#fee6ce', '#fdae6b', '#f16913', '#a63603', '#7f2704'],
  reds: ['#fee0d2', '#fc9272', '#ef3b2c', '#a50f15', '#67000d'],
  purples: ['#efedf5', '#bcbddc', '#807dba', '#54278f', '#3f007d'],
  ylorrd: ['#ffffb2', '#fecc5c', '#fd8d3c', '#e31a1c', '#800026'],
  viridis: ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'],
};

const categorical: Record<string, readonly string[]> = {
  category10: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'],
  tableau10: ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'],
  dark2: ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'],
};

export const sequentialPalettes = Object.keys(sequential);
export const categoricalPalettes = Object.keys(categorical);

/** Places without a value, and the "other" class of a categorical legend. */
export const MISSING_COLOR: Rgb = [170, 170, 170];

function lerp(a: Rgb, b: Rgb, t: number): Rgb {
  return [Math.round(a[0] + (b[0] - a[0]) * t), Math.round(a[1] + (b[1] - a[1]) * t), Math.round(a[2] + (b[2] - a[2]) * t)];
}

/** `n` colours of a named palette; an unknown name falls back to blues (sequential) or category10. */
export function paletteColors(name: string, n: number): Rgb[] {
  const cat = categorical[name];
  if (cat !== undefined) return Array.from({ length: n }, (_, i) => hex(cat[i % cat.length] ?? '#000000'));
  const stops = (sequential[name] ?? sequential.blues ?? []).map(hex);
  if (n <= 1) return [stops[stops.length - 1] ?? [0, 0, 0]];
  return Array.from({ length: n }, (_, i) => {
    const at = (i / (n - 1)) * (stops.length - 1);
    const lo = Math.floor(at);
    const a = stops[lo] ?? [0, 0, 0];
    const b = stops[Math.min(lo + 1, stops.length - 1)] ?? a;
    return lerp(a, b, at - lo);
  });
}

export function isCategoricalPalette(name: string): boolean {
  return categorical[name] !== undefined;
}
