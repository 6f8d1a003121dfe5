import { CompositeLayer } from '@deck.gl/core';
import type { Layer } from '@deck.gl/core';
import { TextLayer } from '@deck.gl/layers';
import { mapLabelStyle } from './site-styles.js';

/*
 * Every name KeTu writes on the map (sites, top communities, counts, rings, areas) goes through one greedy
 * placement (MapLibre's symbol collision, done on the CPU): candidates in priority order, each kept only when
 * its box touches no box already kept, from this zoom until a quarter level in (apartFromNowOn), where the
 * map places again. Boxes are in Web Mercator pixels at a zoom, so the result holds for any pan.
 */

export type LabelRgb = readonly [number, number, number];

/** Where the text sits relative to its point. */
export type LabelAnchor = 'center' | 'right' | 'left' | 'above' | 'below';

/** Another place to try for a label: a side of its own point, or of another point (along a ring). */
export interface LabelSpot {
  anchor: LabelAnchor;
  /** [lng, lat] in display coordinates; the label's own position when absent. */
  position?: readonly [number, number];
}

/** Discs drawn on the map (grouped symbols, 本案 and 竞品): what ring and area names keep off. */
export interface SymbolDiscs {
  /** [lng, lat] pairs in display coordinates. */
  positions: ArrayLike<number>;
  /** Radius of each disc in CSS px, its rim included. */
  radii: ArrayLike<number>;
}

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
  /** Other spots to try, in order, when `anchor`'s is taken. */
  alternatives?: readonly LabelSpot[];
  /**
   * Kept off place symbols when any spot allows (ring and area names, which stand on no symbol of their own and
   * would otherwise land on whatever disc lies at a circle's top); on a symbol only when every spot is covered.
   */
  clearOfSymbols?: boolean;
  /** Never left out (本案, 竞品): when no side is free it is drawn on its first side anyway, over lesser names' room. */
  always?: boolean;
}

/** [x0, y0, x1, y1] in Web Mercator pixels at the placement zoom (512 px tiles, as MapLibre). */
export type LabelBox = readonly [number, number, number, number];

export interface PlacedLabel {
  label: MapLabel;
  /** The side it was placed on. */
  anchor: LabelAnchor;
  /** The point it was placed at: the label's own or an alternative spot's. */
  position: readonly [number, number];
  box: LabelBox;
}

export const LABEL_PRIORITY = { project: 1000, competitor: 900, area: 800, ring: 700, name: 500, district: 300, count: 100 } as const;

/** Halo round each text (mapLabelStyle's outline) plus a hair of air, in CSS px. */
const HALO_PX = 3;

/**
 * Advance of one character as a share of the text size, at least what Noto Sans CJK SC (the labels' font
 * where the bundled one is missing) gives at weight 600: CJK glyphs and the CJK font's ·, —, … are square,
 * m, w, M, W and % nearly so, capitals and digits up to 0.77, lower case up to 0.64.
 */
function charWidth(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0x2e80 || (c >= 0xff00 && c <= 0xffef) || c === 0xb7 || (c >= 0x2010 && c <= 0x2027) || /[mwMW%]/.test(ch)) return 1;
  if (ch === ' ') return 0.33;
  if (/[A-Z0-9]/.test(ch)) return 0.78;
  if (/[a-z]/.test(ch)) return 0.66;
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

/** A box with the point it hangs from, both in world pixels at the placement zoom. */
interface Placed {
  box: LabelBox;
  x: number;
  y: number;
}

/** Placements per zoom level (placementZoom), and how far in the map zooms before it places again, as a scale. */
const STEPS_PER_ZOOM = 4;
const STEP_SCALE = 2 ** (1 / STEPS_PER_ZOOM);

/**
 * The open range of scales s at which two intervals hanging from points d apart overlap along one axis:
 * zooming in by s moves the points apart (d·s) while the intervals [a0, a1], [b0, b1] (relative to their
 * points) keep their length. They overlap while b0 - a1 < d·s < b1 - a0.
 */
function overlapScales(d: number, a0: number, a1: number, b0: number, b1: number): [number, number] {
  if (d === 0) return b0 - a1 < 0 && 0 < b1 - a0 ? [-Infinity, Infinity] : [Infinity, -Infinity];
  const p = (b0 - a1) / d;
  const q = (b1 - a0) / d;
  return d > 0 ? [p, q] : [q, p];
}

/**
 * Whether two boxes stay apart from this zoom until the map places again a quarter level in (s in [1, 2^¼)):
 * points move apart as the map zooms in while boxes keep their size, so two names reaching across each other
 * (a name right of a point left of another's point, the other's name to its left) may slide over each other.
 */
function apartFromNowOn(a: Placed, b: Placed): boolean {
  const [px, qx] = overlapScales(a.x - b.x, a.box[0] - a.x, a.box[2] - a.x, b.box[0] - b.x, b.box[2] - b.x);
  const [py, qy] = overlapScales(a.y - b.y, a.box[1] - a.y, a.box[3] - a.y, b.box[1] - b.y, b.box[3] - b.y);
  return Math.max(px, py, 1) >= Math.min(qx, qy, STEP_SCALE);
}

