#!/usr/bin/env node
// The `ketu` bin: runs the compiled CLI; the engine is TypeScript compiled by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/native/host/cli-main.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('KeTu 尚未构建：请先运行 npm run build\n');
  process.exit(1);
}
await import(cli);
