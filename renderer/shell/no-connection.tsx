import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

/** Shown when the page was opened without a token: nothing else can work. */
export function NoConnection(): ReactNode {
  const { t } = useI18n();
  window.__ketu = { state: 'error', pointCount: 0, renderedPoints: 0, exportPng: () => Promise.reject(new Error('no engine connection')), printFrame: () => Promise.reject(new Error('no engine connection')), frames: { layersSet: 0, layersDrawn: 0 }, labels: () => [], basemapLabelsIn: () => [], placeSymbolsIn: () => [], highlightedPlaces: [] };
  return (
    <div className="fatal" role="alert" data-testid="no-connection">
      <h1>{t('app.name')}</h1>
      <p>{t('app.noConnection')}</p>
    </div>
  );
}
