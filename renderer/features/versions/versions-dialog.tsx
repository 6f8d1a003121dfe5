import { useState } from 'react';
import type { ReactNode } from 'react';
import type { VersionSummary } from '../../../native/contract/revision.js';
import { useEngineQuery } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { ErrorBox, Modal } from '../../ui/modal.js';
import type { VersionCommands } from './version-commands.js';

/** The names planners give the versions of one project's map, in the order they save them. */
export const suggestedVersionNames = ['前期定位版', '开盘前版', '1/3 修订版'] as const;

export interface VersionsDialogProps {
  commands: VersionCommands;
  /** The live map's camera, kept with a saved version. */
  view(): { center: { lng: number; lat: number }; zoom: number } | null;
  onOpenVersion(id: number): void;
  onClose(): void;
}

/** 地图版本: save the map as a named version, list, open read-only, rename, delete (confirmed). */
export function VersionsDialog({ commands, view, onOpenVersion, onClose }: VersionsDialogProps): ReactNode {
  const { t, num, lang } = useI18n();
  const list = useEngineQuery((c) => c.call('versions.list', {}), []);
  const versions = list.data ?? [];
  const free = suggestedVersionNames.find((n) => !versions.some((v) => v.name === n)) ?? '';
  const [name, setName] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: number; from: string; to: string } | null>(null);
  const [removing, setRemoving] = useState<VersionSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (job: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await job();
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const typed = name ?? free;
  if (removing !== null) {
    return (
      <ConfirmDialog
        title={t('versions.removeTitle')}
        body={t('versions.removeBody', { name: removing.name })}
        confirmLabel={t('versions.remove')}
        busy={busy}
        error={error}
        onConfirm={() => void run(async () => commands.remove(removing.id)).then(() => setRemoving(null))}
        onCancel={() => setRemoving(null)}
      />
    );
  }
  return (
    <Modal title={t('versions.title')} testId="versions-dialog" onClose={onClose} wide>
      <form
        className="versions-save"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await commands.save(typed.trim(), view());
            setName(null);
          });
        }}
      >
        <label>
          {t('versions.name')}
          <input data-testid="version-name" list="version-name-suggestions" value={typed} onChange={(e) => setName(e.target.value)} />
        </label>
        <datalist id="version-name-suggestions">
          {suggestedVersionNames.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <button type="submit" className="primary" data-testid="version-save" disabled={busy || typed.trim() === ''}>
          {t('versions.save')}
        </button>
      </form>
      <ErrorBox message={error} />
      {versions.length === 0 ? (
        <p className="muted" data-testid="versions-empty">
          {t('versions.none')}
        </p>
      ) : (
        <table className="revision-table" data-testid="versions-list">
          <thead>
            <tr>
              <th>{t('versions.name')}</th>
              <th>{t('versions.savedAt')}</th>
              <th>{t('versions.customers')}</th>
              <th>{t('versions.areas')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} data-testid="version-row" data-name={v.name}>
                <td>
                  {renaming?.id === v.id ? (
                    <input
                      data-testid="version-rename-input"
                      autoFocus
                      value={renaming.to}
                      onChange={(e) => setRenaming({ ...renaming, to: e.target.value })}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' && renaming.to.trim() !== '') void run(() => commands.rename(v.id, v.name, renaming.to.trim())).then(() => setRenaming(null));
                        if (e.key === 'Escape') setRenaming(null);
                      }}
                    />
                  ) : (
                    v.name
                  )}
                </td>
                <td>{v.createdAt.slice(0, 16).replace('T', ' ')}</td>
                <td>{num(v.customers)}</td>
                <td>{num(v.areas)}</td>
                <td className="row-actions">
                  <button type="button" data-testid="version-open" onClick={() => onOpenVersion(v.id)}>
                    {t('versions.open')}
                  </button>
                  <button type="button" data-testid="version-rename" disabled={busy} onClick={() => setRenaming({ id: v.id, from: v.name, to: v.name })}>
                    {t('versions.rename')}
                  </button>
                  <button type="button" className="danger" data-testid="version-remove" disabled={busy} onClick={() => setRemoving(v)}>
                    {t('versions.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}
