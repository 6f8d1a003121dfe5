import type { ReactNode } from 'react';
import { importStages } from '../../native/contract/index.js';
import type { ImportStage } from '../../native/contract/index.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { isImportStage, stageKeys } from '../i18n/stage-labels.js';

export interface StageSelectProps {
  value: ImportStage | null;
  /** The label of the empty choice: "not specified" when importing, "all stages" when filtering. */
  noneLabel: MessageKey;
  testId: string;
  disabled?: boolean;
  onChange(stage: ImportStage | null): void;
}

/** The customer stage as planners name it (竞品/来访/拓客/成交/外拓), or none. */
export function StageSelect({ value, noneLabel, testId, disabled = false, onChange }: StageSelectProps): ReactNode {
  const { t } = useI18n();
  return (
    <select data-testid={testId} value={value ?? ''} disabled={disabled} onChange={(e) => onChange(isImportStage(e.target.value) ? e.target.value : null)}>
      <option value="">{t(noneLabel)}</option>
      {importStages.map((s) => (
        <option key={s} value={s}>
          {t(stageKeys[s])}
        </option>
      ))}
    </select>
  );
}
