import type { Layer } from '@deck.gl/core';
import { MISSING_CODE } from '../../../native/contract/index.js';
import type { FieldColumn } from '../../../native/contract/index.js';
import { industrySections } from '../../../native/contract/industry-sections.js';
import type { SectionCode } from '../../../native/contract/industry-sections.js';
import { needsFields, shownMask } from './layer-context.js';
import type { ConfigOf, LayerContext, LayerTypeSpec, LegendEntry, Rgb } from './layer-context.js';
import { classColors, classCounts, pointsLayer } from './point-layer.js';
import { rolesControl, slider } from './controls.js';

/**
 * KeTu's fixed industry palette: one colour per GB/T 4754 section, the same in every map and project, so a
 * deck's 地图2 pages read alike. Kelly's colours of maximum contrast (print-safe, no white), the most
 * distinct ones on the sections customers work in most (I, C, F, J, P, Q …).
 */
export const industryColors: Record<SectionCode, Rgb> = {
  I: [0, 103, 165],
  C: [190, 0, 50],
  F: [243, 132, 0],
  J: [0, 136, 86],
  P: [135, 86, 146],
  Q: [230, 143, 172],
  L: [243, 195, 0],
  S: [132, 132, 130],
  K: [136, 45, 23],
  G: [161, 202, 241],
  D: [141, 182, 0],
  E: [194, 178, 128],
  M: [96, 78, 151],
  N: [43, 61, 38],
  R: [249, 147, 121],
  H: [226, 88, 34],
  O: [179, 68, 108],
  A: [220, 211, 0],
  B: [101, 69, 34],
  T: [34, 34, 34],
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
  controls: [rolesControl('places-industry'), slider('places-industry', 'radiusPixels', 'radius', 'prop.radius', 0.5)],
  defaults: (id, name) => ({ id, name, type: 'places-industry', visible: true, opacity: 0.9, roles: ['work'], radiusPixels: 4 }),
  render(config, ctx): Layer[] {
    return [pointsLayer(config, ctx.columns, classColors(shown(config, ctx), classOfPlace(ctx.fields.get('industry')), palette), config.radiusPixels)];
  },
  legend(config, ctx): LegendEntry[] {
    const counts = classCounts(shown(config, ctx), classOfPlace(ctx.fields.get('industry')), palette.length);
    const en = ctx.lang === 'en';
    const entries = industrySections
      .map((s, i) => ({ label: en ? s.en : s.name, color: industryColors[s.code], count: counts[i] ?? 0, shape: 'dot' as const }))
      .filter((e) => e.count > 0)
      .sort((a, b) => b.count - a.count);
    const other = counts[UNCLASSIFIED] ?? 0;
    return other > 0 ? [...entries, { label: ctx.t('legend.unclassified'), color: UNCLASSIFIED_COLOR, count: other, shape: 'dot' }] : entries;
  },
  needs: (config) => needsFields(config.filter, 'industry'),
  points: shown,
};
