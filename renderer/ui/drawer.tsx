import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

export interface DrawerProps {
  title: string;
  testId: string;
  /** Extra class for the drawer's own layout (the frame is shared). */
  className?: string;
  onClose(): void;
  children: ReactNode;
}

/** The right-hand drawer over the map (排名, 区域): one frame, title and close button for all of them. */
export function Drawer({ title, testId, className, onClose, children }: DrawerProps): ReactNode {
  const { t } = useI18n();
  return (
    <section className={className === undefined ? 'rankings-panel' : `rankings-panel ${className}`} aria-label={title} data-testid={testId}>
      <header className="rankings-head">
        <h2>{title}</h2>
        <button type="button" className="icon-button" aria-label={t('dialog.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {children}
    </section>
  );
}
