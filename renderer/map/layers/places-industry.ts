import type { Layer } from '@deck.gl/core';
import { MISSING_CODE } from '../../../native/contract/index.js';
import type { FieldColumn } from '../../../native/contract/index.js';
import { industrySections } from '../../../native/contract/industry-sections.js';
import type { SectionCode } from '../../../native/contract/industry-sections.js';
import { needsFields, shownMask } from './layer-context.js';
import type { ConfigOf, LayerContext, LayerTypeSpec, LegendEntry, Rgb } from './layer-context.js';
import { classColors, classCounts, pointsLayer } from './point-layer.js';
import { groupNeeds, groupPlaces, groupSizeLegend, placeSymbolLayers, symbolLabel } from './place-groups.js';
import { rolesControl, select, slider } from './controls.js';

/**
 * KeTu's fixed industry palette: one colour per GB/T 4754 section, the same in every map and project, so a
 * deck's 地图2 pages read alike. Chosen pair by pair: every two sections differ by ΔE00 ≥ 19 (checked in
 * test/unit/industry-palette.test.ts), no white and no neon; the most common sections (I, C, F, J) first, in
 * lightnesses that still differ in a greyscale print. 制造业 red and 房地产业 purple, never two dark reds.
 */
export const industryColors: Record<SectionCode, Rgb> = {
  I: [31, 100, 180],
  C: [200, 32, 48],
  F: [240, 140, 0],
  J: [0, 140, 90],
  P: [240, 165, 240],
  Q: [45, 210, 240],
  L: [180, 195, 75],
  K: [150, 60, 150],
  S: [120, 105, 0],
  G: [150, 135, 135],
  D: [135, 165, 255],
  E: [255, 165, 150],
  M: [0, 135, 150],
  N: [120, 60, 0],
  R: [105, 210, 165],
  H: [45, 75, 15],
  O: [225, 90, 135],
  A: [135, 150, 135],
  B: [135, 0, 60],
  T: [60, 60, 60],
};
/** Work places whose industry the import could not classify. */
export const UNCLASSIFIED_COLOR: Rgb = [200, 200, 200];

const sectionIndex = new Map<string, number>();
industrySections.forEach((s, i) => {
  sectionIndex.set(s.name, i);
  sectionIndex.set(s.code, i);
});
/** Class per section in industrySections order, then 未分类 last. */
const palette: Rgb[] = [...industrySections.map((s) => industryColors[s.code]), UNCLASSIFIED_COLOR];
const UNCLASSIFIED = industrySections.length;

/** Class (section index, or UNCLASSIFIED) of each label code of the industry column. */
function classOfPlace(column: FieldColumn | undefined): (i: number) => number {
  if (column === undefined || column.kind !== 'category') return () => UNCLASSIFIED;
  const byCode = column.labels.map((label) => sectionIndex.get(label) ?? UNCLASSIFIED);
  const codes = column.codes;
  return (i) => {
    const c = codes[i] ?? MISSING_CODE;
    return c === MISSING_CODE ? UNCLASSIFIED : (byCode[c] ?? UNCLASSIFIED);
  };
}

type Config = ConfigOf<'places-industry'>;

function shown(config: Config, ctx: LayerContext): Uint8Array {
  // Drawn only once the industry column is here: all-grey first frames would mislead.
  return ctx.fields.has('industry') ? shownMask(ctx, config.roles, config.filter) : new Uint8Array(ctx.columns.count);
}

export const placesIndustry: LayerTypeSpec<Config> = {
  type: 'places-industry',
  controls: [rolesControl('places-industry'), select('places-industry', 'symbols', 'symbols', 'prop.symbols', symbolLabel), slider('places-industry', 'radiusPixels', 'radius', 'prop.radius', 0.5)],
  defaults: (id, name) => ({ id, name, type: 'places-industry', visible: true, opacity: 0.9, roles: ['work'], radiusPixels: 4, symbols: 'points' }),
  render(config, ctx): Layer[] {
    const colors = classColors(shown(config, ctx), classOfPlace(ctx.fields.get('industry')), palette);
    return placeSymbolLayers(config, ctx, colors, () => pointsLayer(config, ctx.columns, colors, config.radiusPixels));
  },
  legend(config, ctx): LegendEntry[] {
    const counts = classCounts(shown(config, ctx), classOfPlace(ctx.fields.get('industry')), palette.length);
    const en = ctx.lang === 'en';
    const entries = industrySections
      .map((s, i) => ({ label: en ? s.en : s.name, color: industryColors[s.code], count: counts[i] ?? 0, shape: 'dot' as const }))
      .filter((e) => e.count > 0)
      .sort((a, b) => b.count - a.count);
    const other = counts[UNCLASSIFIED] ?? 0;
    const all: LegendEntry[] = other > 0 ? [...entries, { label: ctx.t('legend.unclassified'), color: UNCLASSIFIED_COLOR, count: other, shape: 'dot' }] : entries;
    if (config.symbols !== 'grouped') return all;
    // What a disc's size means, in a neutral grey: the colour already says the industry.
    return [...all, ...groupSizeLegend(groupPlaces(ctx, classColors(shown(config, ctx), classOfPlace(ctx.fields.get('industry')), palette)), config.radiusPixels, [120, 120, 120], ctx.t)];
  },
  needs: (config) => needsFields(config.filter, 'industry', ...groupNeeds(config)),
  points: shown,
};
