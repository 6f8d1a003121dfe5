import { isUploadedPath } from '../../../native/contract/static-paths.js';
import { baseName } from '../../i18n/stage-labels.js';

/**
 * `<data folder>/<name>-导入报告.xlsx`, keeping the path's own separator style. An uploaded sheet's folder is
 * a temp folder the host removes when it stops, so its report goes beside the project instead.
 */
export function defaultReportPath(file: string, projectPath: string | null = null): string {
  const trimmed = file.trim();
  const name = baseName(trimmed);
  const home = isUploadedPath(trimmed) && projectPath !== null ? projectPath : trimmed;
  const dir = home.slice(0, home.length - baseName(home).length);
  const stem = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
  return `${dir}${stem === '' ? '导入' : stem}-导入报告.xlsx`;
}
