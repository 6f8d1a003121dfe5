import { describe, expect, it } from 'vitest';
import { insideByScan, PlaceGrid } from '../../native/analysis/area-count.js';
import type { CountablePlaces } from '../../native/analysis/area-count.js';
import { circleRing } from '../../native/analysis/geometry.js';
import type { Ring } from '../../native/analysis/geometry.js';
import { seededRandom } from '../../native/demo/seeded-random.js';

// The grid answers "which places are inside" without testing most of them; it must give the plain scan's
// answer, place for place, including places on edges, corners and cell borders (the order is the cells').

function places(points: readonly [number, number][]): CountablePlaces {
  return { count: points.length, lng: Float64Array.from(points.map((p) => p[0])), lat: Float64Array.from(points.map((p) => p[1])) };
}

function sameAsScan(set: CountablePlaces, rings: readonly Ring[]): void {
  const grid = new PlaceGrid(set);
  const sorted = (a: number[]): number[] => [...a].sort((x, y) => x - y);
  for (const ring of rings) {
    const found = grid.inside(ring);
    expect(new Set(found).size).toBe(found.length);
    expect(sorted(found)).toEqual(insideByScan(set, ring));
  }
}

describe('PlaceGrid', () => {
  const rand = seededRandom(41);
  const spread = (n: number, cx: number, cy: number, r: number): [number, number][] =>
    Array.from({ length: n }, () => [cx + (rand() - 0.5) * 2 * r, cy + (rand() - 0.5) * 2 * r] as [number, number]);

  it('agrees with the scan on circles, squares, concave and star shapes over scattered places', () => {
    const pts = spread(20_000, 120.17, 30.25, 0.2);
    const star: Ring = [];
    for (let k = 0; k < 20; k++) {
      const r = k % 2 === 0 ? 0.08 : 0.02;
      const a = (k / 20) * 2 * Math.PI;
      star.push([120.15 + r * Math.cos(a), 30.27 + r * Math.sin(a)]);
    }
    star.push(star[0] ?? [0, 0]);
    const rings: Ring[] = [
      circleRing(120.17, 30.25, 3000),
      circleRing(120.05, 30.12, 800),
      [[120.1, 30.2], [120.2, 30.2], [120.2, 30.3], [120.1, 30.3], [120.1, 30.2]],
      // An L shape: its inner corner leaves whole cells outside inside the box.
      [[120.1, 30.1], [120.3, 30.1], [120.3, 30.15], [120.15, 30.15], [120.15, 30.35], [120.1, 30.35], [120.1, 30.1]],
      star,
      // A long thin diagonal sliver crossing many cells.
      [[120.0, 30.05], [120.34, 30.44], [120.341, 30.44], [120.001, 30.05], [120.0, 30.05]],
    ];
    sameAsScan(places(pts), rings);
  });

  it('agrees on places lying exactly on edges, corners and cell borders, and ignores places without coordinates', () => {
    const square: Ring = [[120.1, 30.2], [120.13, 30.2], [120.13, 30.23], [120.1, 30.23], [120.1, 30.2]];
    const pts: [number, number][] = [];
    for (let k = 0; k <= 30; k++) {
      const t = k / 1000;
      pts.push([120.1 + t, 30.2], [120.1 + t, 30.23], [120.1, 30.2 + t], [120.13, 30.2 + t], [120.1 + t, 30.2 + t]);
      pts.push([120.11, 30.2 + t], [120.1 + t, 30.21], [120.12 + 1e-12, 30.2 + t]);
    }
    pts.push([NaN, 30.21], [120.11, NaN], [Infinity, 30.2], [120.11, 30.21]);
    sameAsScan(places(pts), [square, circleRing(120.115, 30.215, 1200)]);
  });

  it('agrees when places spread over a continent and the cells go into a map', () => {
    const pts = [...spread(3000, 105, 35, 30), ...spread(3000, 120.17, 30.25, 0.05)];
    sameAsScan(places(pts), [circleRing(120.17, 30.25, 2500), [[80, 20], [130, 20], [130, 50], [80, 50], [80, 20]], circleRing(0, 0, 1000)]);
  });

  it('finds nothing in an empty project or for an area far from every place', () => {
    expect(new PlaceGrid(places([])).inside(circleRing(120, 30, 1000))).toEqual([]);
    sameAsScan(places(spread(500, 120.17, 30.25, 0.1)), [circleRing(116.4, 39.9, 5000), []]);
  });
});
