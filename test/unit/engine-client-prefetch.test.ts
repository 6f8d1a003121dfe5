import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../native/contract/index.js';
import { EngineClient } from '../../renderer/engine/engine-client.js';
import type { Transport } from '../../renderer/engine/engine-client.js';

/** An engine with one open project whose status names it; it records every call sent and can push events. */
function fakeEngine(): { transport: Transport; sent: string[]; open(path: string): void; emit(event: EngineEvent): void } {
  const sent: string[] = [];
  let path = '/a.ketu';
  const listeners: Array<(event: EngineEvent) => void> = [];
  return {
    sent,
    open: (next) => {
      path = next;
    },
    emit: (event) => listeners.forEach((l) => l(event)),
    transport: {
      request: (method, params) => {
        sent.push(method);
        if (method === 'project.open') path = (params as { path: string }).path;
        return Promise.resolve({ ok: true, result: { project: { path } } });
      },
      subscribe: (listener) => {
        listeners.push(listener);
        return () => undefined;
      },
    },
  };
}

const statusPath = async (client: EngineClient): Promise<string | undefined> => ((await client.call('app.status', {})) as unknown as { project: { path: string } }).project.path;

describe('answers asked for ahead of the workbench code', () => {
  it('hands the early answer to the first equal call only; later calls ask again', async () => {
    const engine = fakeEngine();
    const client = new EngineClient(engine.transport);
    client.prefetch('app.status', {});
    expect(engine.sent).toEqual(['app.status']);
    expect(await statusPath(client)).toBe('/a.ketu');
    expect(engine.sent).toEqual(['app.status']);
    await statusPath(client);
    expect(engine.sent).toEqual(['app.status', 'app.status']);
  });

  it('never hands out an answer about a project that is no longer open', async () => {
    const engine = fakeEngine();
    const client = new EngineClient(engine.transport);
    // Opened elsewhere (the menu, another window) before the workbench subscribes: the engine's event drops the early answer.
    client.prefetch('app.status', {});
    engine.open('/b.ketu');
    engine.emit({ type: 'project.changed', path: '/b.ketu' });
    expect(await statusPath(client)).toBe('/b.ketu');
    // Opened by this client: the same.
    client.prefetch('app.status', {});
    await client.call('project.open', { path: '/c.ketu' });
    expect(await statusPath(client)).toBe('/c.ketu');
    // A progress event changes no project: the early answer stands.
    client.prefetch('app.status', {});
    const sent = engine.sent.length;
    engine.emit({ type: 'progress', taskId: 't', phase: 'read', done: 1, total: 2 });
    expect(await statusPath(client)).toBe('/c.ketu');
    expect(engine.sent.length).toBe(sent);
  });

  it('asks again instead of handing out a refusal asked ahead (no project was open yet; one is now, its event missed)', async () => {
    let open = false;
    const sent: string[] = [];
    const transport: Transport = {
      request: (method) => {
        sent.push(method);
        return Promise.resolve(open ? { ok: true, result: { count: 3 } } : { ok: false, error: { code: 'NO_PROJECT_OPEN', message: '尚未打开项目文件' } });
      },
      // The event stream never opened in time: no project.changed reaches the client.
      subscribe: () => () => undefined,
    };
    const client = new EngineClient(transport);
    client.prefetch('places.columns', {});
    await Promise.resolve();
    open = true;
    expect(await client.call('places.columns', {})).toEqual({ count: 3 });
    expect(sent).toEqual(['places.columns', 'places.columns']);
  });
});
