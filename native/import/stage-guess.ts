import type { ImportStage } from '../contract/methods.js';

/** What the import dialog offers as the batch's 客户阶段 before the planner chooses: a guess, shown as one. */
export interface StageGuess {
  stage: ImportStage;
  /** Which name said it: the sheet's (「成交客户明细」) or, when the sheet's says nothing, the file's. */
  from: 'sheet' | 'file';
  /** That name as read (the file's without folder and extension). */
  name: string;
}

/**
 * Words planners put in sheet and file names, most specific first: a competitor's deals (竞品成交) are
 * competitor buyers, 外拓 is not 拓客, and 来访登记 is a visit, not a field registration.
 */
const rules: ReadonlyArray<readonly [RegExp, ImportStage]> = [
  [/竞品|竞争对手|友商|对手盘|competitor/i, 'competitors'],
  [/成交|签约|认购|网签|购房|已购|业主|销售明细|deals?\b|sold|contract/i, 'deals'],
  [/来访|到访|来电|访客|来人|意向|来客|visit/i, 'visitors'],
  [/外拓|外展|巡展|field/i, 'field'],
  [/拓客|派单|扫街|陌拜|行销|登记|prospect|leads?\b/i, 'prospects'],
];

/** The stage one name suggests, or null when it says none (Sheet1, 数据, 客户表). */
export function stageFromName(name: string): ImportStage | null {
  for (const [pattern, stage] of rules) if (pattern.test(name)) return stage;
  return null;
}

function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** The sheet's name first (a workbook's sheets are often one stage each), then the file's; a CSV has only the file's. */
export function guessStage(sheet: string | null, file: string): StageGuess | null {
  const fromSheet = sheet === null ? null : stageFromName(sheet);
  if (fromSheet !== null && sheet !== null) return { stage: fromSheet, from: 'sheet', name: sheet };
  const stem = fileStem(file);
  const fromFile = stageFromName(stem);
  return fromFile === null ? null : { stage: fromFile, from: 'file', name: stem };
}
