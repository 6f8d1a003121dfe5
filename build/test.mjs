#!/usr/bin/env node
// The whole suite, as CI runs it: build; then lint beside the unit and engine tests (each uses one core);
// then the workbench in Chromium.
import { fileURLToPath } from 'node:url';
import { runAll, runStep } from './steps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const tool = (path, ...args) => ({ cmd: process.execPath, args: [path, ...args] });
const vitest = (...projects) => tool('node_modules/vitest/vitest.mjs', 'run', '--config', 'test/vitest.config.ts', ...projects.flatMap((p) => ['--project', p]));

await runStep(root, tool('build/build.mjs'));
await runAll(root, [[vitest('unit', 'engine')], [tool('node_modules/eslint/bin/eslint.js', '--config', 'build/eslint.config.mjs', '--max-warnings', '0', '.')]]);
await runStep(root, vitest('e2e'));
