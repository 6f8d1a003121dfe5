import { useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { useActionsContext } from '../actions/actions-context.js';
import { shortcutText } from '../actions/keys.js';
import { useI18n } from '../i18n/i18n.js';
import { Modal } from '../ui/modal.js';

const mac = /Mac|iPhone|iPad/.test(navigator.userAgent);

/** `?` and 帮助 → 键盘快捷键: every shortcut the action registry has right now, read from the registry itself. */
export function HelpOverlay({ onClose }: { onClose(): void }): ReactNode {
  const { t } = useI18n();
  const { registry } = useActionsContext();
  useSyncExternalStore(
    (l) => registry.subscribe(l),
    () => registry.revision,
  );
  const rows = registry.list().filter((a) => a.keys.length > 0);
  return (
    <Modal title={t('help.title')} testId="help-overlay" onClose={onClose}>
      <table className="help-table">
        <thead>
          <tr>
            <th scope="col">{t('help.action')}</th>
            <th scope="col">{t('help.keys')}</th>
            <th scope="col">{t('help.undoable')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} data-testid={`help-${a.id}`}>
              <td>{t(a.label)}</td>
              <td>
                {a.keys.map((k) => (
                  <kbd key={k}>{shortcutText(k, mac)}</kbd>
                ))}
              </td>
              <td>{a.history === 'records' ? '✓' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
