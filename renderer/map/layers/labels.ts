import type { Layer } from '@deck.gl/core';
import { MISSING_CODE } from '../../../native/contract/index.js';
import type { PlaceRole } from '../../../native/contract/index.js';
import { LabelCandidates, LABEL_PRIORITY } from '../label-placement.js';
import { deckId, needsFields, shownMask } from './layer-context.js';
import type { ConfigOf, LayerContext, LayerTypeSpec, LegendEntry } from './layer-context.js';
import { integer, select, slider } from './controls.js';

type Config = ConfigOf<'labels'>;

/** Communities and districts are where customers live; employers where they work. */
const roleOf: Record<Config['field'], PlaceRole> = { community: 'home', employer: 'work', district: 'home' };


export interface TopLabel {
  text: string;
  count: number;
  position: [number, number];
}

/** The `top` most frequent values among the shown places, each at the mean position of its places. */
export function topLabels(config: Config, ctx: LayerContext): TopLabel[] {
  const column = ctx.fields.get(config.field);
  if (column?.kind !== 'category') return [];
  const mask = shownMask(ctx, [roleOf[config.field]], config.filter);
  const n = column.labels.length;
  const count = new Uint32Array(n);
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  const pos = ctx.columns.positions;
  for (let i = 0; i < mask.length; i++) {
    const c = column.codes[i] ?? MISSING_CODE;
    if (mask[i] !== 1 || c === MISSING_CODE) continue;
    count[c] = (count[c] ?? 0) + 1;
    sx[c] = (sx[c] ?? 0) + (pos[2 * i] ?? 0);
    sy[c] = (sy[c] ?? 0) + (pos[2 * i + 1] ?? 0);
  }
  const order = Array.from({ length: n }, (_, c) => c)
    .filter((c) => (count[c] ?? 0) > 0)
    .sort((a, b) => (count[b] ?? 0) - (count[a] ?? 0) || (column.labels[a] ?? '').localeCompare(column.labels[b] ?? ''));
  return order.slice(0, config.top).map((c) => {
    const k = count[c] ?? 1;
    return { text: column.labels[c] ?? '', count: k, position: [(sx[c] ?? 0) / k, (sy[c] ?? 0) / k] };
  });
}

export const labels: LayerTypeSpec<Config> = {
  type: 'labels',
  controls: [select('labels', 'field', 'label-field', 'prop.labelField', 'place-field'), integer('labels', 'top', 'top', 'prop.top'), slider('labels', 'textSize', 'text-size', 'prop.textSize', 1)],
  defaults: (id, name) => ({ id, name, type: 'labels', visible: true, opacity: 1, field: 'community', top: 15, textSize: 13 }),
  render(config, ctx): Layer[] {
    // Placed with every other label of the map: the more places a name stands for, the sooner it is kept.
    // Below its point, clear of the count a grouped symbol writes on the point itself.
    const labels = topLabels(config, ctx).map((l, i) => ({
      key: `${config.id}:${i}`,
      text: l.text,
      position: l.position,
      size: config.textSize,
      color: [31, 41, 55] as const,
      priority: LABEL_PRIORITY.name + Math.min(l.count, 999_999) / 1e6,
      anchor: 'below' as const,
      offset: 13,
    }));
    return [new LabelCandidates({ id: deckId(config, 'text'), labels })];
  },
  legend(config, ctx): LegendEntry[] {
    const top = topLabels(config, ctx);
    return [{ label: ctx.t(`legend.labels.${config.field}`, { n: top.length }), color: [31, 41, 55], count: top.reduce((s, l) => s + l.count, 0), shape: 'text' }];
  },
  needs: (config) => needsFields(config.filter, config.field),
};
