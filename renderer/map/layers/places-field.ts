import type { Layer } from '@deck.gl/core';
import { MISSING_CODE, placeRoles } from '../../../native/contract/index.js';
import { stageKey } from '../../i18n/stage-labels.js';
import type { FieldColumn } from '../../../native/contract/index.js';
import { classBreaks, classLabel, classOf, shownValues } from './classify.js';
import { needsFields, shownMask } from './layer-context.js';
import type { ConfigOf, LayerContext, LayerTypeSpec, LegendEntry, Rgb } from './layer-context.js';
import { isCategoricalPalette, MISSING_COLOR, paletteColors } from './palettes.js';
import { classColors, classCounts, pointsLayer } from './point-layer.js';
import { roleKeys } from '../../i18n/role-labels.js';
import { classControls, rolesControl, slider } from './controls.js';

type Config = ConfigOf<'places-field'>;

/** Places with no value in the field: drawn faint, so a sparse field does not hide where customers are. */
export const NO_VALUE_COLOR: Rgb = [214, 214, 214];

/** How one config classes its field: a class per place, the palette, and what each class means. */
export interface FieldClasses {
  classOfPlace(i: number): number;
  colors: Rgb[];
  labels: string[];
}

function formatNumber(v: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 1 }).format(v);
}

function formatDay(days: number): string {
  return new Date(Math.round(days) * 86_400_000).toISOString().slice(0, 10);
}

/** Stages and roles are stored as codes (deals, home): the legend names them as planners do. */
function valueLabel(field: string, value: string, t: LayerContext['t']): string {
  if (field === 'stage') {
    const key = stageKey(value);
    return key === null ? value : t(key);
  }
  if (field === 'role') {
    const role = placeRoles.find((r) => r === value);
    return role === undefined ? value : t(roleKeys[role]);
  }
  return value;
}

/**
 * Categorical: the most frequent values among the shown places get the palette, the rest share "other".
 * Graduated: class breaks of the shown values by the config's scheme. Either way the last classes are
 * "other" (categorical only) and "no value".
 */
export function fieldClasses(config: Config, column: FieldColumn, shown: Uint8Array, ctx: Pick<LayerContext, 'lang' | 't'>): FieldClasses {
  if (column.kind === 'category') {
    const perCode = new Array<number>(column.labels.length).fill(0);
    const codes = column.codes;
    for (let i = 0; i < shown.length; i++) {
      const c = codes[i] ?? MISSING_CODE;
      if (shown[i] === 1 && c !== MISSING_CODE) perCode[c] = (perCode[c] ?? 0) + 1;
    }
    const present = perCode.map((n, code) => ({ n, code })).filter((x) => x.n > 0).sort((a, b) => b.n - a.n || a.code - b.code);
    const named = present.length <= config.classes ? present : present.slice(0, config.classes - 1);
    const classByCode = new Int16Array(column.labels.length).fill(named.length);
    named.forEach((x, k) => (classByCode[x.code] = k));
    const other = named.length;
    const none = other + 1;
    const palette = paletteColors(isCategoricalPalette(config.palette) ? config.palette : 'category10', named.length);
    return {
      classOfPlace: (i) => {
        const c = codes[i] ?? MISSING_CODE;
        return c === MISSING_CODE ? none : (classByCode[c] ?? other);
      },
      colors: [...palette, MISSING_COLOR, NO_VALUE_COLOR],
      labels: [...named.map((x) => valueLabel(column.field, column.labels[x.code] ?? '', ctx.t)), ctx.t('legend.other'), ctx.t('legend.noValue')],
    };
  }
  const values = column.values;
  const scheme = config.scheme === 'categorical' ? 'quantile' : config.scheme;
  const b = classBreaks(shownValues(values, shown), scheme, config.classes);
  const k = Number.isNaN(b.min) ? 0 : b.breaks.length + 1;
  const none = k;
  const fmt = column.kind === 'date' ? formatDay : (v: number) => formatNumber(v, ctx.lang);
  return {
    classOfPlace: (i) => {
      const v = values[i] ?? NaN;
      return Number.isNaN(v) ? none : classOf(b.breaks, v);
    },
    colors: [...paletteColors(config.palette, k), NO_VALUE_COLOR],
    labels: [...Array.from({ length: k }, (_, c) => classLabel(b, c, fmt)), ctx.t('legend.noValue')],
  };
}

/** Radius per place from a number field: √-scaled between half and 2.5× the layer's radius (area reads as size). */
export function sizeRadii(column: FieldColumn | undefined, radius: number, count: number): Float32Array | null {
  if (column === undefined || column.kind === 'category') return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const out = new Float32Array(count).fill(radius * 0.5);
  if (!(max > min)) return out.fill(radius);
  for (let i = 0; i < count; i++) {
    const v = column.values[i] ?? NaN;
    if (!Number.isNaN(v)) out[i] = radius * (0.5 + 2 * Math.sqrt((v - min) / (max - min)));
  }
  return out;
}

function shown(config: Config, ctx: LayerContext): Uint8Array {
  return ctx.fields.has(config.field) ? shownMask(ctx, config.roles, config.filter) : new Uint8Array(ctx.columns.count);
}

export const placesField: LayerTypeSpec<Config> = {
  type: 'places-field',
  controls: [
    rolesControl('places-field'),
    { kind: 'field', prop: 'field', key: 'field', label: 'prop.field', numbers: false, nullable: false },
    ...classControls('places-field'),
    { kind: 'field', prop: 'sizeField', key: 'size-field', label: 'prop.sizeField', numbers: true, nullable: true },
    slider('places-field', 'radiusPixels', 'radius', 'prop.radius', 0.5),
  ],
  defaults: (id, name) => ({ id, name, type: 'places-field', visible: true, opacity: 0.9, roles: ['home'], field: 'stage', scheme: 'categorical', classes: 6, palette: 'category10', radiusPixels: 3.5, sizeField: null }),
  render(config, ctx): Layer[] {
    const column = ctx.fields.get(config.field);
    if (column === undefined) return [];
    const mask = shown(config, ctx);
    const classes = fieldClasses(config, column, mask, ctx);
    const radii = config.sizeField === null ? null : sizeRadii(ctx.fields.get(config.sizeField), config.radiusPixels, ctx.columns.count);
    return [pointsLayer(config, ctx.columns, classColors(mask, classes.classOfPlace, classes.colors), config.radiusPixels, radii)];
  },
  legend(config, ctx): LegendEntry[] {
    const column = ctx.fields.get(config.field);
    if (column === undefined) return [];
    const mask = shown(config, ctx);
    const classes = fieldClasses(config, column, mask, ctx);
    const counts = classCounts(mask, classes.classOfPlace, classes.colors.length);
    return classes.labels.map((label, c) => ({ label, color: classes.colors[c] ?? MISSING_COLOR, count: counts[c] ?? 0, shape: 'dot' as const })).filter((e) => e.count > 0);
  },
  needs: (config) => needsFields(config.filter, config.field, ...(config.sizeField === null ? [] : [config.sizeField])),
  points: shown,
};
