import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Migration 030's own copy of the 区县/城市 lookup, frozen as it shipped: later changes to
 * analysis/district-index.ts must not change what an old file is migrated to. The boundary data is
 * not copied (3.8 MB); it is read from the resources folder and must hash to what 030 shipped with.
 */
const shipped: Record<string, string> = {
  'districts.geojson': 'd5eebabd82e702f43d80838dc1b41faeb96e0b11f7e8035b9a3f008d5dd2db2a',
  'cities.geojson': '697d4e73c39b8ee5327608dc83caa3e1400e5a6476ebc8bc1a29f0936b3be726',
};

type Ring = Array<[number, number]>;

interface Area {
  name: string;
  city: string | null;
  bbox: [number, number, number, number];
  polygons: Ring[][];
}

interface Feature {
  properties: { name: string; city?: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] ?? [0, 0];
    const [xj, yj] = ring[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function pointInPolygon(x: number, y: number, rings: Ring[]): boolean {
  const [outer, ...holes] = rings;
  return outer !== undefined && pointInRing(x, y, outer) && !holes.some((h) => pointInRing(x, y, h));
}

function load(resourcesDir: string, file: string): Area[] {
  const bytes = readFileSync(join(resourcesDir, 'basemap', file));
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (hash !== shipped[file]) {
    // A build that changes the boundaries must freeze the old files here before it ships.
    throw new Error(`migration 030 needs the ${file} it shipped with (sha256 ${shipped[file] ?? '?'}), found ${hash}`);
  }
  const data = JSON.parse(bytes.toString('utf8')) as { features: Feature[] };
  return data.features.map((f) => {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of polygons) {
      for (const [x, y] of p[0] ?? []) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
      }
    }
    return { name: f.properties.name, city: f.properties.city ?? null, bbox: box, polygons };
  });
}

/** The first area, in file order, whose polygon holds the point. */
function find(areas: readonly Area[], x: number, y: number): Area | null {
  for (const a of areas) {
    if (x < a.bbox[0] || x > a.bbox[2] || y < a.bbox[1] || y > a.bbox[3]) continue;
    if (a.polygons.some((p) => pointInPolygon(x, y, p))) return a;
  }
  return null;
}

/** A place's 区县 (only in the bundled provinces) and 城市, as migration 030 computed them. */
export function frozenDivisions(resourcesDir: string): (lng: number, lat: number) => { district: string | null; city: string | null } {
  const districts = load(resourcesDir, 'districts.geojson');
  let cities: Area[] | null = null;
  return (lng, lat) => {
    const district = find(districts, lng, lat);
    if (district !== null) return { district: district.name, city: district.city };
    cities ??= load(resourcesDir, 'cities.geojson');
    return { district: null, city: find(cities, lng, lat)?.name ?? null };
  };
}
