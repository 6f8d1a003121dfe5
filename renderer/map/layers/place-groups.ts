import { ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { MISSING_CODE, placeRoles } from '../../../native/contract/index.js';
import type { FieldColumn, LayerConfig, PlaceRole } from '../../../native/contract/index.js';
import { LabelCandidates, LABEL_PRIORITY } from '../label-placement.js';
import type { MapLabel } from '../label-placement.js';
import { deckId } from './layer-context.js';
import { setPickResolver } from './pick-places.js';
import type { LayerContext, LegendEntry, OptionLabel, Rgb } from './layer-context.js';

/*
 * Grouped symbols (issue: 3,000 homes read as 60 dots because a community's customers stack on one spot):
 * the shown places of one community (homes) or one employer (work) become one disc at their mean position,
 * its area proportional to their count (radius ∝ √count), the count written inside at close zoom. Places
 * without a name (and leisure places) stay single discs.
 */

/** The name field that groups each role's places. */
export const groupField: Partial<Record<PlaceRole, 'community' | 'employer'>> = { home: 'community', work: 'employer' };

export interface PlaceGroups {
  /** Display [lng, lat] per group, biggest group first (drawn first, so small ones stay on top). */
  positions: Float32Array;
  counts: Uint32Array;
  /** RGBA per group: the colour of its first place. */
  colors: Uint8Array;
  /** Role code per group. */
  roles: Uint8Array;
  /** Name per group ('' for a single unnamed place). */
  names: string[];
  /** Group of each place (index into the arrays above), -1 when the place is not shown. */
  groupOf: Int32Array;
  maxCount: number;
}

/** Groups the shown places (alpha > 0 in `colors`, RGBA per place) by role and community/employer name. */
export function groupPlaces(ctx: Pick<LayerContext, 'columns' | 'fields'>, colors: Uint8Array): PlaceGroups {
  const { count, positions, roles } = ctx.columns;
  const nameColumn = (role: number): FieldColumn | undefined => {
    const f = groupField[placeRoles[role] ?? 'leisure'];
    return f === undefined ? undefined : ctx.fields.get(f);
  };
  const columns = [0, 1, 2].map(nameColumn);
  const byKey = new Map<number, number>();
  const groupOfPlace = new Int32Array(count).fill(-1);
  const sx: number[] = [];
  const sy: number[] = [];
  const n: number[] = [];
  const first: number[] = [];
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if ((colors[i * 4 + 3] ?? 0) === 0) continue;
    const role = roles[i] ?? 0;
    const column = columns[role];
    const code = column?.kind === 'category' ? (column.codes[i] ?? MISSING_CODE) : MISSING_CODE;
    // Named places share a key per role and name; an unnamed place is a group of its own.
    const key = code === MISSING_CODE ? -(i + 1) : code * 4 + role;
    let g = byKey.get(key);
    if (g === undefined) {
      g = n.length;
      byKey.set(key, g);
      sx.push(0);
      sy.push(0);
      n.push(0);
      first.push(i);
      names.push(code === MISSING_CODE || column?.kind !== 'category' ? '' : (column.labels[code] ?? ''));
    }
    groupOfPlace[i] = g;
    sx[g] = (sx[g] ?? 0) + (positions[2 * i] ?? 0);
    sy[g] = (sy[g] ?? 0) + (positions[2 * i + 1] ?? 0);
    n[g] = (n[g] ?? 0) + 1;
  }
  // Biggest first; at equal size workplaces first, so homes draw over them.
  const order = n.map((_, g) => g).sort((a, b) => (n[b] ?? 0) - (n[a] ?? 0) || (roles[first[b] ?? 0] ?? 0) - (roles[first[a] ?? 0] ?? 0) || a - b);
  const rank = new Int32Array(order.length);
  order.forEach((g, r) => (rank[g] = r));
  const out: PlaceGroups = {
    positions: new Float32Array(order.length * 2),
    counts: new Uint32Array(order.length),
    colors: new Uint8Array(order.length * 4),
    roles: new Uint8Array(order.length),
    names: new Array<string>(order.length),
    groupOf: groupOfPlace.map((g) => (g < 0 ? -1 : (rank[g] ?? -1))),
    maxCount: 0,
  };
  order.forEach((g, r) => {
    const k = n[g] ?? 1;
    const f = first[g] ?? 0;
    out.positions[2 * r] = (sx[g] ?? 0) / k;
    out.positions[2 * r + 1] = (sy[g] ?? 0) / k;
    out.counts[r] = k;
    for (let j = 0; j < 4; j++) out.colors[4 * r + j] = colors[4 * f + j] ?? 0;
    out.roles[r] = roles[f] ?? 0;
    out.names[r] = names[g] ?? '';
    out.maxCount = Math.max(out.maxCount, k);
  });
  return out;
}

