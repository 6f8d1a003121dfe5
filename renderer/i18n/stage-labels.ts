import { importStages } from '../../native/contract/index.js';
import type { ImportStage } from '../../native/contract/index.js';
import type { MessageKey } from './messages.js';

/** 各阶段客户地图: the stage a batch of customers belongs to, as planners name it. */
export const stageKeys: Record<ImportStage, MessageKey> = {
  competitors: 'import.stage.competitors',
  visitors: 'import.stage.visitors',
  prospects: 'import.stage.prospects',
  deals: 'import.stage.deals',
  field: 'import.stage.field',
};

export function isImportStage(value: string | null): value is ImportStage {
  return value !== null && (importStages as readonly string[]).includes(value);
}

/** Batches store the stage as free text; an unknown one is shown as stored. */
export function stageKey(stage: string | null): MessageKey | null {
  return isImportStage(stage) ? stageKeys[stage] : null;
}

/** The file name without its folder, for Windows and POSIX paths alike. */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
