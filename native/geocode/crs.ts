import gcoordModule from 'gcoord';
import type { CrsName } from '../contract/methods.js';

// gcoord's CommonJS build has no `default` key although its types declare one: take whichever exists.
const gcoord = (gcoordModule as unknown as { default?: typeof gcoordModule.default }).default ?? (gcoordModule as unknown as typeof gcoordModule.default);

type Point = { type: 'Point'; coordinates: [number, number] };
const systems = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/**
 * One conversion for the whole engine (sheets, providers, tests). A GeoJSON point, not a bare position:
 * for a position gcoord formats the numbers into its assertion messages on every call, which costs more
 * than the conversion itself (100,000 rows an import). GCJ-02 is inverted iteratively (round trip ≈ 10 cm).
 */
function convert(lng: number, lat: number, from: CrsName, to: CrsName): [number, number] {
  if (from === to) return [lng, lat];
  return gcoord.transform<Point>({ type: 'Point', coordinates: [lng, lat] }, systems[from], systems[to]).coordinates;
}

/** A point in a declared system (高德 answers GCJ-02, 百度 BD-09 / bd09ll) as WGS-84, the only system stored. */
export function toWgs84(lng: number, lat: number, crs: CrsName): [number, number] {
  return convert(lng, lat, crs, 'wgs84');
}

/** A WGS-84 point as a provider or a sheet in that system would give it (tests and fakes). */
export function wgs84To(crs: CrsName, lng: number, lat: number): [number, number] {
  return convert(lng, lat, 'wgs84', crs);
}
