import { KetuError } from '../contract/errors.js';
import type { AreaShape } from '../contract/methods.js';
import { circleRing, distinctCorners, selfIntersects } from './geometry.js';
import type { Ring } from './geometry.js';

const MAX_RADIUS_M = 200_000;

/**
 * The polygon of a drawn area, or a clear refusal: a degenerate area would give a wrong count, which is
 * worse than none.
 */
export function areaRing(shape: AreaShape): Ring {
  if (shape.kind === 'circle') {
    if (!Number.isFinite(shape.radiusM) || shape.radiusM <= 0) throw new KetuError('INVALID_PARAMS', `圆形区域的半径必须大于 0 米；收到：${shape.radiusM}`);
    if (shape.radiusM > MAX_RADIUS_M) throw new KetuError('INVALID_PARAMS', `圆形区域的半径不能超过 ${MAX_RADIUS_M / 1000} 公里；收到：${shape.radiusM} 米`);
    return circleRing(shape.lng, shape.lat, shape.radiusM);
  }
  const corners = distinctCorners(shape.ring);
  const unique = new Set(corners.map(([x, y]) => `${x},${y}`));
  if (unique.size < 3) throw new KetuError('INVALID_PARAMS', `多边形至少需要 3 个不同的顶点；收到 ${unique.size} 个`);
  if (unique.size < corners.length) throw new KetuError('INVALID_PARAMS', '多边形的边自相交（有重复经过的顶点），请重新绘制');
  if (selfIntersects(corners)) throw new KetuError('INVALID_PARAMS', '多边形的边自相交，请重新绘制');
  // Zero area (all corners on one line) is also no area at all.
  let twiceArea = 0;
  for (let i = 0; i < corners.length; i++) {
    const [x1, y1] = corners[i] ?? [0, 0];
    const [x2, y2] = corners[(i + 1) % corners.length] ?? [0, 0];
    twiceArea += x1 * y2 - x2 * y1;
  }
  if (Math.abs(twiceArea) < 1e-12) throw new KetuError('INVALID_PARAMS', '多边形的顶点在一条直线上，面积为 0');
  const ring = twiceArea < 0 ? [...corners].reverse() : corners;
  const first = ring[0];
  return first === undefined ? ring : [...ring, [first[0], first[1]]];
}
