import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { DurationSequencer } from './support/duration-sequencer.js';
import { SummaryReporter } from './support/summary-reporter.js';

const root = fileURLToPath(new URL('..', import.meta.url));

// Three suites: pure units, the engine on real SQLite files, and the workbench in Chromium.
export default defineConfig({
  root,
  test: {
    reporters: ['default', new SummaryReporter()],
    // Longest files first, also on a fresh clone without vitest's cache of durations (duration-sequencer.ts).
    sequence: { sequencer: DurationSequencer },
    projects: [
      // Lint runs beside these suites in `npm test`, so a heavy unit test gets more than the default 5 s.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      { extends: true, test: { name: 'engine', include: ['test/engine/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Two files at a time: a file spends much of its time waiting on the engine or Chromium start-up.
          // Every file starts its own engine, host and browser on free ports, so files share nothing.
          maxWorkers: 2,
          // expect.poll's own default (1 s) is shorter than a UI round trip on a loaded two-core machine with
          // two files running: a click, an engine call and a re-render failed it once in CI.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
