import type { LayerConfig, Site } from '../../../native/contract/index.js';
import { DEFAULT_RINGS_KM } from '../../../native/contract/layer-migrations.js';
import type { Translate } from './layer-context.js';

export const templateIds = ['map1', 'map2'] as const;
export type TemplateId = (typeof templateIds)[number];

/**
 * The two mandatory maps of 编制条例 as ordinary layers, named in the UI language:
 * 地图1 生活工作分布图 — homes and workplaces by role, the top 15 home communities named, 本案 with rings;
 * 地图2 行业工作分布图 — workplaces coloured by industry (fixed palette), 本案 and competitors.
 * A print page's `siteMarker` element switches 本案 off.
 * Customers of one community or employer are one disc sized by their count; workplaces are drawn first so
 * the homes (what 地图1 is about) are never hidden under them.
 */
export function templateLayers(id: TemplateId, t: Translate, sites: readonly Site[], opts: { siteMarker: boolean; inset?: boolean } = { siteMarker: true }): LayerConfig[] {
  // A print page's overview inset is a few centimetres wide: names and sized discs would pile up there, so it
  // draws the template's places as small plain dots and no names; the frame's box says where the page is.
  if (opts.inset === true) {
    const roles: Array<'home' | 'work'> = id === 'map1' ? ['work', 'home'] : ['work'];
    return roles.map((role) => ({ id: `inset-${role}`, name: t(role === 'home' ? 'template.homes' : 'template.work'), type: 'places-role', visible: true, opacity: 0.7, roles: [role], radiusPixels: 1.5, symbols: 'points' }));
  }
  // A print page with its 本案 marker switched off leaves 本案 (its symbol, name and rings) off the map and the legend.
  const kinds: Array<'project' | 'competitor'> = [...(opts.siteMarker ? (['project'] as const) : []), ...(sites.some((s) => s.kind === 'competitor') ? (['competitor'] as const) : [])];
  const siteLayer = (layerId: string): LayerConfig => ({ id: layerId, name: t('template.sites'), type: 'sites', visible: true, opacity: 1, kinds, ringsKm: DEFAULT_RINGS_KM });
  if (id === 'map1') {
    return [
      { id: 'map1-work', name: t('template.work'), type: 'places-role', visible: true, opacity: 0.8, roles: ['work'], radiusPixels: 3.5, symbols: 'grouped' },
      { id: 'map1-homes', name: t('template.homes'), type: 'places-role', visible: true, opacity: 0.8, roles: ['home'], radiusPixels: 3.5, symbols: 'grouped' },
      { id: 'map1-communities', name: t('template.topCommunities'), type: 'labels', visible: true, opacity: 1, field: 'community', top: 15, textSize: 13 },
      siteLayer('map1-sites'),
    ];
  }
  return [
    { id: 'map2-industry', name: t('template.workByIndustry'), type: 'places-industry', visible: true, opacity: 0.85, roles: ['work'], radiusPixels: 4, symbols: 'grouped' },
    siteLayer('map2-sites'),
  ];
}
