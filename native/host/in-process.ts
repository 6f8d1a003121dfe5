import { RecentProjects } from '../project/recents.js';
import type { RecentsOptions } from '../project/recents.js';
import { ProjectSession } from '../store/project-session.js';
import { resourcesDir as bundledResources } from './app-paths.js';
import { createDispatcher, TaskRegistry } from './dispatch.js';
import type { Dispatcher } from './dispatch.js';
import { createHandlers } from './engine.js';

/**
 * Engine + dispatcher in this process: used by the CLI, the HTTP host, the Electron utility process and tests;
 * `client` names it to other writers; `recents` (window hosts only) keeps the recent-projects list.
 */
export function createEngineHost(resourcesDir = bundledResources, client = 'KeTu', recents: RecentsOptions | null = null): { engine: ProjectSession; dispatcher: Dispatcher } {
  const engine = new ProjectSession(client);
  const tasks = new TaskRegistry();
  // Print pages are drawn by headless Chromium from a workbench served on this very dispatcher.
  const serve = async (): Promise<{ openUrl: string; close(): Promise<void> }> => {
    const { startHttpHost } = await import('./http-host.js');
    return startHttpHost(dispatcher);
  };
  const handlers = createHandlers(engine, tasks, resourcesDir, serve, recents === null ? null : new RecentProjects(recents));
  const dispatcher: Dispatcher = createDispatcher(handlers, tasks, (err) => engine.explainError(err));
  return { engine, dispatcher };
}
