#!/usr/bin/env node
// One build for every host: engine, shell and benches compiled by tsc, the renderer bundled by Vite,
// and the demo project generated from its bundled sources (deterministic, so it is never committed).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nativeOnly = process.argv.includes('--native-only');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const mtime = (p) => (existsSync(`${root}/${p}`) ? statSync(`${root}/${p}`).mtimeMs : 0);

run(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'native', 'electron', 'test']);
if (!nativeOnly) {
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'renderer']);
  run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
}
const demo = 'resources/demo/demo.ketu';
const demoInputs = ['resources/demo/hangzhou.json', 'dist/native/demo/generate-demo.js', 'dist/native/store/migrations/index.js'];
if (mtime(demo) < Math.max(...demoInputs.map(mtime))) {
  run(process.execPath, ['build/ketu.mjs', 'demo', demo]);
}
