import gcoordModule from 'gcoord';

// gcoord's CommonJS build has no `default` key although its types declare one: take whichever exists.
const gcoord = (gcoordModule as unknown as { default?: typeof gcoordModule.default }).default ?? (gcoordModule as unknown as typeof gcoordModule.default);

/** 高德 answers in GCJ-02; gcoord inverts it iteratively (round trip ≈ 10 cm). */
export function gcj02ToWgs84(lng: number, lat: number): [number, number] {
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.GCJ02, gcoord.WGS84);
  return [x, y];
}

/** 百度 answers in BD-09 (bd09ll) unless asked otherwise. */
export function bd09ToWgs84(lng: number, lat: number): [number, number] {
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.BD09, gcoord.WGS84);
  return [x, y];
}

/** For tests and fakes: a WGS-84 point as a provider would report it. */
export function wgs84To(system: 'gcj02' | 'bd09', lng: number, lat: number): [number, number] {
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.WGS84, system === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09);
  return [x, y];
}
