import { CompositeLayer } from '@deck.gl/core';
import type { Layer } from '@deck.gl/core';
import { TextLayer } from '@deck.gl/layers';
import { mapLabelStyle } from './site-styles.js';

/*
 * Every name KeTu writes on the map (sites, top communities, counts, rings, areas) goes through one greedy
 * placement (MapLibre's symbol collision, done on the CPU): candidates in priority order, each kept only when
 * its box touches no box already kept. Boxes are in Web Mercator pixels at a zoom, so the result holds for any
 * pan and for every zoom above the one placed at (distances only grow); the map places again as it zooms.
 */

export type LabelRgb = readonly [number, number, number];

/** Where the text sits relative to its point. */
export type LabelAnchor = 'center' | 'right' | 'left' | 'above' | 'below';

export interface MapLabel {
  /** Unique among all candidates (layer id + item). */
  key: string;
  text: string;
  /** [lng, lat] in display coordinates (as drawn). */
  position: readonly [number, number];
  /** Text height in CSS px. */
  size: number;
  color: LabelRgb;
  /** Higher is placed first (and drawn last, on top): 本案 > 竞品 > areas > names by count > counts. */
  priority: number;
  anchor: LabelAnchor;
  /** CSS px between the point and the text in the anchor's direction (a symbol's radius and a gap). */
  offset: number;
  /** Shown only from this zoom on (counts at close zoom). */
  minZoom?: number;
  /** Other sides to try, in order, when `anchor`'s is taken. */
  alternatives?: readonly LabelAnchor[];
  /** Never left out (本案, 竞品): when no side is free it is drawn on its first side anyway, over lesser names' room. */
  always?: boolean;
}

/** [x0, y0, x1, y1] in Web Mercator pixels at the placement zoom (512 px tiles, as MapLibre). */
export type LabelBox = readonly [number, number, number, number];

export interface PlacedLabel {
  label: MapLabel;
  /** The side it was placed on. */
  anchor: LabelAnchor;
  box: LabelBox;
}

export const LABEL_PRIORITY = { project: 1000, competitor: 900, area: 800, ring: 700, name: 500, district: 300, count: 100 } as const;

/** Halo round each text (mapLabelStyle's outline) plus a hair of air, in CSS px. */
const HALO_PX = 3;

/** Advance of one character as a share of the text size: CJK glyphs are square, Latin and digits narrower. */
function charWidth(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0x2e80 || (c >= 0xff00 && c <= 0xffef)) return 1;
  if (ch === ' ') return 0.33;
  if (/[A-Z0-9]/.test(ch)) return 0.66;
  return 0.58;
}

/** Width of a text in CSS px, a shade generous so the drawn glyphs never outgrow the box. */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w * size;
}

/** Web Mercator pixel of [lng, lat] at `zoom`. */
export function worldPixel([lng, lat]: readonly [number, number], zoom: number): [number, number] {
  const scale = 512 * 2 ** zoom;
  const sin = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
  return [((lng + 180) / 360) * scale, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale];
}

