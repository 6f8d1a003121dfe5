import type { Layer } from '@deck.gl/core';
import { placeRoles } from '../../../native/contract/index.js';
import { roleKeys } from '../../i18n/role-labels.js';
import { roleColors } from '../place-layers.js';
import { needsFields, shownMask } from './layer-context.js';
import type { ConfigOf, LayerContext, LayerTypeSpec, LegendEntry } from './layer-context.js';
import { classColors, classCounts, pointsLayer } from './point-layer.js';
import { groupNeeds, groupPlaces, groupSizeLegend, placeSymbolLayers, symbolLabel } from './place-groups.js';
import { rolesControl, select, slider } from './controls.js';

// The one role palette of the workbench (review marker, legend, these layers).
export { roleColors };

type Config = ConfigOf<'places-role'>;
const palette = placeRoles.map((r) => roleColors[r]);

function shown(config: Config, ctx: LayerContext): Uint8Array {
  return shownMask(ctx, config.roles, config.filter);
}

export const placesRole: LayerTypeSpec<Config> = {
  type: 'places-role',
  controls: [rolesControl('places-role'), select('places-role', 'symbols', 'symbols', 'prop.symbols', symbolLabel), slider('places-role', 'radiusPixels', 'radius', 'prop.radius', 0.5)],
  defaults: (id, name) => ({ id, name, type: 'places-role', visible: true, opacity: 0.86, roles: [...placeRoles], radiusPixels: 3.5, symbols: 'points' }),
  render(config, ctx): Layer[] {
    const roles = ctx.columns.roles;
    const colors = classColors(shown(config, ctx), (i) => roles[i] ?? 0, palette);
    return placeSymbolLayers(config, ctx, colors, () => pointsLayer(config, ctx.columns, colors, config.radiusPixels));
  },
  legend(config, ctx): LegendEntry[] {
    const roles = ctx.columns.roles;
    const counts = classCounts(shown(config, ctx), (i) => roles[i] ?? 0, placeRoles.length);
    const entries: LegendEntry[] = placeRoles.filter((r) => config.roles.includes(r)).map((r) => ({ label: ctx.t(roleKeys[r]), color: roleColors[r], count: counts[placeRoles.indexOf(r)] ?? 0, shape: 'dot' }));
    if (config.symbols !== 'grouped') return entries;
    const first = config.roles[0] ?? 'home';
    return [...entries, ...groupSizeLegend(groupPlaces(ctx, classColors(shown(config, ctx), (i) => roles[i] ?? 0, palette)), config.radiusPixels, roleColors[first], ctx.t)];
  },
  needs: (config) => needsFields(config.filter, ...groupNeeds(config)),
  points: shown,
};
