import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/messages.js';
import type { MessageKey } from '../../renderer/i18n/messages.js';
import type { LayerContext } from '../../renderer/map/layers/layer-context.js';
import { groupPlaces, groupRadius, MAX_GROUP_RADIUS } from '../../renderer/map/layers/place-groups.js';
import { placesRole } from '../../renderer/map/layers/places-role.js';
import { layerLegend } from '../../renderer/map/layers/registry.js';
import { sqlRows } from '../support/sql-oracle.js';
import { withDemoCopy } from '../support/demo-engine.js';

/*
 * Grouped symbols on the demo project: the columns and name fields come from the engine, the counts each
 * community's disc stands for are checked against hand-written SQL on the file.
 */

const t = (key: MessageKey, vars?: Record<string, string | number>): string => en[key].replace(/\{(\w+)\}/g, (w, n: string) => String(vars?.[n] ?? w));

describe('grouped symbols', () => {
  it('draws one disc per community whose count is the number of homes SQL finds there, biggest drawn first', async () => {
    await withDemoCopy(async ({ call, path }) => {
      const columns = await call('places.columns', {});
      const community = await call('places.field', { field: 'community' });
      const employer = await call('places.field', { field: 'employer' });
      const ctx: LayerContext = { columns, fields: new Map([['community', community], ['employer', employer]]), mapMask: null, sites: [], districts: null, circles: [], pairs: new Map(), lang: 'en', t };
      const config = placesRole.defaults('g', 'homes');
      const homes = { ...config, roles: ['home' as const], symbols: 'grouped' as const };
      const layers = placesRole.render(homes, ctx);
      expect(layers.map((l) => l.id)).toEqual(['layer:g:groups', 'layer:g:group-counts']);

      // Every shown home, in its community's group.
      const colors = new Uint8Array(columns.count * 4);
      for (let i = 0; i < columns.count; i++) colors[4 * i + 3] = columns.roles[i] === 0 ? 255 : 0;
      const groups = groupPlaces(ctx, colors);
      const expected = sqlRows<{ name: string; n: number }>(path, "SELECT name, count(*) AS n FROM places WHERE role = 'home' AND name IS NOT NULL GROUP BY name ORDER BY n DESC, name");
      const byName = new Map(groups.names.map((name, g) => [name, groups.counts[g] ?? 0]));
      expect(groups.names.length).toBe(expected.length);
      for (const row of expected) expect(byName.get(row.name), row.name).toBe(row.n);
      expect(byName.get('桂花城')).toBe(expected.find((r) => r.name === '桂花城')?.n);
      // Biggest first, so smaller discs are drawn over them and stay visible.
      expect([...groups.counts]).toEqual([...groups.counts].sort((a, b) => b - a));
      // Area ∝ count: 4× the homes, twice the radius; the largest stays within the cap.
      expect(groupRadius(4 * 9, 3.5, groups.maxCount) / groupRadius(9, 3.5, groups.maxCount)).toBeCloseTo(2, 5);
      expect(groupRadius(groups.maxCount, 3.5, groups.maxCount)).toBeCloseTo(MAX_GROUP_RADIUS, 5);
      // The legend explains the size with the largest group's count.
      const legend = layerLegend(homes, ctx);
      expect(legend.map((e) => e.label)).toContain(`${groups.maxCount} households (disc area by count)`);
    });
  });
});