/** The box a label covers round its point at (x, y) in pixels; `textPx` when the text was measured. */
export function boxAt(label: MapLabel, x: number, y: number, textPx = textWidth(label.text, label.size), anchor = label.anchor): LabelBox {
  const w = textPx + 2 * HALO_PX;
  const h = label.size * 1.25 + 2 * HALO_PX;
  switch (anchor) {
    case 'center':
      return [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
    case 'right':
      return [x + label.offset - HALO_PX, y - h / 2, x + label.offset - HALO_PX + w, y + h / 2];
    case 'left':
      return [x - label.offset + HALO_PX - w, y - h / 2, x - label.offset + HALO_PX, y + h / 2];
    case 'above':
      return [x - w / 2, y - label.offset - h + HALO_PX, x + w / 2, y - label.offset + HALO_PX];
    case 'below':
      return [x - w / 2, y + label.offset - HALO_PX, x + w / 2, y + label.offset - HALO_PX + h];
  }
}

export function boxesOverlap(a: LabelBox, b: LabelBox): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

const CELL = 128;

/** The candidates that fit at `zoom`, highest priority first; ties go to the larger count (longer list order). */
export function placeLabels(candidates: readonly MapLabel[], zoom: number): PlacedLabel[] {
  const order = candidates
    .map((label, i) => ({ label, i }))
    .filter((c) => c.label.text !== '' && (c.label.minZoom === undefined || zoom >= c.label.minZoom))
    .sort((a, b) => b.label.priority - a.label.priority || a.i - b.i);
  const grid = new Map<string, LabelBox[]>();
  const cells = (b: LabelBox): string[] => {
    const out: string[] = [];
    for (let cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) for (let cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) out.push(`${cx},${cy}`);
    return out;
  };
  const placed: PlacedLabel[] = [];
  const free = (box: LabelBox): boolean => !cells(box).some((k) => grid.get(k)?.some((other) => boxesOverlap(box, other)) === true);
  for (const { label } of order) {
    const [x, y] = worldPixel(label.position, zoom);
    const sides = [label.anchor, ...(label.alternatives ?? [])];
    let chosen: { anchor: LabelAnchor; box: LabelBox } | null = null;
    for (const anchor of sides) {
      const box = boxAt(label, x, y, undefined, anchor);
      if (free(box)) {
        chosen = { anchor, box };
        break;
      }
    }
    if (chosen === null && label.always === true) chosen = { anchor: label.anchor, box: boxAt(label, x, y) };
    if (chosen === null) continue;
    for (const k of cells(chosen.box)) {
      const list = grid.get(k);
      if (list === undefined) grid.set(k, [chosen.box]);
      else list.push(chosen.box);
    }
    placed.push({ label, ...chosen });
  }
  return placed;
}

/** Placement is redone every quarter zoom level, rounded down so a kept label never grows into a neighbour. */
export function placementZoom(zoom: number): number {
  return Math.floor(zoom * 4) / 4;
}

const textAnchor: Record<LabelAnchor, 'middle' | 'start' | 'end'> = { center: 'middle', right: 'start', left: 'end', above: 'middle', below: 'middle' };
const baseline: Record<LabelAnchor, 'center' | 'bottom' | 'top'> = { center: 'center', right: 'center', left: 'center', above: 'bottom', below: 'top' };

function pixelOffset(anchor: LabelAnchor, offset: number): [number, number] {
  if (anchor === 'right') return [offset, 0];
  if (anchor === 'left') return [-offset, 0];
  if (anchor === 'above') return [0, -offset];
  if (anchor === 'below') return [0, offset];
  return [0, 0];
}

export const PLACED_LABELS_LAYER_ID = 'ketu-labels';

/** The placed labels as one text layer, lowest priority first so 本案 and 竞品 draw last, on top, with a halo. */
export function buildLabelLayer(placed: readonly PlacedLabel[]): TextLayer<PlacedLabel> {
  const data = [...placed].reverse();
  return new TextLayer<PlacedLabel>({
    id: PLACED_LABELS_LAYER_ID,
    data,
    getPosition: (p) => [p.label.position[0], p.label.position[1]],
    getText: (p) => p.label.text,
    getSize: (p) => p.label.size,
    sizeUnits: 'pixels',
    getColor: (p) => [...p.label.color, 255],
    getTextAnchor: (p) => textAnchor[p.anchor],
    getAlignmentBaseline: (p) => baseline[p.anchor],
    getPixelOffset: (p) => pixelOffset(p.anchor, p.label.offset),
    ...mapLabelStyle,
    pickable: false,
  });
}

interface CandidatesProps {
  labels: readonly MapLabel[];
}

/**
 * A layer's label candidates, handed to the map in its layer list: it draws nothing itself; the map (and the
 * render page) gathers every such layer, places all candidates together and draws the placed ones on top.
 */
export class LabelCandidates extends CompositeLayer<CandidatesProps> {
  static override layerName = 'LabelCandidates';
  override renderLayers(): Layer[] {
    return [];
  }
}

/** Splits a layer list into the layers to draw and the label candidates they carry. */
export function splitLabels(layers: readonly Layer[]): { layers: Layer[]; labels: MapLabel[] } {
  const out: Layer[] = [];
  const labels: MapLabel[] = [];
  for (const l of layers) {
    if (l instanceof LabelCandidates) labels.push(...l.props.labels);
    else out.push(l);
  }
  return { layers: out, labels };
}
