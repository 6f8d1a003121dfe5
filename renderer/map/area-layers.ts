import type { Layer, PickingInfo } from '@deck.gl/core';
import { PolygonLayer } from '@deck.gl/layers';
import { areaColor } from '../../native/contract/area-colors.js';
import type { Area, Opportunity } from '../../native/contract/methods.js';
import { circleLabelSpots, LabelCandidates, LABEL_PRIORITY } from './label-placement.js';
import type { MapLabel } from './label-placement.js';
import type { DrawnCircle } from './layers/layer-context.js';

type Rgb = [number, number, number];

const OPPORTUNITY_RGB: Rgb = [16, 150, 72];

/** A label's colour: its shape's, darkened so the text reads on the light fill. */
function darker([r, g, b]: Rgb): Rgb {
  return [Math.round(r * 0.7), Math.round(g * 0.7), Math.round(b * 0.7)];
}

export function hexToRgb(hex: string): Rgb {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m === null ? [37, 99, 235] : [parseInt(m[1] ?? '0', 16), parseInt(m[2] ?? '0', 16), parseInt(m[3] ?? '0', 16)];
}

/**
 * Where the name goes: a circle's top edge (rings share a centre, and 本案's own label sits there), else round
 * the circle where the top is taken (concentric circles each keep their name), clear of the discs; a polygon's
 * name at its vertex average, which suits the compact shapes planners draw.
 */
function areaLabelSpot(area: Area): Pick<MapLabel, 'position' | 'anchor' | 'offset' | 'alternatives' | 'clearOfSymbols'> {
  if (area.center !== null) {
    const [top, ...alternatives] = circleLabelSpots([area.center.lng, area.center.lat], area.ring);
    return { position: top?.position ?? [area.center.lng, area.center.lat], anchor: 'above', offset: 2, alternatives, clearOfSymbols: true };
  }
  const pts = area.ring.slice(0, -1);
  const n = Math.max(1, pts.length);
  return { position: [pts.reduce((s, p) => s + p[0], 0) / n, pts.reduce((s, p) => s + p[1], 0) / n], anchor: 'center', offset: 0 };
}

export interface AreaLayerOptions {
  byGrade: boolean;
  /** The area whose shape is being edited: drawn by terra-draw instead, so its handles stay clear. */
  editingId: number | null;
  selectedId: number | null;
  /** A click on an area, with where it landed [lng, lat]. */
  onPick?(areaId: number, at: readonly [number, number]): void;
}

/** An area's name as drawn on the map and listed in the legend: with its grade when it has one. */
function areaLabel(a: Pick<Area, 'name' | 'grade'>): string {
  return a.grade === null ? a.name : `${a.name} · ${a.grade}`;
}

/** The visible circle areas as the layers' context sees them (display coordinates, drawn colour). */
export function drawnCircles(areas: readonly Area[], byGrade: boolean): DrawnCircle[] {
  return areas.flatMap((a) => (a.hidden || a.center === null || a.radiusM === null ? [] : [{ name: areaLabel(a), lng: a.center.lng, lat: a.center.lat, radiusM: a.radiusM, color: hexToRgb(areaColor(a, byGrade)) }]));
}

/**
 * Saved areas as deck.gl layers under the points: a light fill, an outline (thicker when selected) and the
 * name. Drawing and editing handles live in MapLibre (terra-draw), so the area being edited is left out here.
 */
export function buildAreaLayers(areas: readonly Area[], opts: AreaLayerOptions): Layer[] {
  const shown = areas.filter((a) => !a.hidden && a.id !== opts.editingId);
  if (shown.length === 0) return [];
  const rgb = new Map(shown.map((a) => [a.id, hexToRgb(areaColor(a, opts.byGrade))]));
  const colour = (a: Area): Rgb => rgb.get(a.id) ?? [37, 99, 235];
  return [
    new PolygonLayer<Area>({
      id: 'ketu-areas',
      data: shown,
      getPolygon: (a) => a.ring,
      getFillColor: (a) => [...colour(a), a.id === opts.selectedId ? 70 : 45],
      getLineColor: (a) => [...colour(a), 230],
      getLineWidth: (a) => (a.id === opts.selectedId ? 3.5 : 2),
      lineWidthUnits: 'pixels',
      stroked: true,
      filled: true,
      pickable: opts.onPick !== undefined,
      onClick: (info: PickingInfo<Area>) => {
        const at = info.coordinate;
        if (info.object !== undefined && info.object !== null && at !== undefined) opts.onPick?.(info.object.id, [at[0] ?? 0, at[1] ?? 0]);
        return true;
      },
      updateTriggers: { getFillColor: [opts.selectedId, opts.byGrade], getLineColor: [opts.byGrade], getLineWidth: [opts.selectedId] },
    }),
    new LabelCandidates({
      id: 'ketu-areas-label',
      labels: shown.map((a) => ({
        key: `area:${a.id}`,
        text: areaLabel(a),
        ...areaLabelSpot(a),
        size: 14,
        color: darker(colour(a)),
        // The smaller of two circles is named first: its few spots are all near its centre, a larger one has room round it.
        priority: LABEL_PRIORITY.area + (a.radiusM === null ? 0 : 1 / (1 + a.radiusM / 1000)),
      })),
    }),
  ];
}

/** 机会战场 cells: dashed-looking green outlines with their count, so blank cells read as blank. */
export function buildOpportunityLayers(cells: readonly Opportunity[], selectedKey: string | null): Layer[] {
  if (cells.length === 0) return [];
  return [
    new PolygonLayer<Opportunity>({
      id: 'ketu-opportunities',
      data: cells,
      getPolygon: (c) => c.ring,
      getFillColor: (c) => [...OPPORTUNITY_RGB, c.key === selectedKey ? 90 : 35],
      getLineColor: [...OPPORTUNITY_RGB, 220],
      getLineWidth: (c) => (c.key === selectedKey ? 3 : 1.5),
      lineWidthUnits: 'pixels',
      stroked: true,
      filled: true,
      updateTriggers: { getFillColor: [selectedKey], getLineWidth: [selectedKey] },
    }),
    new LabelCandidates({
      id: 'ketu-opportunities-count',
      labels: cells.map((c) => ({
        key: `cell:${c.key}`,
        text: String(c.count),
        position: c.center,
        size: 12,
        color: darker(OPPORTUNITY_RGB),
        priority: LABEL_PRIORITY.count + c.count / 1e6,
        anchor: 'center' as const,
        offset: 0,
      })),
    }),
  ];
}
