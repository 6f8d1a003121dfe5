import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { placeRoles } from '../../../native/contract/index.js';
import { centredOnSite, RING_CENTRE_TOLERANCE_M } from '../../../native/contract/site-rings.js';
import type { Site } from '../../../native/contract/index.js';
import { deckId } from './layer-context.js';
import type { ConfigOf, DrawnCircle, LayerContext, LayerTypeSpec, LegendEntry, Rgb } from './layer-context.js';
import { circleLabelSpots, LabelCandidates, LABEL_PRIORITY } from '../label-placement.js';
import { siteStyles } from '../site-styles.js';
import { checks, numbers } from './controls.js';

type Config = ConfigOf<'sites'>;

const EARTH_RADIUS_M = 6_371_008.8;

/** A circle of `km` round a point as a closed lng/lat path (geodesic enough at city scale). */
export function ringPath(lng: number, lat: number, km: number, segments = 96): Array<[number, number]> {
  const d = (km * 1000) / EARTH_RADIUS_M;
  const phi1 = (lat * Math.PI) / 180;
  const lam1 = (lng * Math.PI) / 180;
  const out: Array<[number, number]> = [];
  for (let s = 0; s <= segments; s++) {
    const theta = (2 * Math.PI * s) / segments;
    const phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(theta));
    const lam2 = lam1 + Math.atan2(Math.sin(theta) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * Math.sin(phi2));
    out.push([(lam2 * 180) / Math.PI, (phi2 * 180) / Math.PI]);
  }
  return out;
}

interface Ring {
  path: Array<[number, number]>;
  label: string;
  centre: [number, number];
}

/** One ring round 本案: its radius, and the circle area that draws it when 辐射区 made one (null: the layer draws it). */
export interface SiteRing {
  km: number;
  area: DrawnCircle | null;
}

/** The circle area drawn at `km` round the site, if any (same centre, radius within the centre tolerance). */
function areaRing(site: Pick<Site, 'lng' | 'lat'>, km: number, circles: readonly DrawnCircle[]): DrawnCircle | null {
  return circles.find((c) => centredOnSite(c, site) && Math.abs(c.radiusM - km * 1000) <= RING_CENTRE_TOLERANCE_M) ?? null;
}

/**
 * The rings round a site, innermost first: the layer's radii and every circle area centred on the site (the
 * same concept as 辐射区's rings), each once. A ring an area draws is named and coloured as that area.
 */
export function siteRings(site: Pick<Site, 'lng' | 'lat'>, ringsKm: readonly number[], circles: readonly DrawnCircle[]): SiteRing[] {
  const fromAreas = circles.filter((c) => centredOnSite(c, site)).map((c) => c.radiusM / 1000);
  const radii: number[] = [];
  for (const km of [...ringsKm, ...fromAreas].sort((a, b) => a - b)) {
    if (!radii.some((r) => Math.abs(r - km) * 1000 <= RING_CENTRE_TOLERANCE_M)) radii.push(km);
  }
  return radii.map((km) => ({ km, area: areaRing(site, km, circles) }));
}

function showsRings(config: Config): boolean {
  return config.kinds.includes('project');
}

function rings(config: Config, ctx: Pick<LayerContext, 'sites' | 'circles'>): Ring[] {
  // Rings belong to 本案 only: round every competitor they would bury the map.
  if (!showsRings(config)) return [];
  return ctx.sites
    .filter((s) => s.kind === 'project')
    .flatMap((s) =>
      siteRings(s, config.ringsKm, ctx.circles)
        .filter((r) => r.area === null)
        .map((r) => {
          const path = ringPath(s.lng, s.lat, r.km);
          return { path, label: `${r.km} km`, centre: [s.lng, s.lat] };
        }),
    );
}

function shownSites(config: Config, sites: readonly Site[]): Site[] {
  // Competitors first so the project draws over them where they touch.
  return sites.filter((s) => config.kinds.includes(s.kind)).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'project' ? 1 : -1));
}

const RING_RGB: Rgb = [220, 38, 38];

/** Great-circle distance in km (haversine), the same measure the engine's circles use. */
export function distanceKm(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return (2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)))) / 1000;
}

export interface RingCount {
  /** Inner and outer radius of the band in km (0 for the innermost). */
  fromKm: number;
  toKm: number;
  /** Homes in the band (inner < d ≤ outer). */
  band: number;
  /** Homes within the outer radius. */
  cumulative: number;
}

/** Homes passing the map's filter per ring round 本案: by band (0–1, 1–3, 3–5 km) and cumulative. */
export function ringCounts(site: Pick<Site, 'lng' | 'lat'>, ringsKm: readonly number[], ctx: Pick<LayerContext, 'columns' | 'mapMask'>): RingCount[] {
  const radii = [...new Set(ringsKm)].sort((a, b) => a - b);
  const band = new Array<number>(radii.length).fill(0);
  const { positions, roles, count } = ctx.columns;
  const home = placeRoles.indexOf('home');
  for (let i = 0; i < count; i++) {
    if (roles[i] !== home || (ctx.mapMask !== null && ctx.mapMask[i] !== 1)) continue;
    const d = distanceKm(site.lng, site.lat, positions[2 * i] ?? NaN, positions[2 * i + 1] ?? NaN);
    const k = radii.findIndex((r) => d <= r);
    if (k >= 0) band[k] = (band[k] ?? 0) + 1;
  }
  let total = 0;
  return radii.map((r, k) => {
    total += band[k] ?? 0;
    return { fromKm: k === 0 ? 0 : (radii[k - 1] ?? 0), toKm: r, band: band[k] ?? 0, cumulative: total };
  });
}

