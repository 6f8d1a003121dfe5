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
  defaults: (id, name) => ({ id, name, type: 'district-choropleth', visible: true, opacity: 0.7, role: 'home', measure: 'count', scheme: 'quantile', classes: 5, palette: 'blues' }),
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
    ];
  },
  legend(config, ctx): LegendEntry[] {
    const { counts, total, unmatched } = districtCounts(config, ctx);
    const c = classed(config, counts, total, ctx.lang);
    const k = c.colors.length;
    const perClass = new Array<number>(k).fill(0);
    for (const n of counts.values()) {
      const cls = classOf(c.breaks.breaks, c.value(n));
      perClass[cls] = (perClass[cls] ?? 0) + n;
    }
    const entries: LegendEntry[] = c.colors.map((color, cls) => ({ label: classLabel(c.breaks, cls, c.format), color, count: perClass[cls] ?? 0, shape: 'square' }));
    return unmatched > 0 ? [...entries, { label: ctx.t('legend.noDistrict'), color: [214, 214, 214], count: unmatched, shape: 'square' }] : entries;
  },
  needs: (config) => needsFields(config.filter, 'district', 'city'),
};
