import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesDir } from '../host/app-paths.js';
import { bboxOf, pointInPolygon } from './geometry.js';
import type { Ring } from './geometry.js';

/** Where a point lies in China's divisions, from the bundled boundaries (district only where bundled). */
export interface Division {
  district: string | null;
  city: string | null;
  province: string | null;
}


interface Area {
  name: string;
  city: string | null;
  province: string | null;
  bbox: [number, number, number, number];
  polygons: Ring[][];
}

interface Feature {
  properties: { name: string; city?: string; province?: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

const CELL = 0.5; // degrees: a coarse grid so each point is tested against a handful of polygons only

class GridIndex {
  private readonly cells = new Map<string, Area[]>();

  constructor(areas: Area[]) {
    for (const a of areas) {
      for (let cx = Math.floor(a.bbox[0] / CELL); cx <= Math.floor(a.bbox[2] / CELL); cx++) {
        for (let cy = Math.floor(a.bbox[1] / CELL); cy <= Math.floor(a.bbox[3] / CELL); cy++) {
          const key = `${cx}:${cy}`;
          const list = this.cells.get(key) ?? [];
          list.push(a);
          this.cells.set(key, list);
        }
      }
    }
  }

  find(x: number, y: number): Area | null {
    for (const a of this.cells.get(`${Math.floor(x / CELL)}:${Math.floor(y / CELL)}`) ?? []) {
      if (x < a.bbox[0] || x > a.bbox[2] || y < a.bbox[1] || y > a.bbox[3]) continue;
      if (a.polygons.some((p) => pointInPolygon(x, y, p))) return a;
    }
    return null;
  }
}

function load(file: string): Area[] {
  const data = JSON.parse(readFileSync(join(resourcesDir, 'basemap', file), 'utf8')) as { features: Feature[] };
  return data.features.map((f) => {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const bbox = bboxOf(polygons.map((p) => p[0] ?? []));
    return { name: f.properties.name, city: f.properties.city ?? null, province: f.properties.province ?? null, bbox, polygons };
  });
}

let cached: { districts: GridIndex; cities: GridIndex } | null = null;

/** Point-in-polygon against the bundled 区县 (四省市) and 城市 (all China) boundaries. */
export function divisionOf(lng: number, lat: number): Division {
  cached ??= { districts: new GridIndex(load('districts.geojson')), cities: new GridIndex(load('cities.geojson')) };
  const district = cached.districts.find(lng, lat);
  if (district !== null) return { district: district.name, city: district.city, province: district.province };
  const city = cached.cities.find(lng, lat);
  return { district: null, city: city?.name ?? null, province: city?.province ?? null };
}

let districtCache: Array<{ name: string; polygons: Ring[][] }> | null = null;

/** The bundled 区县 boundaries themselves (机会战场 by district). */
export function districtShapes(): ReadonlyArray<{ name: string; polygons: Ring[][] }> {
  districtCache ??= load('districts.geojson').map((a) => ({ name: a.name, polygons: a.polygons }));
  return districtCache;
}
