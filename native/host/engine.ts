import type { Handlers } from '../contract/handler-types.js';
import { divisionIndex } from '../analysis/district-index.js';
import { createAnalysisHandlers } from '../analysis/handlers.js';
import { createBasemapHandlers } from '../basemap/handlers.js';
import { createExportHandlers } from '../export/handlers.js';
import { createGeocodeHandlers } from '../geocode/handlers.js';
import { createImportHandlers } from '../import/handlers.js';
import { createPrintHandlers } from '../print/handlers.js';
import type { ServeWorkbench } from '../print/print-documents.js';
import { createProjectHandlers } from '../project/handlers.js';
import { createRevisionHandlers } from '../revision/handlers.js';
import type { RecentProjects } from '../project/recents.js';
import type { ProjectSession } from '../store/project-session.js';
import { appVersion } from './app-paths.js';
import type { TaskRegistry } from './dispatch.js';

/** The handler table, composed from each domain's part; every host (HTTP, Electron, CLI, tests) serves exactly this. */
export function createHandlers(session: ProjectSession, tasks: TaskRegistry, resourcesDir: string, serve: ServeWorkbench, recents: RecentProjects | null = null): Handlers {
  const { divisionOf } = divisionIndex(resourcesDir);
  return {
    'app.status': () => ({ version: appVersion, project: session.status()?.info() ?? null }),
    ...createProjectHandlers(session, resourcesDir, recents),
    ...createImportHandlers(session, { resourcesDir, divisionOf }),
    ...createGeocodeHandlers(session, { resourcesDir, divisionOf }),
    ...createAnalysisHandlers(session, resourcesDir),
    ...createBasemapHandlers(session),
    ...createExportHandlers(),
    ...createRevisionHandlers(session, resourcesDir),
    ...createPrintHandlers(session, serve),
    'task.cancel': (p) => ({ cancelled: tasks.cancel(p.taskId) }),
  };
}