/** The largest disc a group may get, in CSS px: bigger would hide whole districts. */
export const MAX_GROUP_RADIUS = 26;

/**
 * Radius of a group of `count` places: √count × the layer's radius (area ∝ count), shrunk by one factor for
 * every group of the layer when the largest would pass MAX_GROUP_RADIUS, so sizes stay comparable.
 */
export function groupRadius(count: number, base: number, maxCount: number): number {
  const shrink = Math.min(1, MAX_GROUP_RADIUS / (base * Math.sqrt(Math.max(1, maxCount))));
  return Math.max(1.5, base * Math.sqrt(count) * shrink);
}

const GROUPS_PART = 'groups';

/** Whether a deck.gl layer id is a layer's grouped discs. */
export function isGroupLayerId(id: string): boolean {
  return id.endsWith(`:${GROUPS_PART}`);
}

/** Counts written inside their disc from this zoom on (street level, where the discs stand apart). */
export const COUNT_LABEL_MIN_ZOOM = 13;

export function groupedLayers(config: LayerConfig & { radiusPixels: number }, groups: PlaceGroups): Layer[] {
  const radii = new Float32Array(groups.counts.length);
  groups.counts.forEach((c, g) => (radii[g] = groupRadius(c, config.radiusPixels, groups.maxCount)));
  const labels: MapLabel[] = [];
  groups.counts.forEach((c, g) => {
    if (c < 2) return;
    labels.push({
      key: `${config.id}:count:${g}`,
      text: String(c),
      position: [groups.positions[2 * g] ?? 0, groups.positions[2 * g + 1] ?? 0],
      size: 11,
      color: [17, 24, 39],
      priority: LABEL_PRIORITY.count + c / 1e6,
      anchor: 'center',
      offset: 0,
      minZoom: COUNT_LABEL_MIN_ZOOM,
    });
  });
  // A disc stands for every place of its group: the map lists them when it is clicked.
  setPickResolver(deckId(config, GROUPS_PART), (g) => {
    const out: number[] = [];
    groups.groupOf.forEach((v, i) => {
      if (v === g) out.push(i);
    });
    return out;
  });
  return [
    new ScatterplotLayer({
      id: deckId(config, GROUPS_PART),
      data: {
        length: groups.counts.length,
        attributes: {
          getPosition: { value: groups.positions, size: 2 },
          getFillColor: { value: groups.colors, size: 4, normalized: true },
          getRadius: { value: radii, size: 1 },
        },
      },
      opacity: config.opacity,
      radiusUnits: 'pixels',
      radiusMinPixels: 1,
      // A white rim keeps overlapping discs apart.
      stroked: true,
      getLineColor: [255, 255, 255, 230],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      filled: true,
      pickable: true,
      updateTriggers: { getFillColor: groups.colors, getRadius: radii },
    }),
    // The discs with their white rim: ring and area names keep off them.
    new LabelCandidates({ id: deckId(config, 'group-counts'), labels, symbols: { positions: groups.positions, radii: radii.map((r) => r + 1) } }),
  ];
}

/** Legend rows that say what a disc's size means: three reference sizes with their counts. */
export function groupSizeLegend(groups: PlaceGroups, base: number, color: Rgb, t: LayerContext['t']): LegendEntry[] {
  if (groups.maxCount < 2) return [];
  const max = groups.maxCount;
  const steps = [...new Set([1, Math.max(2, Math.round(max / 10)), max])].sort((a, b) => a - b);
  const largest = groupRadius(max, base, max);
  return steps.map((n) => ({ label: t('legend.groupSize', { n }), color, count: null, shape: 'dot' as const, size: groupRadius(n, base, max) / largest }));
}

/** A point layer's deck layers: one dot per place, or grouped symbols when its config asks for them. */
export function placeSymbolLayers(config: LayerConfig & { roles: readonly PlaceRole[]; radiusPixels: number; symbols?: 'points' | 'grouped' | undefined }, ctx: LayerContext, colors: Uint8Array, points: () => Layer): Layer[] {
  return config.symbols === 'grouped' ? groupedLayers(config, groupPlaces(ctx, colors)) : [points()];
}

/** The name columns grouping needs for these roles. */
export function groupNeeds(config: { roles: readonly PlaceRole[]; symbols?: 'points' | 'grouped' | undefined }): string[] {
  if (config.symbols !== 'grouped') return [];
  return config.roles.flatMap((r) => groupField[r] ?? []);
}

/** 逐点 / 按小区·单位合并: how the symbols select names its two modes. */
export const symbolLabel: OptionLabel = (value, t) => t(value === 'grouped' ? 'prop.symbols.grouped' : 'prop.symbols.points');
