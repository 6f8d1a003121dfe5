// Counting a million places in 50 drawn areas through the grid index the engine uses, against a
// plain point-in-polygon loop over every place and area, in the same run. Prints figures; asserts nothing.
import { performance } from 'node:perf_hooks';
import { insideByScan, PlaceGrid } from '../../native/analysis/area-count.js';
import type { CountablePlaces } from '../../native/analysis/area-count.js';
import { areaRing } from '../../native/analysis/area-shape.js';
import type { Ring } from '../../native/analysis/geometry.js';
import { seededRandom } from '../../native/demo/seeded-random.js';

export interface AreaCountReport {
  places: number;
  areas: number;
  indexBuildMs: number;
  indexCountMs: number;
  scanCountMs: number;
  inside: number;
  equal: boolean;
}

/** Places spread over Hangzhou (denser in the centre) and 50 areas: circles of 1–5 km and squares. */
function makeData(n: number, areaCount: number): { places: CountablePlaces; rings: Ring[] } {
  const rand = seededRandom(6);
  const lng = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = 0.3 * Math.sqrt(rand()) * (rand() < 0.7 ? 0.3 : 1);
    const a = rand() * 2 * Math.PI;
    lng[i] = 120.17 + r * Math.cos(a);
    lat[i] = 30.25 + r * Math.sin(a) * 0.85;
  }
  const rings: Ring[] = [];
  for (let k = 0; k < areaCount; k++) {
    const cx = 120.0 + rand() * 0.35;
    const cy = 30.1 + rand() * 0.3;
    if (k % 2 === 0) rings.push(areaRing({ kind: 'circle', lng: cx, lat: cy, radiusM: 1000 + rand() * 4000 }));
    else {
      const h = 0.01 + rand() * 0.03;
      rings.push(areaRing({ kind: 'polygon', ring: [[cx - h, cy - h], [cx + h, cy - h], [cx + h, cy + h], [cx - h, cy + h]] }));
    }
  }
  return { places: { count: n, lng, lat }, rings };
}

export function runAreaCount(n: number, areaCount = 50): AreaCountReport {
  const { places, rings } = makeData(n, areaCount);
  let t = performance.now();
  const grid = new PlaceGrid(places);
  const indexBuildMs = performance.now() - t;
  t = performance.now();
  const viaIndex = rings.map((r) => grid.inside(r).length);
  const indexCountMs = performance.now() - t;
  t = performance.now();
  const viaScan = rings.map((r) => insideByScan(places, r).length);
  const scanCountMs = performance.now() - t;
  return {
    places: n,
    areas: areaCount,
    indexBuildMs,
    indexCountMs,
    scanCountMs,
    inside: viaIndex.reduce((a, b) => a + b, 0),
    equal: viaIndex.every((v, i) => v === viaScan[i]),
  };
}

export function formatAreaCount(r: AreaCountReport): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
  return [
    `\narea-count, ${r.places.toLocaleString('en')} places × ${r.areas} areas (${r.inside.toLocaleString('en')} place-in-area hits; index and scan agree: ${r.equal ? 'yes' : 'NO'})`,
    `  grid index build      ${s(r.indexBuildMs)}`,
    `  count via index       ${s(r.indexCountMs)}`,
    `  count via plain scan  ${s(r.scanCountMs)}`,
    `area-count: index ${s(r.indexBuildMs + r.indexCountMs)} (build + count) vs scan ${s(r.scanCountMs)}, ${(r.scanCountMs / (r.indexBuildMs + r.indexCountMs)).toFixed(1)}× faster (count alone ${(r.scanCountMs / r.indexCountMs).toFixed(1)}×)`,
  ].join('\n');
}
