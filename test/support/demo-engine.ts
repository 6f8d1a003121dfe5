import { copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProjectInfo } from '../../native/contract/index.js';
import type { Dispatcher } from '../../native/host/dispatch.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { engineCall } from './engine-call.js';
import type { EngineCall } from './engine-call.js';
import { scopedTempDir, writeXlsx } from './files.js';

const demo = fileURLToPath(new URL('../../resources/demo/demo.ketu', import.meta.url));

/** An in-process engine for setting a project up before a test opens it: runs `fn`, then closes the engine. */
export async function withEngine<T>(fn: (call: EngineCall, dispatcher: Dispatcher) => Promise<T>): Promise<T> {
  const { dispatcher, engine } = createEngineHost();
  try {
    return await fn(engineCall(dispatcher), dispatcher);
  } finally {
    engine.close();
  }
}

/** A new project holding one customer at `place` (WGS-84), imported from an .xlsx written beside it. */
export async function createOneCustomerProject(path: string, name: string, place: readonly [number, number]): Promise<void> {
  const xlsx = `${path}.一位客户.xlsx`;
  await writeXlsx(xlsx, [['姓名', '经度', '纬度'], ['王先生', place[0], place[1]]]);
  await withEngine(async (call) => {
    await call('project.create', { path, name });
    await call('import.commit', { file: xlsx, crs: 'wgs84' });
  });
}

/** Opens a fresh copy of the bundled demo project in an in-process engine, runs `fn`, and closes the engine. */
export async function withDemoCopy(fn: (open: { call: EngineCall; path: string; info: ProjectInfo; dispatcher: Dispatcher }) => Promise<void>): Promise<void> {
  if (!existsSync(demo)) throw new Error('run `node build/build.mjs` first: it generates resources/demo/demo.ketu');
  const path = scopedTempDir().file('demo.ketu');
  copyFileSync(demo, path);
  await withEngine(async (call, dispatcher) => {
    const info = await call('project.open', { path });
    await fn({ call, path, info, dispatcher });
  });
}
