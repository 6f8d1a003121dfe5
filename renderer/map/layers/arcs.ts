import { ArcLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { filterMask } from '../filter-mask.js';
import { deckId, needsFields, pairKey } from './layer-context.js';
import type { ConfigOf, LayerContext, LayerTypeSpec, LegendEntry } from './layer-context.js';
import { roleKeys } from '../../i18n/role-labels.js';
import { roleColors } from './places-role.js';
import { roleLabel, select, slider } from './controls.js';

type Config = ConfigOf<'arcs'>;

/** Source and target positions of the pairs whose both ends pass the map's and the layer's filters. */
export function keptArcs(config: Config, ctx: LayerContext): { count: number; sources: Float32Array; targets: Float32Array } {
  const pairs = ctx.pairs.get(pairKey(config.from, config.to));
  if (pairs === undefined) return { count: 0, sources: new Float32Array(0), targets: new Float32Array(0) };
  const own = filterMask(ctx.columns.count, ctx.fields, config.filter);
  const map = ctx.mapMask;
  const pass = (i: number): boolean => (map === null || map[i] === 1) && (own === null || own[i] === 1);
  const pos = ctx.columns.positions;
  const sources = new Float32Array(pairs.from.length * 2);
  const targets = new Float32Array(pairs.from.length * 2);
  let n = 0;
  for (let k = 0; k < pairs.from.length; k++) {
    const a = pairs.from[k] ?? 0;
    const b = pairs.to[k] ?? 0;
    if (!pass(a) || !pass(b)) continue;
    sources[2 * n] = pos[2 * a] ?? 0;
    sources[2 * n + 1] = pos[2 * a + 1] ?? 0;
    targets[2 * n] = pos[2 * b] ?? 0;
    targets[2 * n + 1] = pos[2 * b + 1] ?? 0;
    n++;
  }
  return { count: n, sources: sources.subarray(0, 2 * n), targets: targets.subarray(0, 2 * n) };
}

export const arcs: LayerTypeSpec<Config> = {
  type: 'arcs',
  controls: [select('arcs', 'from', 'from', 'prop.from', roleLabel), select('arcs', 'to', 'to', 'prop.to', roleLabel), slider('arcs', 'widthPixels', 'width', 'prop.width', 0.5)],
  defaults: (id, name) => ({ id, name, type: 'arcs', visible: true, opacity: 0.4, from: 'home', to: 'work', widthPixels: 1 }),
  render(config, ctx): Layer[] {
    const kept = keptArcs(config, ctx);
    const [sr, sg, sb] = roleColors[config.from];
    const [tr, tg, tb] = roleColors[config.to];
    return [
      new ArcLayer({
        id: deckId(config, 'arcs'),
        data: {
          length: kept.count,
          attributes: { getSourcePosition: { value: kept.sources, size: 2 }, getTargetPosition: { value: kept.targets, size: 2 } },
        },
        opacity: config.opacity,
        getSourceColor: [sr, sg, sb, 200],
        getTargetColor: [tr, tg, tb, 200],
        getWidth: config.widthPixels,
        // Low arcs: thousands of commutes stay readable as a fan rather than a tangle.
        getHeight: 0.3,
        widthUnits: 'pixels',
        greatCircle: false,
        pickable: false,
      }),
    ];
  },
  legend(config, ctx): LegendEntry[] {
    return [{ label: `${ctx.t(roleKeys[config.from])} → ${ctx.t(roleKeys[config.to])}`, color: roleColors[config.to], count: keptArcs(config, ctx).count, shape: 'line' }];
  },
  needs: (config) => ({ ...needsFields(config.filter), pairs: [[config.from, config.to]] }),
};
