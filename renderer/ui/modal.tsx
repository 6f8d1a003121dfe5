import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { closeOnEscape, useKeyLayer } from '../actions/actions-context.js';
import { useI18n } from '../i18n/i18n.js';

export interface ModalProps {
  title: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  /** Extra class on the dialog box, for dialogs that need their own width. */
  className?: string;
}

/** A plain accessible modal: labelled by its title, Escape closes, focus starts on the first field. */
export function Modal({ title, testId, onClose, children, footer, wide = false, className }: ModalProps): ReactNode {
  const { t } = useI18n();
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('input, select, button.primary')?.focus();
  }, []);
  // A modal key layer, not the backdrop's keys: after a long action focus may have left the dialog (disabled buttons).
  useKeyLayer(true, true, [closeOnEscape('dialog.close', onClose)]);
  return (
    <div className="modal-backdrop">
      <div ref={box} className={['modal', wide ? 'wide' : '', className ?? ''].filter((c) => c !== '').join(' ')} role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid={testId}>
        <header className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label={t('dialog.close')} onClick={onClose}>
            ×
          </button>
        </header>
        <div className="modal-body">{children}</div>
        {footer === undefined ? null : <footer className="modal-footer">{footer}</footer>}
      </div>
    </div>
  );
}

export interface CancelAndConfirmProps {
  onCancel(): void;
  /** The primary button's text (already the busy text while busy). */
  label: string;
  testId: string;
  disabled: boolean;
  /** Submits this form (Enter in a field does the same); without it the button calls onConfirm. */
  form?: string;
  onConfirm?(): void;
}

/** A dialog footer's 取消 and primary button, the same in every dialog. */
export function CancelAndConfirm({ onCancel, label, testId, disabled, form, onConfirm }: CancelAndConfirmProps): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <button type="button" onClick={onCancel}>
        {t('dialog.cancel')}
      </button>
      <button type={form === undefined ? 'button' : 'submit'} form={form} className="primary" data-testid={testId} disabled={disabled} onClick={onConfirm}>
        {label}
      </button>
    </>
  );
}

export function ErrorBox({ message }: { message: string | null }): ReactNode {
  if (message === null) return null;
  return (
    <p className="error-box" role="alert" data-testid="dialog-error">
      {message}
    </p>
  );
}
