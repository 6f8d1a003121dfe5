import type { ReactNode } from 'react';
import { useActionsContext } from '../actions/actions-context.js';
import { useEngine } from '../engine/engine-context.js';
import { RecentProjects } from '../features/project/recent-projects.js';
import { useI18n } from '../i18n/i18n.js';

/** The start screen: new project, open, the recent projects (one click each), and what can be dropped. */
export function EmptyState({ onOpen }: { onOpen(): void }): ReactNode {
  const { t } = useI18n();
  const { registry } = useActionsContext();
  const { open } = useEngine();
  return (
    <div className="map-overlay" data-testid="empty-state">
      <div className="empty-card" role="region" aria-label={t('empty.title')}>
        <h2>{t('empty.title')}</h2>
        <p>{t('empty.body')}</p>
        <p className="empty-actions">
          <button type="button" className="primary" data-testid="empty-new-button" onClick={() => registry.perform('file.new')}>
            {t('open.new')}
          </button>
          <button type="button" data-testid="empty-open-button" onClick={onOpen}>
            {t('top.open')}
          </button>
        </p>
        <RecentProjects
          onOpen={async (path) => {
            await open(path);
          }}
        />
        <p className="muted small">{t('open.dropHint')}</p>
        <p className="muted small">{t('empty.hint')}</p>
      </div>
    </div>
  );
}

export function LoadingOverlay(): ReactNode {
  const { t } = useI18n();
  return (
    <div className="map-overlay loading" data-testid="loading" role="progressbar" aria-busy="true" aria-label={t('app.loading')}>
      <div className="loading-card">
        <span className="spinner" aria-hidden="true" />
        {t('app.loading')}
      </div>
    </div>
  );
}

/** While a project opens: an older file's upgrade shows its backup and migration steps as a bar. */
export function OpeningProgress(): ReactNode {
  const { opening } = useEngine();
  const { t } = useI18n();
  const progress = opening?.progress ?? null;
  if (progress === null) return null;
  const percent = progress.total <= 0 ? 0 : Math.min(100, Math.round((progress.done / progress.total) * 100));
  // A step is reported when it ends: the one running is the next.
  const text = progress.phase === 'backup' ? t('open.backingUp') : t('open.migrating', { done: Math.min(progress.done + 1, progress.total), total: progress.total });
  return (
    <div className="opening-progress" role="status" data-testid="opening-progress" data-phase={progress.phase}>
      <p>{text}</p>
      <progress max={100} value={percent} aria-label={text} />
    </div>
  );
}
