import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../native/contract/events.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { migrations } from '../../native/store/migrations/index.js';
import { scopedTempDir } from '../support/files.js';
import { resourcesDir } from '../support/resources.js';
import { writeV10Project } from '../support/v10-project.js';

describe('opening an older project reports its upgrade', () => {
  it('emits backup, then one migrate step per migration, under the caller’s task id; a current file emits none', async () => {
    const d = scopedTempDir();
    const path = d.file('old.ketu');
    writeV10Project(path, 5000);
    const { dispatcher, engine } = createEngineHost(resourcesDir, 'KeTu 工作台');
    const events: ProgressEvent[] = [];
    const stop = dispatcher.subscribe((e) => {
      if (e.type === 'progress') events.push(e);
    });
    try {
      const opened = await dispatcher.call('project.open', { path, taskId: 'open-1' });
      expect(opened.ok).toBe(true);
      const steps = migrations.filter((m) => m.version > 10).length;
      expect(steps).toBeGreaterThanOrEqual(3);
      expect(events.map((e) => `${e.taskId} ${e.phase} ${e.done}/${e.total}`)).toEqual([
        'open-1 backup 0/1',
        'open-1 backup 1/1',
        ...Array.from({ length: steps + 1 }, (_, i) => `open-1 migrate ${i}/${steps}`),
      ]);
      events.length = 0;
      expect((await dispatcher.call('project.open', { path, taskId: 'open-2' })).ok).toBe(true);
      expect(events).toEqual([]);
    } finally {
      stop();
      engine.close();
    }
  });
});
