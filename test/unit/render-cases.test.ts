import { describe, expect, it } from 'vitest';
import { layerRegistry } from '../../renderer/map/layers/registry.js';
import { parseRenderCase } from '../../renderer/map/layers/render-case.js';
import { readRenderCase, renderCaseNames } from '../support/render-cases.js';

/*
 * The render cases (test/render/, drawn in Chromium by test/e2e/render-cases.test.ts) are saved layers
 * `{version, config}`: they load through the layer migrations, and together they draw every registered type.
 */

describe('render cases', () => {
  const names = renderCaseNames();
  const parsed = names.map((name) => {
    const { layers, data } = readRenderCase(name);
    return { name, layers, render: parseRenderCase(layers, data) };
  });

  it('are saved as {version, config} rows and load through the migrations', () => {
    expect(names.length).toBeGreaterThan(0);
    for (const { name, layers, render } of parsed) {
      expect(Array.isArray(layers), name).toBe(true);
      for (const row of layers as unknown[]) expect(Object.keys(row as object).sort(), name).toEqual(['config', 'version']);
      expect(render.layers.length, name).toBe((layers as unknown[]).length);
    }
  });

  it('draw every layer type of the registry', () => {
    const drawn = new Set<string>(parsed.flatMap((c) => c.render.layers.map((l) => l.type)));
    for (const type of Object.keys(layerRegistry)) expect(drawn.has(type), `no render case in test/render draws a ${type} layer`).toBe(true);
  });
});
