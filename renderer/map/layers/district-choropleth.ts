import { GeoJsonLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { MISSING_CODE } from '../../../native/contract/index.js';
import { classBreaks, classLabel, classOf } from './classify.js';
import { districtKey } from './district-shapes.js';
import type { DistrictProps } from './district-shapes.js';
import { deckId, needsFields, shownMask } from './layer-context.js';
import type { ConfigOf, LayerContext, LayerTypeSpec, LegendEntry, Rgb } from './layer-context.js';
import { paletteColors } from './palettes.js';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { classControls, roleLabel, select } from './controls.js';
import { roleKeys } from '../../i18n/role-labels.js';
import { LabelCandidates, LABEL_PRIORITY } from '../label-placement.js';
import type { MapLabel } from '../label-placement.js';

/** Where a district's name goes: the vertex average of its largest ring (district shapes are compact enough). */
export function districtLabelPoint(feature: Feature<Polygon | MultiPolygon, DistrictProps>): [number, number] {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  let best: number[][] = [];
  let bestArea = -1;
  for (const poly of polygons) {
    const ring = poly[0] ?? [];
    let a = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ((ring[j]?.[0] ?? 0) + (ring[i]?.[0] ?? 0)) * ((ring[j]?.[1] ?? 0) - (ring[i]?.[1] ?? 0));
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a);
      best = ring;
    }
  }
  // A GeoJSON ring repeats its first vertex at the end: counted twice it would pull the name towards it.
  const first = best[0];
  const last = best[best.length - 1];
  const vertices = best.length > 1 && first?.[0] === last?.[0] && first?.[1] === last?.[1] ? best.slice(0, -1) : best;
  const n = Math.max(1, vertices.length);
  return [vertices.reduce((s, p) => s + (p[0] ?? 0), 0) / n, vertices.reduce((s, p) => s + (p[1] ?? 0), 0) / n];
}

function districtLabel(config: Config, f: number, feature: Feature<Polygon | MultiPolygon, DistrictProps>): MapLabel {
  return { key: `${config.id}:district:${f}`, text: feature.properties.name, position: districtLabelPoint(feature), size: 12, color: [55, 65, 81], priority: LABEL_PRIORITY.district, anchor: 'center', offset: 0 };
}

type Config = ConfigOf<'district-choropleth'>;

/** Shown places of the config's role per district feature (index into ctx.districts.features). */
export function districtCounts(config: Config, ctx: LayerContext): { counts: Map<number, number>; total: number; unmatched: number } {
  const counts = new Map<number, number>();
  const district = ctx.fields.get('district');
  const city = ctx.fields.get('city');
  const shapes = ctx.districts;
  if (shapes === null || district?.kind !== 'category' || city?.kind !== 'category') return { counts, total: 0, unmatched: 0 };
  const mask = shownMask(ctx, [config.role], config.filter);
  // Feature of each (city code, district code) pair, resolved once per pair rather than per place.
  const memo = new Map<number, number>();
  let total = 0;
  let unmatched = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    total++;
    const d = district.codes[i] ?? MISSING_CODE;
    const c = city.codes[i] ?? MISSING_CODE;
    if (d === MISSING_CODE || c === MISSING_CODE) {
      unmatched++;
      continue;
    }
    const pair = c * 65536 + d;
    let f = memo.get(pair);
    if (f === undefined) {
      f = shapes.byKey.get(districtKey(city.labels[c] ?? '', district.labels[d] ?? '')) ?? -1;
      memo.set(pair, f);
    }
    if (f < 0) unmatched++;
    else counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  return { counts, total, unmatched };
}

interface Classed {
  value(count: number): number;
  breaks: ReturnType<typeof classBreaks>;
  colors: Rgb[];
  format(v: number): string;
}

