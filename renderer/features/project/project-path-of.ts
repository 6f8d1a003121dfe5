import type { KetuBridge } from '../../../native/contract/bridge.js';
import type { EngineClient } from '../../engine/engine-client.js';
import type { FileToPath } from '../../ui/file-pick.js';

/** The file name at the end of a path, either separator. */
function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * A picked or dropped .ketu as the path to open. Electron knows where it lies. A browser does not, and a
 * project is never opened as an uploaded copy (edits would go to the copy): the one recent project of that
 * name and size is taken; otherwise the planner is asked for the path (an error naming the file).
 */
export function projectPathOf(bridge: KetuBridge | null, client: EngineClient, notLocal: (name: string) => string): FileToPath {
  return async (file) => {
    const path = bridge?.pathForFile?.(file) ?? '';
    if (path !== '') return path;
    const { projects } = await client.call('recents.list', {});
    const same = projects.filter((p) => !p.missing && baseName(p.path) === file.name);
    if (same.length === 1 && same[0] !== undefined) return same[0].path;
    throw new Error(notLocal(file.name));
  };
}
