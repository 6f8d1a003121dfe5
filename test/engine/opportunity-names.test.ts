import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Opportunity } from '../../native/contract/methods.js';
import { generateDemo } from '../../native/demo/generate-demo.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { engineCall } from '../support/engine-call.js';
import { tempDir } from '../support/files.js';
import { resourcesDir } from '../support/resources.js';
import { sqlRows } from '../support/sql-oracle.js';

type Pt = [number, number];

/** Ray casting over every ring of every district, read from the bundled file: no index, no grid. */
function districtAt(districts: Array<{ name: string; rings: Pt[][] }>, [x, y]: Pt): string | null {
  for (const d of districts) {
    let inside = false;
    for (const ring of d.rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i] ?? [0, 0];
        const [xj, yj] = ring[j] ?? [0, 0];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
    if (inside) return d.name;
  }
  return null;
}

function haversine(a: Pt, b: Pt): number {
  const r = Math.PI / 180;
  const h = Math.sin(((b[1] - a[1]) * r) / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(((b[0] - a[0]) * r) / 2) ** 2;
  return 2 * 6_371_008 * Math.asin(Math.sqrt(h));
}

describe('机会战场 a planner can use: named cells worth a visit', () => {
  const dir = tempDir();
  const project = dir.file('opp.ketu');
  const { dispatcher, engine } = createEngineHost();
  const call = engineCall(dispatcher);
  let site: Pt = [0, 0];
  let known: Array<{ name: string; kind: string; lng: number; lat: number }> = [];
  let districts: Array<{ name: string; rings: Pt[][] }> = [];

  beforeAll(async () => {
    const info = generateDemo(project, resourcesDir);
    const s = info.sites.find((x) => x.kind === 'project');
    if (s === undefined) throw new Error('demo has no 本案');
    site = [s.lng, s.lat];
    await call('project.open', { path: project });
    known = [
      ...sqlRows<{ name: string; kind: string; lng: number; lat: number }>(project, "SELECT name, kind, lng, lat FROM gazetteer WHERE kind IN ('community', 'employer', 'poi') AND precision NOT IN ('district', 'city')"),
      ...info.sites.map((x) => ({ name: x.name, kind: 'site', lng: x.lng, lat: x.lat })),
    ];
    const geo = JSON.parse(readFileSync(join(resourcesDir, 'basemap', 'districts.geojson'), 'utf8')) as {
      features: Array<{ properties: { name: string }; geometry: { type: 'Polygon'; coordinates: Pt[][] } | { type: 'MultiPolygon'; coordinates: Pt[][][] } }>;
    };
    districts = geo.features.map((f) => ({ name: f.properties.name, rings: f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat() }));
  });
  afterAll(() => {
    engine.close();
    dir.remove();
  });

  const inCell = (c: Opportunity, p: { lng: number; lat: number }): boolean => {
    const [w, s] = c.ring[0] ?? [0, 0];
    const [e, n] = c.ring[2] ?? [0, 0];
    return p.lng >= w && p.lng < e && p.lat >= s && p.lat < n;
  };

  it('names each cell by its district and nearest known place, leaves 本案 and near cells out, nearest first', async () => {
    const all = await call('areas.opportunities', { by: 'grid', radiusM: 6000, maxCount: 100_000, minDistanceM: 0, minCommunities: 0 });
    // 本案's own cell is never a 机会战场.
    expect(all.cells.some((c) => inCell(c, { lng: site[0], lat: site[1] }))).toBe(false);
    expect(all.cells.length).toBeGreaterThan(50);
    const communities = known.filter((k) => k.kind === 'community');
    for (const c of all.cells) {
      const district = districtAt(districts, c.center);
      // The nearest known place by a plain loop (ties: the first, as listed: communities before sites before others).
      let best: (typeof known)[number] | null = null;
      let bestM = Infinity;
      for (const k of known) {
        const d = haversine(c.center, [k.lng, k.lat]);
        if (d < bestM - 0.5) {
          bestM = d;
          best = k;
        }
      }
      const nearest = best !== null && bestM <= 3000 ? best.name : null;
      expect(c.district, c.key).toBe(district);
      expect(c.nearest, c.key).toBe(nearest);
      const base = [district, nearest === null ? null : `近${nearest}`].filter((x) => x !== null).join(' · ');
      expect(c.label.startsWith(base), `${c.label} / ${base}`).toBe(true);
      expect(c.label).not.toMatch(/[东西][0-9]+|[南北][0-9]+/);
      expect(c.communities).toBe(communities.filter((k) => inCell(c, k)).length);
    }
    // Names tell cells apart.
    expect(new Set(all.cells.map((c) => c.label)).size).toBe(all.cells.length);
    const distances = all.cells.map((c) => c.distanceM);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));

    // The defaults leave out cells within 1 km and cells with no known community; both can be changed.
    const worth = await call('areas.opportunities', { by: 'grid', radiusM: 6000, maxCount: 100_000 });
    expect(worth.cells.map((c) => c.key)).toEqual(all.cells.filter((c) => c.distanceM >= 1000 && c.communities >= 1).map((c) => c.key));
    expect(worth.cells.length).toBeGreaterThan(0);
    expect(worth.cells.length).toBeLessThan(all.cells.length);
    const far = await call('areas.opportunities', { by: 'grid', radiusM: 6000, maxCount: 100_000, minDistanceM: 3000, minCommunities: 2 });
    expect(far.cells.map((c) => c.key)).toEqual(all.cells.filter((c) => c.distanceM >= 3000 && c.communities >= 2).map((c) => c.key));
  });
});