function classed(config: Config, counts: Map<number, number>, total: number, lang: string): Classed {
  const value = (n: number): number => (config.measure === 'share' ? (total === 0 ? 0 : n / total) : n);
  const sorted = Float64Array.from([...counts.values()].map(value)).sort();
  const scheme = config.scheme === 'categorical' ? 'quantile' : config.scheme;
  const breaks = classBreaks(sorted, scheme, config.classes);
  const k = Number.isNaN(breaks.min) ? 0 : breaks.breaks.length + 1;
  const format =
    config.measure === 'share'
      ? (v: number): string => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`
      : (v: number): string => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(v);
  return { value, breaks, colors: paletteColors(config.palette, k), format };
}

export const districtChoropleth: LayerTypeSpec<Config> = {
  type: 'district-choropleth',
  controls: [
    select('district-choropleth', 'role', 'role', 'prop.role', roleLabel),
    select('district-choropleth', 'measure', 'measure', 'prop.measure', (value, t) => t(value === 'share' ? 'prop.measure.share' : 'prop.measure.count')),
    ...classControls('district-choropleth'),
  ],
  defaults: (id, name) => ({ id, name, type: 'district-choropleth', visible: true, opacity: 0.75, role: 'home', measure: 'count', scheme: 'quantile', classes: 5, palette: 'paleblues' }),
  render(config, ctx): Layer[] {
    const shapes = ctx.districts;
    if (shapes === null) return [];
    const { counts, total } = districtCounts(config, ctx);
    const c = classed(config, counts, total, ctx.lang);
    const fill = new Map<number, Rgb>();
    for (const [f, n] of counts) fill.set(f, c.colors[classOf(c.breaks.breaks, c.value(n))] ?? [0, 0, 0]);
    const data = [...fill.keys()].map((f) => ({ f, feature: shapes.features[f] })).filter((x): x is { f: number; feature: Feature<Polygon | MultiPolygon, DistrictProps> } => x.feature !== undefined);
    const byFeature = new Map<object, Rgb>(data.map((x) => [x.feature, fill.get(x.f) ?? [0, 0, 0]]));
    return [
      new GeoJsonLayer<DistrictProps>({
        id: deckId(config, 'districts'),
        data: data.map((x) => x.feature),
        opacity: config.opacity,
        filled: true,
        stroked: true,
        getFillColor: (feature) => {
          const rgb = byFeature.get(feature) ?? [0, 0, 0];
          return [rgb[0], rgb[1], rgb[2], 220];
        },
        getLineColor: [255, 255, 255, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        pickable: false,
        updateTriggers: { getFillColor: byFeature },
      }),
      new LabelCandidates({ id: deckId(config, 'names'), labels: data.map((x) => districtLabel(config, x.f, x.feature)) }),
    ];
  },
  legend(config, ctx): LegendEntry[] {
    const { counts, total, unmatched } = districtCounts(config, ctx);
    const c = classed(config, counts, total, ctx.lang);
    const k = c.colors.length;
    if (k === 0) return [];
    const perClass = new Array<number>(k).fill(0);
    for (const n of counts.values()) {
      const cls = classOf(c.breaks.breaks, c.value(n));
      perClass[cls] = (perClass[cls] ?? 0) + n;
    }
    // The first row says what a district's colour counts: households of a role, or their share of the total.
    const role = ctx.t(roleKeys[config.role]);
    const what: LegendEntry = { label: ctx.t(config.measure === 'share' ? 'legend.choropleth.share' : 'legend.choropleth.count', { role }), color: [55, 65, 81], count: null, shape: 'text' };
    const unit = (text: string): string => (config.measure === 'share' ? text : ctx.t('legend.choropleth.households', { range: text }));
    const entries: LegendEntry[] = c.colors.map((color, cls) => ({ label: unit(classLabel(c.breaks, cls, c.format)), color, count: perClass[cls] ?? 0, shape: 'square' }));
    return unmatched > 0 ? [what, ...entries, { label: ctx.t('legend.noDistrict'), color: [214, 214, 214], count: unmatched, shape: 'square' }] : [what, ...entries];
  },
  needs: (config) => needsFields(config.filter, 'district', 'city'),
};
