import { ProjectSession } from '../store/project-session.js';
import { resourcesDir as bundledResources } from './app-paths.js';
import { createDispatcher, TaskRegistry } from './dispatch.js';
import type { Dispatcher } from './dispatch.js';
import { createHandlers } from './engine.js';

/** Engine + dispatcher in this process: used by the CLI, the HTTP host, the Electron utility process and tests; `client` names it to other writers. */
export function createEngineHost(resourcesDir = bundledResources, client = 'KeTu'): { engine: ProjectSession; dispatcher: Dispatcher } {
  const engine = new ProjectSession(client);
  const tasks = new TaskRegistry();
  return { engine, dispatcher: createDispatcher(createHandlers(engine, tasks, resourcesDir), tasks, (err) => engine.explainError(err)) };
}
