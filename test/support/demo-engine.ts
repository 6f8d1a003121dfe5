import { copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProjectInfo } from '../../native/contract/index.js';
import type { Dispatcher } from '../../native/host/dispatch.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { engineCall } from './engine-call.js';
import type { EngineCall } from './engine-call.js';
import { scopedTempDir } from './files.js';

const demo = fileURLToPath(new URL('../../resources/demo/demo.ketu', import.meta.url));

/** Opens a fresh copy of the bundled demo project in an in-process engine, runs `fn`, and closes the engine. */
export async function withDemoCopy(fn: (open: { call: EngineCall; path: string; info: ProjectInfo; dispatcher: Dispatcher }) => Promise<void>): Promise<void> {
  if (!existsSync(demo)) throw new Error('run `node build/build.mjs` first: it generates resources/demo/demo.ketu');
  const path = scopedTempDir().file('demo.ketu');
  copyFileSync(demo, path);
  const { dispatcher, engine } = createEngineHost();
  try {
    const call = engineCall(dispatcher);
    const info = await call('project.open', { path });
    await fn({ call, path, info, dispatcher });
  } finally {
    engine.close();
  }
}
