import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

export function EmptyState({ onOpen }: { onOpen(): void }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="map-overlay" data-testid="empty-state">
      <div className="empty-card" role="region" aria-label={t('empty.title')}>
        <h2>{t('empty.title')}</h2>
        <p>{t('empty.body')}</p>
        <button type="button" className="primary" data-testid="empty-open-button" onClick={onOpen}>
          {t('top.open')}
        </button>
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
