import type { ProjectInfo } from '../../../native/contract/index.js';

/** `<project dir>/<项目名>-<suffix>`, with characters no file system takes replaced. */
export function besideProject(info: ProjectInfo, suffix: string): string {
  const cut = Math.max(info.path.lastIndexOf('/'), info.path.lastIndexOf('\\'));
  const dir = cut >= 0 ? info.path.slice(0, cut + 1) : '';
  return `${dir}${`${info.name}-${suffix}`.replace(/[\\/:*?"<>|]/g, '_')}`;
}
