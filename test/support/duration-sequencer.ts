import { relative } from 'node:path';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

/*
 * The e2e files run two at a time, so the run ends with the lane that started the last long file: the longest
 * files start first. Vitest orders by the durations it cached in node_modules on an earlier run, but a fresh
 * clone (CI) has none and it falls back to file size, which starts the 600 dpi print (a short file, two
 * minutes) among the last. A file without a cached duration takes its seconds measured on the two-core CI
 * machine below (new files: 0, after the listed ones; re-measure when a file's weight changes much).
 */
const measuredSeconds: Readonly<Record<string, number>> = {
  'test/e2e/areas.test.ts': 185,
  'test/e2e/print-cartography.test.ts': 160,
  'test/e2e/print-export.test.ts': 140,
  'test/e2e/print-tiles.test.ts': 130,
  'test/e2e/map-labels.test.ts': 90,
  'test/e2e/revision.test.ts': 80,
  'test/e2e/print-preview.test.ts': 80,
  'test/e2e/layers.test.ts': 70,
  'test/e2e/workbench.test.ts': 65,
  'test/e2e/project-files.test.ts': 60,
  'test/e2e/layout.test.ts': 55,
  'test/e2e/revision-print.test.ts': 55,
  'test/e2e/basemaps.test.ts': 50,
  'test/e2e/filters.test.ts': 47,
  'test/e2e/place-card.test.ts': 48,
  'test/e2e/offline-pack.test.ts': 45,
};

export class DurationSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const weight = (spec: TestSpecification): { failed: boolean; ms: number } => {
      const path = relative(root, spec.moduleId);
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${path}`);
      return { failed: cached?.failed === true, ms: cached?.duration ?? (measuredSeconds[path] ?? 0) * 1000 };
    };
    const order = files.map((spec) => ({ spec, ...weight(spec) }));
    // Projects one after another as vitest runs them; within one, a failed file first, then the longest.
    order.sort((a, b) => (a.spec.project.name === b.spec.project.name ? Number(b.failed) - Number(a.failed) || b.ms - a.ms : a.spec.project.name < b.spec.project.name ? -1 : 1));
    return Promise.resolve(order.map((o) => o.spec));
  }
}
