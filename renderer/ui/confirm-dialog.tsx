import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { ErrorBox, Modal } from './modal.js';

export interface ConfirmDialogProps {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  busy: boolean;
  error: string | null;
  onConfirm(): void;
  onCancel(): void;
}

/** An in-page confirmation: window.confirm would block the engine's events and is unstyled in Electron. */
export function ConfirmDialog({ title, body, confirmLabel, busy, error, onConfirm, onCancel }: ConfirmDialogProps): ReactNode {
  const { t } = useI18n();
  return (
    <Modal
      title={title}
      testId="confirm-dialog"
      onClose={() => {
        if (!busy) onCancel();
      }}
      footer={
        <>
          <button type="button" data-testid="confirm-cancel" disabled={busy} onClick={onCancel}>
            {t('dialog.cancel')}
          </button>
          <button type="button" className="primary danger" data-testid="confirm-ok" disabled={busy} onClick={onConfirm}>
            {confirmLabel}
          </button>
        </>
      }
    >
      <p className="confirm-body">{body}</p>
      <ErrorBox message={error} />
    </Modal>
  );
}
