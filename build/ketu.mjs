#!/usr/bin/env node
// The `ketu` bin: runs the compiled CLI; the engine is TypeScript compiled by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `npm run ketu -- new x.ketu` runs here with the repository as working folder; npm names the caller's
// folder in INIT_CWD, so relative paths mean what the user typed.
if (process.env.npm_lifecycle_event === 'ketu' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

const cli = fileURLToPath(new URL('../dist/native/host/cli-main.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('KeTu 尚未构建：请先运行 npm run build\n');
  process.exit(1);
}
await import(cli);
