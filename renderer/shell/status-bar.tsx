import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

export interface StatusBarProps {
  cursor: { lng: number; lat: number } | null;
  metresPerPixel: number | null;
  visiblePoints: number;
  busy: boolean;
  /** GCJ-02 when the basemap is drawn in it (高德): places are shifted on screen, coordinates stay WGS-84. */
  displayCrs?: 'wgs84' | 'gcj02';
  /** Features' own items before the coordinate system (the revision's sales progress). */
  children?: ReactNode;
}

/** Screen scale at 96 dpi (1 CSS px = 0.2646 mm), rounded to 2 significant digits like a printed map. */
export function scaleDenominator(metresPerPixel: number): number {
  const raw = metresPerPixel / 0.0254 * 96;
  const digits = Math.max(0, Math.floor(Math.log10(raw)) - 1);
  const unit = 10 ** digits;
  return Math.round(raw / unit) * unit;
}

export function StatusBar({ cursor, metresPerPixel, visiblePoints, busy, displayCrs = 'wgs84', children }: StatusBarProps): ReactNode {
  const { t, num } = useI18n();
  const fmt = (v: number): string => v.toFixed(5);
  return (
    <footer className="status-bar" role="status" aria-live="off">
      <span data-testid="cursor-coords" className="status-item coords">
        {t('status.cursor')} {cursor === null ? '—' : `${fmt(cursor.lng)}, ${fmt(cursor.lat)}`}
      </span>
      <span data-testid="map-scale" className="status-item">
        {t('status.scale')} {metresPerPixel === null ? '—' : `1:${num(scaleDenominator(metresPerPixel))}`}
      </span>
      <span data-testid="point-count" className="status-item" aria-label={t('status.pointsLabel')}>
        {t('status.points', { n: num(visiblePoints) })}
      </span>
      {/* No spinner of its own: the loading card over the map turns one, and two out of step made twice the frames a
          GPU-less machine composites whole while the map draws (test/bench/README.md, first-frame). */}
      {busy ? (
        <span className="status-item busy" data-testid="busy-indicator">
          {t('app.loading')}
        </span>
      ) : null}
      <span className="status-item spacer" />
      {children}
      <span className="status-item muted" data-testid="status-crs" title={displayCrs === 'gcj02' ? t('status.gcjNote') : undefined}>
        {displayCrs === 'gcj02' ? t('status.crsShifted') : 'WGS-84'}
      </span>
    </footer>
  );
}
