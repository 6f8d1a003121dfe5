import { describe, expect, it } from 'vitest';
import { layerConfigSchema, layerTypes } from '../../native/contract/index.js';
import type { LayerConfig, LayerType } from '../../native/contract/index.js';
import { zhCN } from '../../renderer/i18n/messages.js';
import type { MessageKey } from '../../renderer/i18n/messages.js';
import { opacityControl } from '../../renderer/map/layers/controls.js';
import type { LayerControl } from '../../renderer/map/layers/layer-context.js';
import { layerRegistry } from '../../renderer/map/layers/registry.js';

/*
 * Each layer type's property controls against its zod schema, checked by parsing configs (not by reading
 * the same bounds back): both ends of every range save, one step beyond does not, every option saves.
 */

const t = (key: MessageKey): string => zhCN[key];

function controlsOf(type: LayerType): LayerControl[] {
  return [...(layerRegistry[type].controls as readonly LayerControl[]), opacityControl(type)];
}

/** The type's default config with one property replaced: does the project file accept it? */
function saves(type: LayerType, prop: string, value: unknown): boolean {
  const config: LayerConfig = { ...layerRegistry[type].defaults('x', 'x'), [prop]: value };
  return layerConfigSchema.safeParse(config).success;
}

describe('layer property controls', () => {
  for (const type of layerTypes) {
    it(`${type}: every control's range and options are the schema's`, () => {
      const defaults: Readonly<Record<string, unknown>> = layerRegistry[type].defaults('x', 'x');
      for (const c of controlsOf(type)) {
        const what = `${type}.${c.prop} (prop-${c.key})`;
        expect(c.prop in defaults, `${what} edits a property the type has`).toBe(true);
        expect(t(c.label), what).not.toBe('');
        switch (c.kind) {
          case 'slider': {
            const step = c.step / c.scale;
            const [min, max] = [c.min / c.scale, c.max / c.scale];
            expect(saves(type, c.prop, min), `${what} min ${min}`).toBe(true);
            expect(saves(type, c.prop, max), `${what} max ${max}`).toBe(true);
            expect(saves(type, c.prop, min - step), `${what} below min`).toBe(false);
            expect(saves(type, c.prop, max + step), `${what} above max`).toBe(false);
            // Whole steps from one end reach the other, so both ends can be picked.
            const steps = (c.max - c.min) / c.step;
            expect(Math.abs(steps - Math.round(steps)), `${what} steps`).toBeLessThan(1e-9);
            const shown = Number(defaults[c.prop]) * c.scale;
            expect(shown, `${what} default`).toBeGreaterThanOrEqual(c.min);
            expect(shown, `${what} default`).toBeLessThanOrEqual(c.max);
            break;
          }
          case 'integer':
            expect(saves(type, c.prop, c.min), `${what} min`).toBe(true);
            expect(saves(type, c.prop, c.max), `${what} max`).toBe(true);
            expect(saves(type, c.prop, c.min - 1), `${what} below min`).toBe(false);
            expect(saves(type, c.prop, c.max + 1), `${what} above max`).toBe(false);
            break;
          case 'select':
            expect(c.options.length, what).toBeGreaterThan(1);
            for (const o of c.options) {
              expect(saves(type, c.prop, o), `${what} option ${o}`).toBe(true);
              if (c.optionLabel !== 'place-field') expect(c.optionLabel(o, t, 'zh-CN'), `${what} label of ${o}`).not.toBe('');
            }
            break;
          case 'checks':
            expect(saves(type, c.prop, [...c.options]), `${what} all options`).toBe(true);
            for (const o of c.options) expect(saves(type, c.prop, [o]), `${what} option ${o}`).toBe(true);
            expect(saves(type, c.prop, ['nonsense']), `${what} unknown option`).toBe(false);
            break;
          case 'numbers':
            // Parsing is the schema's: see the rings test below.
            break;
          case 'field':
            expect(saves(type, c.prop, 'area'), what).toBe(true);
            expect(saves(type, c.prop, null), `${what} none`).toBe(c.nullable);
            break;
        }
      }
    });
  }

  it('offers the schema ranges the editor used to narrow (radius, heat radius, hexagon size)', () => {
    const range = (type: LayerType, key: string): [number, number] => {
      const c = controlsOf(type).find((x) => x.key === key);
      if (c?.kind !== 'slider') throw new Error(`${type} has no slider prop-${key}`);
      return [c.min, c.max];
    };
    expect(range('places-role', 'radius')).toEqual([0.5, 40]);
    expect(range('heatmap', 'radius')).toEqual([1, 200]);
    expect(range('hexagon', 'radius-m')).toEqual([50, 50_000]);
    expect(range('places-field', 'opacity')).toEqual([0, 100]);
  });

  it('keeps typed rings only when the project file accepts them', () => {
    const rings = controlsOf('sites').find((c) => c.key === 'rings');
    if (rings?.kind !== 'numbers') throw new Error('sites has no rings input');
    expect(rings.parse('1, 3，5、10')).toEqual([1, 3, 5, 10]);
    expect(rings.parse('0.5 2')).toEqual([0.5, 2]);
    expect(rings.parse('1, 0')).toBeNull();
    expect(rings.parse('1, abc')).toBeNull();
    expect(rings.parse('150')).toBeNull();
    expect(rings.parse(Array.from({ length: 11 }, (_, i) => i + 1).join(','))).toBeNull();
  });
});
