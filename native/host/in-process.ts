import { createDispatcher, TaskRegistry } from './dispatch.js';
import type { Dispatcher } from './dispatch.js';
import { createHandlers, Engine } from './engine.js';

/** Engine + dispatcher in this process: used by the CLI, the HTTP host and the Electron utility process. */
export function createEngineHost(): { engine: Engine; dispatcher: Dispatcher } {
  const engine = new Engine();
  const tasks = new TaskRegistry();
  return { engine, dispatcher: createDispatcher(createHandlers(engine, tasks), tasks) };
}