/** A grid of boxes in CELL-sized buckets: what a new box may not touch. */
class BoxGrid {
  private readonly cells = new Map<number, Placed[]>();
  private static keys(b: LabelBox): number[] {
    const out: number[] = [];
    // One number per cell; past zoom 18 two far-apart cells may share one, which costs a comparison, never a miss.
    for (let cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) for (let cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) out.push(cy * 2 ** 21 + cx);
    return out;
  }
  add(p: Placed): void {
    for (const k of BoxGrid.keys(p.box)) {
      const list = this.cells.get(k);
      if (list === undefined) this.cells.set(k, [p]);
      else list.push(p);
    }
  }
  free(p: Placed): boolean {
    return !BoxGrid.keys(p.box).some((k) => this.cells.get(k)?.some((other) => !apartFromNowOn(p, other)) === true);
  }
}

/** The discs' boxes at `zoom`. */
function symbolGrid(symbols: readonly SymbolDiscs[], zoom: number): BoxGrid {
  const grid = new BoxGrid();
  for (const s of symbols) {
    for (let i = 0; i < s.radii.length; i++) {
      const r = s.radii[i] ?? 0;
      const [x, y] = worldPixel([s.positions[2 * i] ?? 0, s.positions[2 * i + 1] ?? 0], zoom);
      grid.add({ box: [x - r, y - r, x + r, y + r], x, y });
    }
  }
  return grid;
}

/**
 * The candidates that fit at `zoom`, highest priority first; ties go to the larger count (longer list order).
 * `symbols` are the discs drawn under the labels, kept clear by the labels that ask (`clearOfSymbols`).
 */
export function placeLabels(candidates: readonly MapLabel[], zoom: number, symbols: readonly SymbolDiscs[] = []): PlacedLabel[] {
  const order = candidates
    .map((label, i) => ({ label, i }))
    .filter((c) => c.label.text !== '' && (c.label.minZoom === undefined || zoom >= c.label.minZoom))
    .sort((a, b) => b.label.priority - a.label.priority || a.i - b.i);
  const taken = new BoxGrid();
  // Built on first need: most maps have no ring or area name to keep clear.
  let discs: BoxGrid | null = null;
  const placed: PlacedLabel[] = [];
  for (const { label } of order) {
    const spots = [{ anchor: label.anchor, position: label.position }, ...(label.alternatives ?? []).map((s) => ({ anchor: s.anchor, position: s.position ?? label.position }))].map((s) => {
      const [x, y] = worldPixel(s.position, zoom);
      return { ...s, x, y, box: boxAt(label, x, y, undefined, s.anchor) };
    });
    const open = spots.filter((s) => taken.free(s));
    let chosen = open[0];
    if (label.clearOfSymbols === true && open.length > 1) {
      discs ??= symbolGrid(symbols, zoom);
      const grid = discs;
      chosen = open.find((s) => grid.free(s)) ?? chosen;
    }
    if (chosen === undefined && label.always === true) chosen = spots[0];
    if (chosen === undefined) continue;
    taken.add(chosen);
    placed.push({ label, anchor: chosen.anchor, position: chosen.position, box: chosen.box });
  }
  return placed;
}

/**
 * Spots for the name of a circle (a ring round 本案, a circle area) round `centre`: where its outline meets
 * the top first, then round it clockwise and anticlockwise by turns, the text always outside the circle.
 * `ring` is the circle as a closed lng/lat path.
 */
export function circleLabelSpots(centre: readonly [number, number], ring: ReadonlyArray<readonly [number, number]>): Array<Required<LabelSpot>> {
  const k = Math.cos((centre[1] * Math.PI) / 180);
  const bearings = [0, 30, -30, 60, -60, 90, -90, 120, -120, 150, -150, 180];
  return bearings.map((deg) => {
    const a = (deg * Math.PI) / 180;
    // The ring's vertex whose direction from the centre is closest to the bearing.
    let best: readonly [number, number] = ring[0] ?? centre;
    let bestDot = -Infinity;
    for (const p of ring) {
      const dx = (p[0] - centre[0]) * k;
      const dy = p[1] - centre[1];
      const dot = (dx * Math.sin(a) + dy * Math.cos(a)) / (Math.hypot(dx, dy) || 1);
      if (dot > bestDot) {
        bestDot = dot;
        best = p;
      }
    }
    const anchor: LabelAnchor = deg === 0 ? 'above' : deg === 180 ? 'below' : deg > 0 ? 'right' : 'left';
    return { anchor, position: [best[0], best[1]] };
  });
}

/** Placement is redone every quarter zoom level, rounded down so a kept label never grows into a neighbour. */
export function placementZoom(zoom: number): number {
  return Math.floor(zoom * STEPS_PER_ZOOM) / STEPS_PER_ZOOM;
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
    getPosition: (p) => [p.position[0], p.position[1]],
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
  /** The layer's discs that ring and area names keep clear of. */
  symbols?: SymbolDiscs;
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

/** Splits a layer list into the layers to draw and the label candidates (and symbols to keep clear) they carry. */
export function splitLabels(layers: readonly Layer[]): { layers: Layer[]; labels: MapLabel[]; symbols: SymbolDiscs[] } {
  const out: Layer[] = [];
  const labels: MapLabel[] = [];
  const symbols: SymbolDiscs[] = [];
  for (const l of layers) {
    if (l instanceof LabelCandidates) {
      labels.push(...l.props.labels);
      if (l.props.symbols !== undefined) symbols.push(l.props.symbols);
    } else out.push(l);
  }
  return { layers: out, labels, symbols };
}
