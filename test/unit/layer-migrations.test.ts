import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KetuError } from '../../native/contract/errors.js';
import { defaultLayers, migrateLayer, saveLayer } from '../../native/contract/layer-migrations.js';
import { LAYER_CONFIG_VERSION, layerConfigSchema } from '../../native/contract/layers.js';

const v1 = JSON.parse(readFileSync(new URL('../fixtures/layers-v1.json', import.meta.url), 'utf8')) as unknown[];

function errorOf(fn: () => unknown): KetuError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KetuError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('layer config migrations', () => {
  it('loads every v1 layer of the fixture as today\'s config, meaning kept', () => {
    const layers = v1.map((row, i) => migrateLayer(row, i));
    expect(layers).toEqual([
      { id: 'a', name: '住家点位', visible: true, opacity: 0.8, type: 'places-role', roles: ['home'], radiusPixels: 4 },
      { id: 'b', name: '工作单位行业', visible: false, opacity: 1, type: 'places-industry', roles: ['work'], radiusPixels: 3 },
      {
        id: 'c', name: '产品类型', visible: true, opacity: 0.5, type: 'places-field', roles: ['home', 'work'], field: 'product',
        scheme: 'categorical', classes: 6, palette: 'category10', radiusPixels: 2.5, sizeField: null,
      },
      { id: 'd', name: '热力', visible: true, opacity: 0.6, type: 'heatmap', roles: ['home'], radiusPixels: 30, intensity: 1 },
      { id: 'e', name: '本案', visible: true, opacity: 1, type: 'sites', kinds: ['project'], ringsKm: [2, 4] },
    ]);
    for (const l of layers) expect(layerConfigSchema.safeParse(l).success).toBe(true);
  });

  it('passes a current config through unchanged, and what it saves loads back equal', () => {
    for (const layer of defaultLayers([])) {
      const saved = JSON.parse(JSON.stringify(saveLayer(layer))) as unknown;
      expect(saved).toMatchObject({ version: LAYER_CONFIG_VERSION });
      expect(migrateLayer(saved)).toEqual(layer);
    }
  });

  it('refuses a layer saved by a newer KeTu with a clear message instead of dropping it', () => {
    const err = errorOf(() => migrateLayer({ version: LAYER_CONFIG_VERSION + 1, config: { type: 'something-new' } }, 2));
    expect(err.code).toBe('LAYER_TOO_NEW');
    expect(err.message).toContain('第 3 个图层');
    expect(err.message).toContain('请升级 KeTu');
  });

  it('names a broken saved layer rather than guessing', () => {
    expect(errorOf(() => migrateLayer({ config: {} })).code).toBe('PROJECT_CORRUPT');
    expect(errorOf(() => migrateLayer({ version: 1, config: { type: 'points', id: 'x' } })).code).toBe('PROJECT_CORRUPT');
    expect(errorOf(() => migrateLayer(null, 4)).message).toContain('第 5 个图层');
  });

  it('gives a new project one layer per role and the sites with rings', () => {
    const layers = defaultLayers([{ id: 1, name: '本案', kind: 'project', lng: 120, lat: 30 }, { id: 2, name: '竞品', kind: 'competitor', lng: 120.1, lat: 30 }]);
    expect(layers.map((l) => l.type)).toEqual(['places-role', 'places-role', 'places-role', 'sites']);
    expect(layers.map((l) => l.id)).toEqual(['home', 'work', 'leisure', 'sites']);
    const sites = layers[3];
    expect(sites?.type === 'sites' ? sites.kinds : null).toEqual(['project', 'competitor']);
    expect(sites?.type === 'sites' ? sites.ringsKm.length : 0).toBeGreaterThan(0);
  });
});
