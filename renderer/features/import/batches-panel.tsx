import type { ReactNode } from 'react';
import type { ImportBatch } from '../../../native/contract/index.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Lang } from '../../i18n/i18n.js';
import { baseName, stageKey } from '../../i18n/stage-labels.js';

export interface BatchesPanelProps {
  batches: readonly ImportBatch[] | null;
  /** Asks to undo a batch; the caller confirms first. */
  onUndo(batch: ImportBatch): void;
  disabled: boolean;
}

/** Local date and time to the minute; a stored value that is not a date is shown as stored. */
export function formatBatchDate(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'zh-CN' ? 'zh-CN' : 'en-US', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** 导入批次: what went into the project, newest first, each undoable (撤销) as a whole. */
export function BatchesPanel({ batches, onUndo, disabled }: BatchesPanelProps): ReactNode {
  const { t, num, lang } = useI18n();
  if (batches === null) return null;
  const newestFirst = [...batches].sort((a, b) => b.id - a.id);
  return (
    <section className="batches-panel" aria-label={t('batches.title')} data-testid="batches-panel">
      <h2>
        {t('batches.title')}
        {batches.length > 0 ? <span className="layer-count"> {num(batches.length)}</span> : null}
      </h2>
      {newestFirst.length === 0 ? null : (
        <p className="muted small batches-hint" aria-hidden="true">
          {t('batches.shortcut')}
        </p>
      )}
      {newestFirst.length === 0 ? (
        <p className="muted small">{t('batches.empty')}</p>
      ) : (
        <ul>
          {newestFirst.map((b) => {
            const file = baseName(b.file);
            const stage = stageKey(b.stage);
            return (
              <li key={b.id} className="batch-row" data-testid={`batch-${b.id}`}>
                <div className="batch-main">
                  <span className="batch-file" title={b.file}>
                    {file}
                  </span>
                  <button type="button" className="link-button" data-testid={`undo-batch-${b.id}`} aria-label={t('batches.undoLabel', { file })} disabled={disabled} onClick={() => onUndo(b)}>
                    {t('batches.undo')}
                  </button>
                </div>
                <div className="batch-meta muted">
                  {stage === null ? (b.stage ?? '') : <span className="stage-tag">{t(stage)}</span>}
                  <span>{t('batches.rows', { n: num(b.rowsRead) })}</span>
                  <span>{t('batches.places', { n: num(b.places) })}</span>
                </div>
                <div className="batch-date muted">{formatBatchDate(b.createdAt, lang)}</div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
