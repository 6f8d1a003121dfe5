import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Division } from '../../native/analysis/district-index.js';
import { bboxOf, pointInPolygon } from '../../native/analysis/geometry.js';
import type { Ring } from '../../native/analysis/geometry.js';
import { seededRandom } from '../../native/demo/seeded-random.js';
import { frozenDivisions } from '../../native/store/migrations/030-frozen/divisions.js';
import { divisionOf, resourcesDir } from '../support/resources.js';

interface Feature {
  properties: { name: string; city?: string; province?: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

interface Shape {
  name: string;
  city: string | null;
  province: string | null;
  bbox: [number, number, number, number];
  polygons: Ring[][];
}

function shapes(file: string): Shape[] {
  const data = JSON.parse(readFileSync(join(resourcesDir, 'basemap', file), 'utf8')) as { features: Feature[] };
  return data.features.map((f) => {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    return { name: f.properties.name, city: f.properties.city ?? null, province: f.properties.province ?? null, bbox: bboxOf(polygons.map((p) => p[0] ?? [])), polygons };
  });
}

const districts = shapes('districts.geojson');
const cities = shapes('cities.geojson');

/** The definition the index must keep: the first district in file order holding the point, else the first city. */
function byScan(x: number, y: number): Division {
  const holds = (s: Shape): boolean => x >= s.bbox[0] && x <= s.bbox[2] && y >= s.bbox[1] && y <= s.bbox[3] && s.polygons.some((p) => pointInPolygon(x, y, p));
  const district = districts.find(holds);
  if (district !== undefined) return { district: district.name, city: district.city, province: district.province };
  const city = cities.find(holds);
  return { district: null, city: city?.name ?? null, province: city?.province ?? null };
}

describe('divisionOf', () => {
  it('gives what a scan of every boundary gives, inside cells, on edges and at corners', () => {
    const rand = seededRandom(7);
    const points: Array<[number, number]> = [];
    // Over the bundled districts (and their surroundings), and over the whole of China for cities.
    for (let i = 0; i < 20_000; i++) points.push([114.5 + rand() * 9, 26.8 + rand() * 9]);
    for (let i = 0; i < 5_000; i++) points.push([73 + rand() * 62, 18 + rand() * 36]);
    // Clustered as customers are: many points in the same fine cell, answered from the first one.
    for (let i = 0; i < 5_000; i++) points.push([120.15 + rand() * 0.02, 30.27 + rand() * 0.02]);
    // Vertices, points a hair beside them and points a little off: the cells edges run through.
    for (const s of districts) {
      for (const ring of s.polygons.flat()) {
        for (let k = 0; k < ring.length; k += 5) {
          const [x, y] = ring[k] ?? [0, 0];
          points.push([x, y], [x + 1e-9, y], [x, y - 1e-9], [x + (rand() - 0.5) * 0.01, y + (rand() - 0.5) * 0.01]);
        }
      }
    }
    points.push([Number.NaN, 30], [120, Number.POSITIVE_INFINITY], [-120, -30], [0, 0]);
    // Twice over: the second pass reads the answers the first one left in the grid.
    for (const pass of [1, 2]) {
      const wrong = points.filter(([x, y]) => JSON.stringify(divisionOf(x, y)) !== JSON.stringify(byScan(x, y)));
      expect({ pass, wrong: wrong.slice(0, 5) }).toEqual({ pass, wrong: [] });
    }
  });

  it("matches migration 030's frozen copy while the bundled boundaries are the ones 030 shipped with", () => {
    const frozen = frozenDivisions(resourcesDir);
    const rand = seededRandom(11);
    const points = Array.from({ length: 20_000 }, (): [number, number] => [114.5 + rand() * 9, 26.8 + rand() * 9]);
    const wrong = points.filter(([x, y]) => {
      const live = divisionOf(x, y);
      return JSON.stringify(frozen(x, y)) !== JSON.stringify({ district: live.district, city: live.city });
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
