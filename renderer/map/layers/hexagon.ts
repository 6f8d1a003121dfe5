import { ColumnLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { PlaceColumns } from '../../../native/contract/index.js';
import { classBreaks, classLabel, classOf } from './classify.js';
import { deckId, needsFields, shownMask } from './layer-context.js';
import type { ConfigOf, LayerTypeSpec, LegendEntry, Rgb } from './layer-context.js';
import { paletteColors } from './palettes.js';
import { rolesControl, slider } from './controls.js';

type Config = ConfigOf<'hexagon'>;

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG_EQ = 111_320;
const CLASSES = 6;
export const hexColors: Rgb[] = paletteColors('oranges', CLASSES);

/** Hexagon bins: centres (lng, lat) and the number of shown places in each. */
export interface HexBins {
  count: number;
  centres: Float32Array;
  counts: Uint32Array;
}

/**
 * Pointy-top hexagons of circumradius `radiusM` metres, laid out in a local equirectangular plane at the
 * places' mean latitude (d3-hexbin's layout). Done here rather than by deck.gl's HexagonLayer so the
 * legend counts are exactly the counts drawn, computed without WebGL.
 */
export function hexBins(columns: PlaceColumns, shown: Uint8Array, radiusM: number): HexBins {
  const { positions, count } = columns;
  let latSum = 0;
  let n = 0;
  for (let i = 0; i < count; i++) {
    if (shown[i] !== 1) continue;
    latSum += positions[2 * i + 1] ?? 0;
    n++;
  }
  const lat0 = n === 0 ? 0 : latSum / n;
  const kx = M_PER_DEG_LNG_EQ * Math.cos((lat0 * Math.PI) / 180);
  const dx = radiusM * Math.sqrt(3);
  const dy = radiusM * 1.5;
  const bins = new Map<string, { i: number; j: number; n: number }>();
  for (let k = 0; k < count; k++) {
    if (shown[k] !== 1) continue;
    const py = ((positions[2 * k + 1] ?? 0) * M_PER_DEG_LAT) / dy;
    let pj = Math.round(py);
    const px = ((positions[2 * k] ?? 0) * kx) / dx - (pj & 1) / 2;
    let pi = Math.round(px);
    const py1 = py - pj;
    // Near a row boundary the point may belong to the neighbouring row's hexagon (d3-hexbin's layout).
    if (Math.abs(py1) * 3 > 1) {
      const px1 = px - pi;
      const pi2 = pi + (px < pi ? -1 : 1) / 2;
      const pj2 = pj + (py < pj ? -1 : 1);
      const px2 = px - pi2;
      const py2 = py - pj2;
      // Compared in metres (d3-hexbin compares in cell units, which misplaces some points near edges).
      if ((px1 * dx) ** 2 + (py1 * dy) ** 2 > (px2 * dx) ** 2 + (py2 * dy) ** 2) {
        pi = pi2 + ((pj & 1) !== 0 ? 1 : -1) / 2;
        pj = pj2;
      }
    }
    const key = `${pi},${pj}`;
    const bin = bins.get(key);
    if (bin === undefined) bins.set(key, { i: pi, j: pj, n: 1 });
    else bin.n++;
  }
  const out: HexBins = { count: bins.size, centres: new Float32Array(bins.size * 2), counts: new Uint32Array(bins.size) };
  let b = 0;
  for (const { i, j, n: c } of bins.values()) {
    out.centres[2 * b] = ((i + (j & 1) / 2) * dx) / kx;
    out.centres[2 * b + 1] = (j * dy) / M_PER_DEG_LAT;
    out.counts[b] = c;
    b++;
  }
  return out;
}

function classify(bins: HexBins): { breaks: ReturnType<typeof classBreaks>; classOfBin: Uint8Array } {
  const sorted = Float64Array.from(bins.counts).sort();
  const breaks = classBreaks(sorted, 'quantile', CLASSES);
  const classOfBin = new Uint8Array(bins.count);
  for (let b = 0; b < bins.count; b++) classOfBin[b] = classOf(breaks.breaks, bins.counts[b] ?? 0);
  return { breaks, classOfBin };
}

/** Spread the classes over the whole ramp, so 3 classes still run light to dark. */
function rampColor(c: number, classes: number): Rgb {
  const k = classes <= 1 ? CLASSES - 1 : Math.round((c * (CLASSES - 1)) / (classes - 1));
  return hexColors[k] ?? [0, 0, 0];
}

export const hexagon: LayerTypeSpec<Config> = {
  type: 'hexagon',
  controls: [rolesControl('hexagon'), slider('hexagon', 'radiusM', 'radius-m', 'prop.radiusM', 50)],
  defaults: (id, name) => ({ id, name, type: 'hexagon', visible: true, opacity: 0.8, roles: ['home'], radiusM: 1000 }),
  render(config, ctx): Layer[] {
    const bins = hexBins(ctx.columns, shownMask(ctx, config.roles, config.filter), config.radiusM);
    const { breaks, classOfBin } = classify(bins);
    const classes = breaks.breaks.length + 1;
    const colors = new Uint8Array(bins.count * 4);
    for (let b = 0; b < bins.count; b++) colors.set([...rampColor(classOfBin[b] ?? 0, classes), 255], b * 4);
    return [
      new ColumnLayer({
        id: deckId(config, 'hex'),
        data: { length: bins.count, attributes: { getPosition: { value: bins.centres, size: 2 }, getFillColor: { value: colors, size: 4, normalized: true } } },
        diskResolution: 6,
        // 90°: a vertex points north, matching the pointy-top layout above.
        angle: 90,
        radius: config.radiusM,
        coverage: 0.95,
        extruded: false,
        opacity: config.opacity,
        pickable: false,
        updateTriggers: { getFillColor: colors },
      }),
    ];
  },
  legend(config, ctx): LegendEntry[] {
    const bins = hexBins(ctx.columns, shownMask(ctx, config.roles, config.filter), config.radiusM);
    const { breaks, classOfBin } = classify(bins);
    const classes = breaks.breaks.length + 1;
    if (bins.count === 0) return [];
    const places = new Array<number>(classes).fill(0);
    const cells = new Array<number>(classes).fill(0);
    for (let b = 0; b < bins.count; b++) {
      const c = classOfBin[b] ?? 0;
      places[c] = (places[c] ?? 0) + (bins.counts[b] ?? 0);
      cells[c] = (cells[c] ?? 0) + 1;
    }
    const fmt = (v: number): string => String(Math.round(v));
    return Array.from({ length: classes }, (_, c) => ({
      label: ctx.t('legend.hexClass', { range: classLabel(breaks, c, fmt), cells: cells[c] ?? 0 }),
      color: rampColor(c, classes),
      count: places[c] ?? 0,
      shape: 'square' as const,
    }));
  },
  needs: (config) => needsFields(config.filter),
};
