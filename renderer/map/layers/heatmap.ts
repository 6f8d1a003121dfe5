import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { deckId, needsFields, shownMask } from './layer-context.js';
import type { ConfigOf, LayerContext, LayerTypeSpec, LegendEntry, Rgb } from './layer-context.js';
import { paletteColors } from './palettes.js';
import { positionAttribute } from './point-layer.js';
import { rolesControl, slider } from './controls.js';

type Config = ConfigOf<'heatmap'>;

/** Light yellow to dark red: reads as "more" in print and on screen. */
export const heatColors: Rgb[] = paletteColors('ylorrd', 6);

/** Weight 1 for a shown place, 0 otherwise: the filter changes this buffer, never the positions. */
function weights(config: Config, ctx: LayerContext): Float32Array {
  const mask = shownMask(ctx, config.roles, config.filter);
  const out = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] ?? 0;
  return out;
}

export const heatmap: LayerTypeSpec<Config> = {
  type: 'heatmap',
  controls: [rolesControl('heatmap'), slider('heatmap', 'radiusPixels', 'radius', 'prop.radius', 1), slider('heatmap', 'intensity', 'intensity', 'prop.intensity', 0.1)],
  defaults: (id, name) => ({ id, name, type: 'heatmap', visible: true, opacity: 0.75, roles: ['home'], radiusPixels: 30, intensity: 1 }),
  render(config, ctx): Layer[] {
    const w = weights(config, ctx);
    return [
      new HeatmapLayer({
        id: deckId(config, 'heat'),
        data: { length: ctx.columns.count, attributes: { getPosition: positionAttribute(ctx.columns.positions), getWeight: { value: w, size: 1 } } },
        opacity: config.opacity,
        radiusPixels: config.radiusPixels,
        intensity: config.intensity,
        colorRange: heatColors.map(([r, g, b]) => [r, g, b, 255]),
        aggregation: 'SUM',
        pickable: false,
        updateTriggers: { getWeight: w },
      }),
    ];
  },
  legend(config, ctx): LegendEntry[] {
    let n = 0;
    for (const v of shownMask(ctx, config.roles, config.filter)) n += v;
    const low = heatColors[0] ?? [255, 255, 178];
    const high = heatColors[heatColors.length - 1] ?? [128, 0, 38];
    return [
      { label: ctx.t('legend.heatLow'), color: low, count: null, shape: 'square' },
      { label: ctx.t('legend.heatHigh'), color: high, count: null, shape: 'square' },
      { label: ctx.t('legend.places'), color: high, count: n, shape: 'text' },
    ];
  },
  needs: (config) => needsFields(config.filter),
};
