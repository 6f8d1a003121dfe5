import { describe, expect, it } from 'vitest';
import type { LayerConfig } from '../../native/contract/layers.js';
import { LAYER_CONFIG_VERSION } from '../../native/contract/layers.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { scopedTempDir } from '../support/files.js';
import { engineCall, refusalOf } from '../support/engine-call.js';
import type { EngineCall } from '../support/engine-call.js';
import type { MethodName, Params } from '../../native/contract/methods.js';
import { sqlRows, tableCounts } from '../support/sql-oracle.js';

function host(): { call: EngineCall; refusal<M extends MethodName>(m: M, p: Params<M>): Promise<string>; close(): void } {
  const { dispatcher, engine } = createEngineHost();
  return {
    call: engineCall(dispatcher),
    refusal: (m, p) => refusalOf(dispatcher, m, p),
    close: () => engine.close(),
  };
}

const edited: [LayerConfig, LayerConfig, LayerConfig, LayerConfig] = [
  { id: 'heat', name: '住家热力', type: 'heatmap', visible: true, opacity: 0.7, roles: ['home'], radiusPixels: 35, intensity: 1.5 },
  { id: 'ind', name: '行业', type: 'places-industry', visible: false, opacity: 0.9, roles: ['work'], radiusPixels: 4, filter: { stages: ['deals'] } },
  {
    id: 'area', name: '面积', type: 'places-field', visible: true, opacity: 1, roles: ['home'], field: 'area', scheme: 'quantile', classes: 5,
    palette: 'blues', radiusPixels: 3, sizeField: 'price',
  },
  { id: 'sites', name: '本案', type: 'sites', visible: true, opacity: 1, kinds: ['project'], ringsKm: [2, 4.5] },
];

describe('layers saved in the project file', () => {
  it('starts with defaults, saves the ordered list, and reads it back identical after close and reopen', async () => {
    const path = scopedTempDir().file('layers.ketu');
    const h = host();
    await h.call('project.create', { path, name: '测试', site: { lng: 120.1, lat: 30.2 } });
    const first = await h.call('layers.get', {});
    expect(first.map((l) => l.id)).toEqual(['home', 'work', 'leisure', 'sites']);
    expect(await h.call('layers.save', { layers: edited })).toEqual({ saved: 4 });
    await h.call('project.close', {});
    h.close();

    // What is on disk: one row per layer, in order, each with its version.
    const rows = sqlRows<{ position: number; config: string }>(path, 'SELECT position, config FROM layers ORDER BY position');
    expect(rows.map((r) => r.position)).toEqual([0, 1, 2, 3]);
    expect(rows.map((r) => (JSON.parse(r.config) as { version: number }).version)).toEqual([2, 2, 2, 2].map(() => LAYER_CONFIG_VERSION));

    const again = host();
    await again.call('project.open', { path });
    expect(await again.call('layers.get', {})).toEqual(edited);
    // Reorder and drop one: the list replaces the old one.
    await again.call('layers.save', { layers: [edited[3], edited[0]] });
    expect((await again.call('layers.get', {})).map((l) => l.id)).toEqual(['sites', 'heat']);
    // An emptied map stays empty: defaults do not come back.
    await again.call('layers.save', { layers: [] });
    expect(await again.call('layers.get', {})).toEqual([]);
    again.close();
  });

  it('refuses a project whose layers a newer KeTu saved, and keeps them on disk', async () => {
    const path = scopedTempDir().file('newer.ketu');
    const store = ProjectStore.create(path, { name: '测试' });
    store.layers.write([{ version: LAYER_CONFIG_VERSION, config: edited[0] }, { version: LAYER_CONFIG_VERSION + 1, config: { type: 'cube' } }]);
    store.close();
    const h = host();
    await h.call('project.open', { path });
    const refusal = await h.refusal('layers.get', {});
    expect(refusal).toMatch(/^LAYER_TOO_NEW: 第 2 个图层由更新版本的 KeTu 保存/);
    h.close();
    expect(tableCounts(path, ['layers'])).toEqual({ layers: 2 });
  });

  it('refuses duplicate ids and invalid configs without touching the saved list', async () => {
    const path = scopedTempDir().file('bad.ketu');
    const h = host();
    await h.call('project.create', { path, name: '测试' });
    await h.call('layers.save', { layers: edited });
    expect(await h.refusal('layers.save', { layers: [edited[0], edited[0]] })).toMatch(/^INVALID_PARAMS: 图层编号重复/);
    expect(await h.refusal('layers.save', { layers: [{ ...edited[0], opacity: 3 }] })).toMatch(/^INVALID_PARAMS/);
    expect(await h.call('layers.get', {})).toEqual(edited);
    h.close();
  });
});
