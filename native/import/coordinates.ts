import gcoordModule from 'gcoord';

// gcoord's CommonJS build has no `default` key although its types declare one: take whichever exists.
const gcoord = (gcoordModule as unknown as { default?: typeof gcoordModule.default }).default ?? (gcoordModule as unknown as typeof gcoordModule.default);
import type { CrsName } from '../contract/methods.js';

/** Converts a declared input system to WGS-84, the only system stored in a project. */
export function toWgs84(lng: number, lat: number, crs: CrsName): [number, number] {
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.GCJ02, gcoord.WGS84);
  return [x, y];
}

export function fromWgs84(lng: number, lat: number, crs: CrsName): [number, number] {
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.WGS84, gcoord.GCJ02);
  return [x, y];
}

/** Parses a coordinate cell: numbers, or text such as "120.15" / " 120.15°". */
export function parseCoordinate(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/[°\s]/g, '');
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}
