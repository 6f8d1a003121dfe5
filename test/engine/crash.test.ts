import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../native/store/project-store.js';
import { checkAfterKill, killDuring, makeKillFixtures, resetKillTarget } from '../support/kill-scenarios.js';
import { scopedTempDir } from '../support/files.js';

// The short version of `run.js kill-loop` (test/bench/kill-loop.ts): the same children and checks.
const N = 150_000;
const whole = { integrityFailed: false, partialBatch: false, unopenable: false, problems: [] };

describe('a crash while writing', () => {
  it('loses nothing committed and leaves no half batch, whenever an import dies', async () => {
    const d = scopedTempDir();
    const fixtures = makeKillFixtures(d.dir, 0);
    const project = d.file('crash.ketu');
    resetKillTarget('import', fixtures, project);
    for (const afterMs of [50, 250, 600, 'done'] as const) {
      await killDuring('import', project, afterMs, N);
      expect(checkAfterKill('import', project, fixtures, N)).toEqual(whole);
    }
    // The batch committed just before the kill is there in full.
    const reopened = ProjectStore.open(project);
    expect(reopened.info().counts.places).toBeGreaterThanOrEqual(1 + N);
    reopened.close();
  });

  it('leaves every area row whole when the process dies during area edits', async () => {
    const d = scopedTempDir();
    const fixtures = makeKillFixtures(d.dir, 0);
    const project = d.file('areas.ketu');
    resetKillTarget('areas', fixtures, project);
    await killDuring('areas', project, 400);
    expect(checkAfterKill('areas', project, fixtures, 0)).toEqual(whole);
    const reopened = ProjectStore.open(project);
    expect(reopened.areas.list().length).toBeGreaterThan(0);
    reopened.close();
  });

  it('leaves an old project at some schema with all its rows when the process dies while migrating', async () => {
    const d = scopedTempDir();
    const fixtures = makeKillFixtures(d.dir, 20_000);
    const project = d.file('migrate.ketu');
    resetKillTarget('migration', fixtures, project);
    expect(await killDuring('migration', project, 100)).toBe(true);
    expect(checkAfterKill('migration', project, fixtures, 0)).toEqual(whole);
  });
});
