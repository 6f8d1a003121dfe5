import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GazetteerHit } from '../contract/methods.js';
import type { ProjectStore } from '../store/project-store.js';
import { normalizePlaceName } from '../store/geocode-store.js';
import { loadDivisions } from './address-parse.js';

interface BundledPlace {
  name: string;
  city: string;
  district: string | null;
  what: string;
  lng: number;
  lat: number;
}

interface SeedFile {
  project: { city: string };
  communities: Array<{ name: string; district: string; lng: number; lat: number }>;
  employers: Array<{ name: string; kind: string; district: string; lng: number; lat: number }>;
  leisure: Array<{ name: string; kind: string; lng: number; lat: number }>;
}

const bundledCache = new Map<string, BundledPlace[]>();

/** The real public places bundled with KeTu (the demo's seed: communities, employers, malls … of 杭州, WGS-84). */
function bundledPlaces(resourcesDir: string): BundledPlace[] {
  const path = join(resourcesDir, 'demo', 'hangzhou.json');
  const known = bundledCache.get(path);
  if (known !== undefined) return known;
  let seed: SeedFile;
  try {
    seed = JSON.parse(readFileSync(path, 'utf8')) as SeedFile;
  } catch {
    // A build without the seed still finds districts and cities.
    bundledCache.set(path, []);
    return [];
  }
  const city = seed.project.city;
  const places: BundledPlace[] = [
    ...seed.communities.map((c) => ({ name: c.name, city, district: c.district, what: '小区', lng: c.lng, lat: c.lat })),
    ...seed.employers.map((e) => ({ name: e.name, city, district: e.district, what: e.kind, lng: e.lng, lat: e.lat })),
    ...seed.leisure.map((l) => ({ name: l.name, city, district: null, what: l.kind, lng: l.lng, lat: l.lat })),
  ];
  bundledCache.set(path, places);
  return places;
}

/** Same city, written in full or short (杭州 / 杭州市). */
function sameCity(a: string | null, b: string): boolean {
  if (a === null) return false;
  const strip = (s: string): string => normalizePlaceName(s).replace(/市$/, '');
  return strip(a) === strip(b);
}

/**
 * `gazetteer.search`: names containing the query (or contained in it), for placing 本案 and 竞品 without
 * coordinates. The open project's own gazetteer first (its confirmed answers), then the bundled places,
 * then district and city centres; within each, places of `city` before others and shorter names first.
 */
export function searchGazetteer(store: ProjectStore | null, resourcesDir: string, query: string, city: string | undefined, limit: number): GazetteerHit[] {
  const key = normalizePlaceName(query);
  if (key === '') return [];
  const matches = (name: string): boolean => {
    const n = normalizePlaceName(name);
    return n.includes(key) || (key.length >= 2 && key.includes(n) && n.length >= 2);
  };
  const wanted = city?.trim() === '' ? undefined : city;
  const rank = (placeCity: string | null, name: string): number => (wanted !== undefined && sameCity(placeCity, wanted) ? 0 : 1) * 1000 + name.length;

  const own: GazetteerHit[] = (store?.geocoding.search(query, limit) ?? []).map((e) => ({
    label: e.name,
    detail: [e.city, e.district].filter((s) => s !== null && s !== '').join(' ') || '项目地名',
    lng: e.lng,
    lat: e.lat,
    source: 'project',
    precision: e.precision,
  }));
  const bundled = bundledPlaces(resourcesDir)
    .filter((p) => matches(p.name))
    .sort((a, b) => rank(a.city, a.name) - rank(b.city, b.name))
    .map((p): GazetteerHit => ({ label: p.name, detail: [p.city, p.district, p.what].filter((s) => s !== null).join(' · '), lng: p.lng, lat: p.lat, source: 'bundled', precision: 'community' }));
  const divisions = loadDivisions(resourcesDir);
  const divisionHits = [...divisions.districts, ...divisions.cities]
    .filter((d) => matches(d.name) || (d.short !== null && normalizePlaceName(d.short).includes(key)))
    .sort((a, b) => rank(a.city ?? a.name, a.name) - rank(b.city ?? b.name, b.name))
    .map((d): GazetteerHit => ({
      label: d.city === null ? d.name : `${d.city}${d.name}`,
      detail: d.level === 'district' ? '区县中心' : '城市中心',
      lng: d.lng,
      lat: d.lat,
      source: 'division',
      precision: d.level === 'district' ? 'district' : 'city',
    }));
  const seen = new Set<string>();
  return [...own, ...bundled, ...divisionHits]
    .filter((h) => {
      const k = `${h.label}@${h.lng.toFixed(4)},${h.lat.toFixed(4)}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, limit);
}
