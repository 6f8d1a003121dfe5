/*
 * Display shift: storage is WGS-84; a basemap drawn in GCJ-02 (高德) gets every drawn position shifted
 * onto it, and every position read off the map (cursor, click, drag) shifted back. Pure TS so the
 * renderer and the engine share it. The formula is the published GCJ-02 one, as gcoord 1.0.7 has it
 * (same China box, same iterative inverse); written out here because gcoord's per-point API costs
 * ~1.5 s per million points, this loop ~0.15 s. test/unit/display-crs.test.ts holds the two equal.
 */

/** The systems a basemap is drawn in. */
export type DisplayCrs = 'wgs84' | 'gcj02';

const A = 6378245;
const EE = 0.006693421622965943;
const { sin, cos, sqrt, abs, PI } = Math;

/** gcoord's test for "inside China": a rectangle (Korea and Japan shift too, as on 高德's own tiles). */
function inChinaBox(lng: number, lat: number): boolean {
  return lng >= 72.004 && lng <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

/** GCJ-02 offset in degrees at a WGS-84 point; written to `out` so a loop over a column allocates nothing. */
function offset(lng: number, lat: number, out: [number, number]): void {
  const x = lng - 105;
  const y = lat - 35;
  const common = ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x)) + common;
  dLat += ((20 * sin(y * PI) + 40 * sin((y / 3) * PI)) * 2) / 3;
  dLat += ((160 * sin((y / 12) * PI) + 320 * sin((y * PI) / 30)) * 2) / 3;
  let dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x)) + common;
  dLng += ((20 * sin(x * PI) + 40 * sin((x / 3) * PI)) * 2) / 3;
  dLng += ((150 * sin((x / 12) * PI) + 300 * sin((x / 30) * PI)) * 2) / 3;
  const radLat = (lat / 180) * PI;
  let magic = sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = sqrt(magic);
  out[0] = (dLng * 180) / ((A / sqrtMagic) * cos(radLat) * PI);
  out[1] = (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * PI);
}

const scratch: [number, number] = [0, 0];

export function wgs84ToGcj02(lng: number, lat: number): [number, number] {
  if (!inChinaBox(lng, lat)) return [lng, lat];
  offset(lng, lat, scratch);
  return [lng + scratch[0], lat + scratch[1]];
}

/** Iterative inverse (the offset changes slowly): converges to 1e-7° (≈ 1 cm) in a few steps. */
export function gcj02ToWgs84(lng: number, lat: number): [number, number] {
  if (!inChinaBox(lng, lat)) return [lng, lat];
  let x = lng;
  let y = lat;
  for (let i = 0; i < 20; i++) {
    const [gx, gy] = wgs84ToGcj02(x, y);
    const dx = gx - lng;
    const dy = gy - lat;
    if (abs(dx) < 1e-7 && abs(dy) < 1e-7) break;
    x -= dx;
    y -= dy;
  }
  return [x, y];
}

/** A stored (WGS-84) position as drawn on a basemap in `crs`. */
export function toDisplay(lng: number, lat: number, crs: DisplayCrs): [number, number] {
  return crs === 'gcj02' ? wgs84ToGcj02(lng, lat) : [lng, lat];
}

/** A position read off a basemap in `crs` (cursor, click, drag) as stored, WGS-84. */
export function fromDisplay(lng: number, lat: number, crs: DisplayCrs): [number, number] {
  return crs === 'gcj02' ? gcj02ToWgs84(lng, lat) : [lng, lat];
}

/** A ring or line of [lng, lat] as drawn (areas, rings round sites). */
export function displayRing(ring: ReadonlyArray<readonly [number, number]>, crs: DisplayCrs): Array<[number, number]> {
  return ring.map(([lng, lat]) => toDisplay(lng, lat, crs));
}

const shifted = new WeakMap<Float32Array, Float32Array>();

/**
 * Interleaved lng,lat positions as drawn: the same array for WGS-84, else a shifted copy made once per
 * array and kept while the array lives, so recolouring and redraws never shift again.
 */
export function displayPositions(positions: Float32Array, crs: DisplayCrs): Float32Array {
  if (crs === 'wgs84') return positions;
  const cached = shifted.get(positions);
  if (cached !== undefined) return cached;
  const out = new Float32Array(positions.length);
  for (let i = 0; i + 1 < positions.length; i += 2) {
    const lng = positions[i] ?? 0;
    const lat = positions[i + 1] ?? 0;
    if (inChinaBox(lng, lat)) {
      offset(lng, lat, scratch);
      out[i] = lng + scratch[0];
      out[i + 1] = lat + scratch[1];
    } else {
      out[i] = lng;
      out[i + 1] = lat;
    }
  }
  shifted.set(positions, out);
  return out;
}

const shiftedColumns = new WeakMap<object, object>();

/**
 * Any columns object with interleaved `positions` (places.columns, highlight points …) as drawn:
 * itself for WGS-84, else one cached copy with shifted positions and every other column shared.
 */
export function displayColumns<T extends { positions: Float32Array }>(columns: T, crs: DisplayCrs): T {
  if (crs === 'wgs84') return columns;
  const cached = shiftedColumns.get(columns) as T | undefined;
  if (cached !== undefined) return cached;
  const out: T = { ...columns, positions: displayPositions(columns.positions, crs) };
  shiftedColumns.set(columns, out);
  return out;
}
