import { z } from 'zod';
import { layerConfigSchema } from '../../../native/contract/index.js';
import type { ClassScheme, LayerType, PlaceRole } from '../../../native/contract/index.js';
import type { MessageKey } from '../../i18n/messages.js';
import { roleKeys } from '../../i18n/role-labels.js';
import type { ConfigOf, LayerControl, OptionLabel } from './layer-context.js';
import { categoricalPalettes, sequentialPalettes } from './palettes.js';

/*
 * Builders for the layer types' property controls. Every number range and enum list is read from the
 * layer's zod schema in native/contract/layers.ts (zod 4 introspection), never restated here.
 */

type Prop<K extends LayerType> = keyof ConfigOf<K> & string;

/** The schema of one property of one layer type, unwrapped from optional/nullable. */
export function propSchema(type: LayerType, prop: string): z.ZodType {
  const option = layerConfigSchema.options.find((o) => o.shape.type.value === type);
  let schema: z.ZodType | undefined = option === undefined ? undefined : (option.shape as Record<string, z.ZodType>)[prop];
  while (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) schema = schema.unwrap() as z.ZodType;
  if (schema === undefined) throw new Error(`layer type ${type} has no property ${prop}`);
  return schema;
}

/** The inclusive bounds the schema allows for a number property (a control needs both ends). */
export function numberBounds(type: LayerType, prop: string): { min: number; max: number } {
  let schema = propSchema(type, prop);
  // A list of numbers (rings): the bounds of one element.
  if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
  if (!(schema instanceof z.ZodNumber) || schema.minValue === null || schema.maxValue === null) throw new Error(`${type}.${prop} is not a bounded number in the schema`);
  return { min: schema.minValue, max: schema.maxValue };
}

/** The values the schema allows for an enum property, or for each element of an enum list. */
export function enumOptions(type: LayerType, prop: string): readonly string[] {
  let schema = propSchema(type, prop);
  if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
  if (!(schema instanceof z.ZodEnum)) throw new Error(`${type}.${prop} is not an enum in the schema`);
  return schema.options.map(String);
}

export function slider<K extends LayerType>(type: K, prop: Prop<K>, key: string, label: MessageKey, step: number, scale = 1): LayerControl<ConfigOf<K>> {
  const { min, max } = numberBounds(type, prop);
  return { kind: 'slider', prop, key, label, min, max, step, scale };
}

export function integer<K extends LayerType>(type: K, prop: Prop<K>, key: string, label: MessageKey): LayerControl<ConfigOf<K>> {
  const { min, max } = numberBounds(type, prop);
  return { kind: 'integer', prop, key, label, min, max };
}

export function select<K extends LayerType>(type: K, prop: Prop<K>, key: string, label: MessageKey, optionLabel: OptionLabel, options = enumOptions(type, prop)): LayerControl<ConfigOf<K>> {
  return { kind: 'select', prop, key, label, options, optionLabel };
}

export function checks<K extends LayerType>(type: K, prop: Prop<K>, key: string, label: MessageKey, optionLabel: OptionLabel): LayerControl<ConfigOf<K>> {
  return { kind: 'checks', prop, key, label, options: enumOptions(type, prop), optionLabel };
}

/** A list of numbers typed as text ("1, 3, 5" or "1，3、5"); null unless the schema accepts the list. */
export function numbers<K extends LayerType>(type: K, prop: Prop<K>, key: string, label: MessageKey): LayerControl<ConfigOf<K>> {
  const schema = propSchema(type, prop);
  const parse = (text: string): number[] | null => {
    const list = text
      .split(/[,，、\s]+/)
      .filter((p) => p !== '')
      .map(Number);
    return schema.safeParse(list).success ? list : null;
  };
  return { kind: 'numbers', prop, key, label, parse };
}

export const roleLabel: OptionLabel = (value, t) => t(roleKeys[value as PlaceRole]);
const schemeKeys: Record<ClassScheme, MessageKey> = { categorical: 'scheme.categorical', quantile: 'scheme.quantile', equal: 'scheme.equal', ckmeans: 'scheme.ckmeans' };

/** Which places a point layer draws (住家/工作/娱乐 checkboxes, `prop-role-<role>`). */
export function rolesControl<K extends 'places-role' | 'places-industry' | 'places-field' | 'heatmap' | 'hexagon'>(type: K): LayerControl<ConfigOf<K>> {
  return checks(type, 'roles', 'role', 'prop.roles', roleLabel);
}

/** Class scheme, class count and palette of a classed layer. */
export function classControls<K extends 'places-field' | 'district-choropleth'>(type: K): Array<LayerControl<ConfigOf<K>>> {
  return [
    select(type, 'scheme', 'scheme', 'prop.scheme', (value, t) => t(schemeKeys[value as ClassScheme])),
    integer(type, 'classes', 'classes', 'prop.classes'),
    // The schema takes any palette name; the registry's palettes are the ones the editor offers.
    select(type, 'palette', 'palette', 'prop.palette', (value) => value, [...sequentialPalettes, ...categoricalPalettes]),
  ];
}

/** Opacity, common to every layer type: shown in percent. */
export function opacityControl(type: LayerType): LayerControl {
  const { min, max } = numberBounds(type, 'opacity');
  return { kind: 'slider', prop: 'opacity', key: 'opacity', label: 'prop.opacity', min: min * 100, max: max * 100, step: 5, scale: 100 } satisfies LayerControl;
}
