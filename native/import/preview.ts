import { KetuError } from '../contract/errors.js';
import type { CellProblem } from '../contract/errors.js';
import type { ImportPreview } from '../contract/methods.js';
import type { ImportPlan } from './pipeline.js';
import { guessStage } from './stage-guess.js';

/** At most this many problems travel in an answer; the full list goes to the report file. */
export const MAX_PROBLEMS = 200;

function errorsFirst(plan: ImportPlan): CellProblem[] {
  const errors = plan.problems.first(MAX_PROBLEMS, 'error');
  return errors.length === MAX_PROBLEMS ? errors : [...errors, ...plan.problems.first(MAX_PROBLEMS - errors.length, 'flag')];
}

/** What the import dialog shows before anything is written. */
export function previewOf(plan: ImportPlan): ImportPreview {
  return {
    file: plan.file,
    sheet: plan.sheet,
    sheets: plan.sheets,
    headerRow: plan.headerRow,
    columns: plan.columns,
    rowsRead: plan.rowsRead,
    usable: plan.usableRows,
    flagged: plan.flaggedRows,
    rejected: plan.rejectedRows,
    // Errors first: they are what stops the import.
    problems: errorsFirst(plan),
    sample: plan.sample,
    kind: plan.kind,
    encoding: plan.encoding,
    crsUsed: plan.crsUsed,
    mappingRemembered: plan.mappingRemembered,
    skipped: plan.skipped,
    geocoded: plan.geocoded,
    placedByRole: plan.placedByRole,
    stageGuess: guessStage(plan.kind === 'xlsx' ? plan.sheet : null, plan.file),
    crsDefaulted: plan.crsDefaulted,
  };
}

/**
 * An import is all or nothing unless the planner chose to skip bad rows: one unusable row stops it;
 * no usable row at all always does.
 */
export function rejectBadRows(plan: ImportPlan, skipBadRows = false): void {
  if (plan.rejectedRows > 0 && (!skipBadRows || plan.usableRows === 0)) {
    const errors = plan.problems.first(MAX_PROBLEMS, 'error');
    const first = errors[0];
    const where = first === undefined ? '' : `，例如 工作表「${first.sheet}」第 ${first.row} 行「${first.column}」列：${first.reason}`;
    throw new KetuError('IMPORT_BAD_ROWS', `导入未执行：${plan.file} 中有 ${plan.rejectedRows} 行无法使用${where}。项目文件未改动。`, {
      file: plan.file,
      problems: errors,
    });
  }
  if (plan.usableRows === 0) {
    throw new KetuError('IMPORT_BAD_ROWS', `导入未执行：${plan.file} 的工作表「${plan.sheet}」表头下没有数据行。`, { file: plan.file, problems: [] });
  }
}
