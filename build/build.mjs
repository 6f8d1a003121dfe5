#!/usr/bin/env node
// One build for every host: the engine, shell and benches compiled by tsc, the renderer bundled by Vite.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nativeOnly = process.argv.includes('--native-only');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'native', 'electron', 'test']);
if (!nativeOnly) {
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'renderer']);
  run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
}