export const sites: LayerTypeSpec<Config> = {
  type: 'sites',
  controls: [checks('sites', 'kinds', 'kind', 'prop.kinds', (value, t) => t(value === 'project' ? 'layers.project' : 'layers.competitor')), numbers('sites', 'ringsKm', 'rings', 'prop.rings')],
  defaults: (id, name) => ({ id, name, type: 'sites', visible: true, opacity: 1, kinds: ['project', 'competitor'], ringsKm: [1, 3, 5] }),
  render(config, ctx): Layer[] {
    const shown = shownSites(config, ctx.sites);
    const ringList = rings(config, ctx);
    const rgb = (s: Site): [number, number, number] => [...siteStyles[s.kind].rgb];
    const out: Layer[] = [];
    if (ringList.length > 0) {
      out.push(
        new PathLayer<Ring>({
          id: deckId(config, 'rings'),
          data: ringList,
          opacity: config.opacity,
          getPath: (r) => r.path,
          getColor: [...RING_RGB, 200],
          getWidth: 1.5,
          widthUnits: 'pixels',
          pickable: false,
        }),
        new LabelCandidates({
          id: deckId(config, 'ring-labels'),
          labels: ringList.map((r, i) => {
            // At the top of the ring, else round it: never on a disc that happens to lie at the top.
            const [top, ...alternatives] = circleLabelSpots(r.centre, r.path);
            return { key: `${config.id}:ring:${i}`, text: r.label, position: top?.position ?? r.centre, size: 11, color: RING_RGB, priority: LABEL_PRIORITY.ring, anchor: 'above' as const, alternatives, clearOfSymbols: true, offset: 1 };
          }),
        }),
      );
    }
    if (shown.length === 0) return out;
    out.push(
      new ScatterplotLayer<Site>({
        id: deckId(config, 'halo'),
        data: shown,
        opacity: config.opacity,
        getPosition: (s) => [s.lng, s.lat],
        getRadius: (s) => siteStyles[s.kind].radius + 5,
        getFillColor: (s) => [...rgb(s), 60],
        radiusUnits: 'pixels',
      }),
      new ScatterplotLayer<Site>({
        id: deckId(config, 'dot'),
        data: shown,
        opacity: config.opacity,
        getPosition: (s) => [s.lng, s.lat],
        getRadius: (s) => siteStyles[s.kind].radius,
        getFillColor: (s) => [...rgb(s), 255],
        getLineColor: [255, 255, 255, 255],
        getLineWidth: 2.5,
        lineWidthUnits: 'pixels',
        stroked: true,
        radiusUnits: 'pixels',
      }),
      // 本案 and 竞品 are placed before every other name, so they are never the label left out.
      new LabelCandidates({
        id: deckId(config, 'label'),
        labels: shown.map((s) => ({
          key: `${config.id}:site:${s.id}`,
          text: s.name,
          position: [s.lng, s.lat] as const,
          size: siteStyles[s.kind].textSize,
          color: siteStyles[s.kind].rgb,
          priority: LABEL_PRIORITY[s.kind],
          anchor: 'right' as const,
          alternatives: [{ anchor: 'left' }, { anchor: 'above' }, { anchor: 'below' }] as const,
          always: true,
          offset: siteStyles[s.kind].radius + 6,
        })),
        symbols: { positions: shown.flatMap((s) => [s.lng, s.lat]), radii: shown.map((s) => siteStyles[s.kind].radius + 5) },
      }),
    );
    return out;
  },
  legend(config, ctx): LegendEntry[] {
    const entries: LegendEntry[] = config.kinds.map((kind) => ({
      label: ctx.t(kind === 'project' ? 'layers.project' : 'layers.competitor'),
      color: siteStyles[kind].rgb,
      count: ctx.sites.filter((s) => s.kind === kind).length,
      shape: 'dot',
    }));
    const project = ctx.sites.find((s) => s.kind === 'project');
    if (project !== undefined && showsRings(config)) {
      // One row per ring, however it is drawn: its name, homes in its band and within it (the two readings planners quote).
      const list = siteRings(project, config.ringsKm, ctx.circles);
      const counts = ringCounts(project, list.map((r) => r.km), ctx);
      list.forEach((r, k) => {
        const c = counts[k];
        if (c === undefined) return;
        const name = r.area?.name ?? ctx.t('legend.ringName', { km: r.km });
        entries.push({ label: ctx.t('legend.ring', { name, from: c.fromKm, to: c.toKm, band: c.band, total: c.cumulative }), color: r.area?.color ?? RING_RGB, count: null, shape: 'ring' });
      });
    }
    return entries;
  },
  needs: () => ({ fields: [], pairs: [] }),
};
