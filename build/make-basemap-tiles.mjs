#!/usr/bin/env node
// Cuts the bundled basemap's provinces and cities (resources/basemap/*.geojson, 4.1 MB) into vector tiles at
// build time, so the map's one worker no longer parses and indexes them at every start (test/bench/README.md,
// first-frame): the worker then reads only the few small tiles on screen.
//
//   node build/make-basemap-tiles.mjs          (run by build/build.mjs when the inputs are newer)
//
// The tiles are cut with the options MapLibre's GeoJSON source uses (geojson-vt, 512 px tiles, extent 8192,
// buffer 128 px, tolerance 0.375 px), so up to MAX_ZOOM they hold the geometry a GeoJSON source would have made.
// Generated, never committed: resources/basemap/tiles/{z}/{x}/{y}.pbf, layers `provinces` and `cities`.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// MapLibre's own tiler and encoder (dependencies of maplibre-gl): the same code that cuts GeoJSON in its worker.
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const basemapDir = path.join(root, 'resources', 'basemap');
const outDir = path.join(basemapDir, 'tiles');

/** Deepest zoom cut; MapLibre overzooms beyond (renderer/map/basemap-style.ts sets the source's maxzoom to it). */
const MAX_ZOOM = 10;
const LAYERS = ['provinces', 'cities'];
const EXTENT = 8192;
const TILE_PX = 512;
const options = {
  maxZoom: MAX_ZOOM,
  indexMaxZoom: MAX_ZOOM,
  indexMaxPoints: 0,
  extent: EXTENT,
  buffer: 128 * (EXTENT / TILE_PX),
  tolerance: 0.375 * (EXTENT / TILE_PX),
};

const started = performance.now();
const indexes = LAYERS.map((name) => [name, new GeoJSONVT(JSON.parse(readFileSync(path.join(basemapDir, `${name}.geojson`), 'utf8')), options)]);
const keys = new Set();
for (const [, index] of indexes) {
  for (const tile of Object.values(index.tileIndex.tiles)) if (tile.features.length > 0) keys.add(`${tile.z}/${tile.x}/${tile.y}`);
}
// Written aside and moved in whole, so an interrupted run never leaves a partial set that looks current.
const tmpDir = `${outDir}.tmp`;
rmSync(tmpDir, { recursive: true, force: true });
let bytes = 0;
for (const key of [...keys].sort()) {
  const [z, x, y] = key.split('/').map(Number);
  const layers = {};
  for (const [name, index] of indexes) {
    const tile = index.getTile(z, x, y);
    if (tile !== null && tile.features.length > 0) layers[name] = tile;
  }
  const pbf = fromGeojsonVt(layers, { version: 2, extent: EXTENT });
  mkdirSync(path.join(tmpDir, String(z), String(x)), { recursive: true });
  writeFileSync(path.join(tmpDir, String(z), String(x), `${y}.pbf`), pbf);
  bytes += pbf.length;
}
rmSync(outDir, { recursive: true, force: true });
renameSync(tmpDir, outDir);
console.log(`basemap tiles: ${keys.size} tiles, ${(bytes / 1e6).toFixed(1)} MB, zoom 0–${MAX_ZOOM}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
