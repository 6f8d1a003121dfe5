#!/usr/bin/env node
// One build for every host: engine, shell and benches compiled by tsc, the renderer bundled by Vite,
// the basemap's vector tiles and the demo project generated from their bundled sources (deterministic, so never committed).
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runAll, runStep } from './steps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const nativeOnly = process.argv.includes('--native-only');
const tool = (path, ...args) => ({ cmd: process.execPath, args: [path, ...args] });

const mtime = (p) => (existsSync(`${root}/${p}`) ? statSync(`${root}/${p}`).mtimeMs : 0);

// tsc and Vite each use one core: the engine and the renderer are built side by side.
await runAll(root, [
  [tool('node_modules/typescript/bin/tsc', '-b', 'native', 'electron', 'test')],
  nativeOnly
    ? []
    : [
        tool('node_modules/typescript/bin/tsc', '-p', 'renderer'),
        tool('node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'),
      ],
]);
// The bundled basemap's provinces and cities as vector tiles (generated, never committed; make-basemap-tiles.mjs).
const tilesStamp = 'resources/basemap/tiles/0/0/0.pbf';
const tilesInputs = ['resources/basemap/provinces.geojson', 'resources/basemap/cities.geojson', 'build/make-basemap-tiles.mjs'];
if (mtime(tilesStamp) < Math.max(...tilesInputs.map(mtime))) {
  await runStep(root, tool('build/make-basemap-tiles.mjs'));
}
const demo = 'resources/demo/demo.ketu';
const demoInputs = ['resources/demo/hangzhou.json', 'dist/native/demo/generate-demo.js', 'dist/native/store/migrations/index.js'];
if (mtime(demo) < Math.max(...demoInputs.map(mtime))) {
  await runStep(root, tool('build/ketu.mjs', 'demo', demo));
}
