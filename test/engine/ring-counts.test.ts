import { describe, expect, it } from 'vitest';
import { DEFAULT_RINGS_KM } from '../../native/contract/layer-migrations.js';
import { zhCN } from '../../renderer/i18n/messages.js';
import type { MessageKey } from '../../renderer/i18n/messages.js';
import type { LayerContext } from '../../renderer/map/layers/layer-context.js';
import { ringCounts, sites } from '../../renderer/map/layers/sites.js';
import { sqlNumber } from '../support/sql-oracle.js';
import { withDemoCopy } from '../support/demo-engine.js';

/*
 * The rings round 本案 (the site layer's, the same circles 辐射区 draws as areas): homes per band and within
 * each ring, from the engine's place columns, against hand-written haversine SQL on the demo file.
 */

const t = (key: MessageKey, vars?: Record<string, string | number>): string => zhCN[key].replace(/\{(\w+)\}/g, (w, n: string) => String(vars?.[n] ?? w));

const HAVERSINE_KM = `2 * 6371.0088 * asin(min(1, sqrt(
  power(sin(radians(lat - ?) / 2), 2) + cos(radians(?)) * cos(radians(lat)) * power(sin(radians(lng - ?) / 2), 2))))`;

describe('ring counts', () => {
  it('counts homes by band (0–1, 1–3, 3–5 km) and cumulatively as SQL does, and the legend shows both', async () => {
    await withDemoCopy(async ({ call, path, info }) => {
      const site = info.sites.find((s) => s.kind === 'project');
      if (site === undefined) throw new Error('the demo has a 本案');
      const columns = await call('places.columns', {});
      const counts = ringCounts(site, DEFAULT_RINGS_KM, { columns, mapMask: null });
      const within = (km: number): number => sqlNumber(path, `SELECT count(*) FROM places WHERE role = 'home' AND ${HAVERSINE_KM} <= ?`, site.lat, site.lat, site.lng, km);
      expect(counts.map((c) => c.toKm)).toEqual([1, 3, 5]);
      for (const c of counts) {
        expect(c.cumulative, `within ${c.toKm} km`).toBe(within(c.toKm));
        expect(c.band, `${c.fromKm}–${c.toKm} km`).toBe(within(c.toKm) - (c.fromKm === 0 ? 0 : within(c.fromKm)));
      }
      expect(counts.at(-1)?.cumulative).toBeGreaterThan(0);

      const ctx: LayerContext = { columns, fields: new Map(), mapMask: null, sites: info.sites, districts: null, circles: [], pairs: new Map(), lang: 'zh-CN', t };
      const legend = sites.legend(sites.defaults('s', '本案'), ctx);
      const last = counts.at(-1);
      expect(legend.find((e) => e.label.startsWith('5 公里圈'))).toMatchObject({ shape: 'ring', label: `5 公里圈：3–5 公里住家 ${last?.band ?? ''} 户，5 公里内累计 ${last?.cumulative ?? ''} 户` });
    });
  });
});
