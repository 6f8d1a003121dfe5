import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import config, { layers } from '../../build/eslint.config.mjs';

type FlatConfig = Linter.Config;

/** The repo's own layer rules (every entry that restricts imports), run on probe code without type info. */
const layerRules: FlatConfig[] = config
  .filter((c) => c.rules !== undefined && 'no-restricted-imports' in c.rules)
  .map((c) => ({ ...c, rules: { 'no-restricted-imports': c.rules?.['no-restricted-imports'] } }));

function problems(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const configs: FlatConfig[] = [{ files: ['**/*.ts', '**/*.tsx', '**/*.cts'], languageOptions: { parser: tseslint.parser } }, ...layerRules];
  return linter.verify(code, configs, { filename: file }).map((m) => m.message);
}

/** Both forms must be refused: a value import and a type-only one (type cycles count too). */
function refused(file: string, specifier: string): void {
  expect(problems(file, `import { x } from '${specifier}';`), `${file} → ${specifier}`).toHaveLength(1);
  expect(problems(file, `import type { X } from '${specifier}';`), `${file} → ${specifier} (type)`).toHaveLength(1);
  expect(problems(file, `export { x } from '${specifier}';`), `${file} re-exports ${specifier}`).toHaveLength(1);
}

function allowed(file: string, specifier: string): void {
  expect(problems(file, `import { x } from '${specifier}';`), `${file} → ${specifier}`).toEqual([]);
}

describe('layer rules: the edges the architecture forbids', () => {
  it('keeps the Electron shell on the contract only; the engine is started by path', () => {
    refused('electron/x.ts', '../native/host/engine.js');
    refused('electron/x.ts', '../native/host/app-paths.js');
    refused('electron/x.ts', '../native/host/electron-engine.js');
    refused('electron/x.ts', '../native/import/pipeline.js');
    refused('electron/x.ts', '../renderer/shell/workbench.js');
    refused('electron/x.ts', 'better-sqlite3');
  });

  it('keeps the contract plain: zod and TypeScript, nothing from other folders', () => {
    refused('native/contract/x.ts', 'react-dom');
    refused('native/contract/x.ts', 'maplibre-gl');
    refused('native/contract/x.ts', '../store/project-store.js');
    refused('native/contract/x.ts', '../host/dispatch.js');
    refused('native/contract/x.ts', 'node:fs');
  });

  it('keeps the store below the domains and the host', () => {
    refused('native/store/x.ts', '../host/engine.js');
    refused('native/store/x.ts', '../import/pipeline.js');
    refused('native/store/x.ts', '../analysis/district-index.js');
    refused('native/store/migrations/x.ts', '../project-store.js');
    refused('native/store/migrations/x.ts', '../../analysis/district-index.js');
  });

  it('keeps every domain off the host (app paths, HTTP host, dispatch)', () => {
    refused('native/export/x.ts', '../host/http-host.js');
    refused('native/export/x.ts', '../host/dispatch.js');
    refused('native/analysis/x.ts', '../host/app-paths.js');
    refused('native/geocode/x.ts', '../host/app-paths.js');
    refused('native/geocode/providers/x.ts', '../../host/app-paths.js');
    refused('native/demo/x.ts', '../host/app-paths.js');
    refused('native/export/x.ts', '../import/pipeline.js');
  });

  it('keeps the renderer map below features and the shell', () => {
    refused('renderer/map/x.ts', '../shell/workbench.js');
    refused('renderer/map/x.ts', '../features/areas/areas-panel.js');
    refused('renderer/map/x.ts', '../shell/use-ketu-hook.js');
    refused('renderer/map/layers/x.ts', '../../features/filters/filter-bar.js');
    refused('renderer/map/x.ts', '../actions/registry.js');
    refused('renderer/ui/x.tsx', '../features/layers/layer-panel.js');
    refused('renderer/engine/x.ts', '../ui/modal.js');
    refused('renderer/i18n/x.ts', '../engine/engine-client.js');
  });

  it('keeps Node, Electron, SQLite and engine internals out of the renderer', () => {
    refused('renderer/shell/x.tsx', 'node:fs');
    refused('renderer/features/areas/x.tsx', 'electron');
    refused('renderer/shell/x.tsx', 'better-sqlite3');
    refused('renderer/shell/x.tsx', '../../native/store/project-store.js');
    refused('renderer/features/import/x.tsx', '../../../native/import/pipeline.js');
  });

  it('keeps React and Electron out of the engine, and SQL in the store', () => {
    refused('native/host/x.ts', 'react');
    refused('native/host/x.ts', 'electron');
    refused('native/import/x.ts', 'better-sqlite3');
    allowed('native/store/x.ts', 'better-sqlite3');
  });
});

describe('layer rules: the edges the architecture allows', () => {
  it('lets each layer use what lies below it', () => {
    allowed('electron/x.ts', '../native/contract/index.js');
    allowed('native/store/x.ts', '../contract/errors.js');
    allowed('native/store/x.ts', './migrations/index.js');
    allowed('native/store/migrations/x.ts', '../../contract/errors.js');
    allowed('native/store/migrations/x.ts', './migration.js');
    allowed('native/import/values/x.ts', '../../store/project-store.js');
    allowed('native/import/x.ts', '../geocode/geocoder.js');
    allowed('native/import/x.ts', '../export/xlsx-table.js');
    allowed('native/host/x.ts', '../export/map-png.js');
    allowed('native/host/x.ts', './dispatch.js');
    allowed('renderer/map/x.ts', '../ui/modal.js');
    allowed('renderer/features/areas/x.tsx', '../layers/layer-panel.js');
    allowed('renderer/features/areas/x.tsx', '../../map/map-view.js');
    allowed('renderer/shell/x.tsx', '../features/areas/areas-panel.js');
    allowed('renderer/shell/x.tsx', '../map/map-view.js');
    allowed('renderer/main.tsx', './shell/workbench.js');
    allowed('renderer/features/areas/x.tsx', '../../../native/contract/index.js');
  });
});

describe('the layer table', () => {
  it('has no cycle between layers: every allowed edge points down', () => {
    const order: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (layer: string, path: string[]): void => {
      if (state.get(layer) === 'done') return;
      if (state.get(layer) === 'visiting') throw new Error(`layer cycle: ${[...path, layer].join(' → ')}`);
      state.set(layer, 'visiting');
      for (const below of layers[layer] ?? []) visit(below, [...path, layer]);
      state.set(layer, 'done');
      order.push(layer);
    };
    for (const layer of Object.keys(layers)) visit(layer, []);
    expect(order).toHaveLength(Object.keys(layers).length);
  });

  it('names only layers it defines', () => {
    const unknown = Object.values(layers).flat().filter((l) => !(l in layers));
    expect(unknown).toEqual([]);
  });
});
