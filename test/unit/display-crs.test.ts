import { describe, expect, it } from 'vitest';
import { basemapCrs } from '../../native/contract/basemaps.js';
import { displayColumns, displayPositions, fromDisplay, gcj02ToWgs84, toDisplay, wgs84ToGcj02 } from '../../native/contract/display-crs.js';
import { toWgs84, wgs84To } from '../../native/geocode/crs.js';

// A spread of points over China, its edges and outside it (Seoul, Tokyo sit in gcoord's China box; Paris does not).
const points: Array<[number, number]> = [
  [120.15507, 30.27408],
  [116.39748, 39.90882],
  [121.4737, 31.23042],
  [113.26436, 23.12908],
  [87.61688, 43.82663],
  [91.1145, 29.64415],
  [126.978, 37.5665],
  [139.6917, 35.6895],
  [2.3522, 48.8566],
  [-74.006, 40.7128],
];

/** Metres between two nearby lng/lat points. */
function metres(a: readonly [number, number], b: readonly [number, number]): number {
  const k = 111_320;
  return Math.hypot((a[0] - b[0]) * k * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * k);
}

describe('display shift WGS-84 → GCJ-02', () => {
  it('equals gcoord (the library imports convert with) both ways', () => {
    for (const p of points) {
      const ours = wgs84ToGcj02(p[0], p[1]);
      const theirs = wgs84To('gcj02', p[0], p[1]);
      expect(metres(ours, theirs)).toBeLessThan(0.001);
      // gcoord stops its inverse at 1e-6° (≈ 10 cm); ours goes on to 1e-7°.
      expect(metres(gcj02ToWgs84(ours[0], ours[1]), toWgs84(theirs[0], theirs[1], 'gcj02'))).toBeLessThan(0.15);
    }
  });

  it('moves Hangzhou by the few hundred metres 高德 tiles are off, and round-trips to a centimetre', () => {
    const westLake: [number, number] = [120.15507, 30.27408];
    const shown = toDisplay(westLake[0], westLake[1], 'gcj02');
    expect(metres(westLake, shown)).toBeGreaterThan(300);
    expect(metres(westLake, shown)).toBeLessThan(700);
    expect(metres(fromDisplay(shown[0], shown[1], 'gcj02'), westLake)).toBeLessThan(0.01);
    expect(toDisplay(westLake[0], westLake[1], 'wgs84')).toEqual(westLake);
    // Outside the box nothing moves.
    expect(toDisplay(2.3522, 48.8566, 'gcj02')).toEqual([2.3522, 48.8566]);
  });

  it('shifts a columns object once and shares every other column', () => {
    const positions = new Float32Array(points.flat());
    const columns = { count: points.length, positions, roles: new Uint8Array(points.length), ids: new Uint32Array(points.length) };
    expect(displayColumns(columns, 'wgs84')).toBe(columns);
    const shown = displayColumns(columns, 'gcj02');
    expect(shown).not.toBe(columns);
    expect(displayColumns(columns, 'gcj02')).toBe(shown);
    expect(displayPositions(positions, 'gcj02')).toBe(shown.positions);
    expect(shown.roles).toBe(columns.roles);
    points.forEach((p, i) => {
      const expected = wgs84ToGcj02(Math.fround(p[0]), Math.fround(p[1]));
      expect(metres([shown.positions[2 * i] ?? 0, shown.positions[2 * i + 1] ?? 0], expected)).toBeLessThan(1.5);
    });
    expect(positions[0]).toBe(Math.fround(points[0]?.[0] ?? 0));
  });

  it('knows which basemaps are drawn in GCJ-02', () => {
    expect(basemapCrs('amap')).toBe('gcj02');
    expect(basemapCrs('tianditu')).toBe('wgs84');
    expect(basemapCrs('bundled')).toBe('wgs84');
    expect(basemapCrs('local:2', [{ id: 'local:2', crs: 'gcj02' }])).toBe('gcj02');
    expect(basemapCrs('local:3', [{ id: 'local:2', crs: 'gcj02' }])).toBe('wgs84');
  });
});
