import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../native/contract/index.js';
import { withDemoCopy } from '../support/demo-engine.js';

/* Electron's 导出 PDF lays its pages out with print.preview under the dialog's task: the bar moves by page. */
describe('print.preview under a task', () => {
  it('reports progress page by page under its taskId, and none without one', async () => {
    await withDemoCopy(async ({ call, dispatcher }) => {
      const events: EngineEvent[] = [];
      const stop = dispatcher.subscribe((e) => events.push(e));
      const r = await call('print.preview', { templates: ['排名', '排名'], taskId: 'pdf-1' });
      expect(r.pages).toHaveLength(2);
      const steps = events.flatMap((e) => (e.type === 'progress' && e.taskId === 'pdf-1' ? [[e.done, e.total]] : []));
      expect(steps).toEqual([
        [0, 2],
        [1, 2],
        [2, 2],
      ]);
      events.length = 0;
      await call('print.preview', { templates: ['排名'] });
      expect(events.filter((e) => e.type === 'progress')).toEqual([]);
      stop();
    });
  });
});
