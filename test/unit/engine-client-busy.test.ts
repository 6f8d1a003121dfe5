import { describe, expect, it } from 'vitest';
import { EngineClient, EngineError } from '../../renderer/engine/engine-client.js';
import type { Transport } from '../../renderer/engine/engine-client.js';

const busy = { code: 'PROJECT_BUSY' as const, message: '项目正被另一个导入占用（ketu import，进程 42），请稍后再试', details: { holder: 'ketu import', pid: 42 } };

/** A transport answering busy `times` times, then the area; it records every method sent. */
function busyTransport(times: number): { transport: Transport; sent: string[] } {
  const sent: string[] = [];
  let left = times;
  return {
    sent,
    transport: {
      request: (method) => {
        sent.push(method);
        if (left-- > 0) return Promise.resolve({ ok: false, error: busy });
        return Promise.resolve({ ok: true, result: { id: 7 } });
      },
      subscribe: () => () => undefined,
    },
  };
}

describe('a workbench call refused because the project is busy', () => {
  it('waits through the busy waiter and is sent again until it lands', async () => {
    const { transport, sent } = busyTransport(2);
    const client = new EngineClient(transport);
    const waited: string[] = [];
    client.setBusyWait((e) => {
      waited.push(e.message);
      return Promise.resolve();
    });
    await expect(client.call('areas.remove', { id: 7 })).resolves.toEqual({ id: 7 });
    expect(sent).toEqual(['areas.remove', 'areas.remove', 'areas.remove']);
    expect(waited).toEqual([busy.message, busy.message]);
  });

  it('fails with the engine’s message when there is no waiter, when the waiter gives up, and for project.create', async () => {
    await expect(new EngineClient(busyTransport(1).transport).call('areas.remove', { id: 7 })).rejects.toMatchObject({ code: 'PROJECT_BUSY', message: busy.message });
    const cancelled = new EngineClient(busyTransport(5).transport);
    cancelled.setBusyWait(() => Promise.reject(new EngineError({ code: 'CANCELLED', message: '已取消' })));
    await expect(cancelled.call('areas.remove', { id: 7 })).rejects.toMatchObject({ code: 'CANCELLED' });
    const create = busyTransport(1);
    const client = new EngineClient(create.transport);
    client.setBusyWait(() => Promise.resolve());
    await expect(client.call('project.create', { path: '/x.ketu', name: 'x' })).rejects.toMatchObject({ code: 'PROJECT_BUSY' });
    expect(create.sent).toEqual(['project.create']);
  });
});

describe('the busy message in both languages', () => {
  it('names the program and process that hold the project, in English too', async () => {
    const { errorMessage } = await import('../../renderer/engine/error-text.js');
    const error = new EngineError(busy);
    expect(errorMessage(error, 'zh-CN')).toBe(busy.message);
    const en = errorMessage(error, 'en');
    expect(en).toContain('ketu import');
    expect(en).toContain('process 42');
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
