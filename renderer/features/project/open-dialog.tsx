import { useState } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { useEngine } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { FilePickButton } from '../../ui/file-pick.js';
import type { FileToPath } from '../../ui/file-pick.js';
import { CancelAndConfirm, ErrorBox, Modal } from '../../ui/modal.js';
import type { EngineClient } from '../../engine/engine-client.js';
import type { KetuBridge } from '../../../native/contract/bridge.js';
import { RecentProjects } from './recent-projects.js';

const LAST_PATH_KEY = 'ketu.lastProjectPath';

export interface OpenDialogProps {
  /** Opens the project; rejects with the engine's error. */
  onOpen(path: string): Promise<void>;
  onClose(): void;
}

/** The file name at the end of a path, either separator. */
function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * A picked or dropped .ketu as the path to open. Electron knows where it lies. A browser does not, and a
 * project is never opened as an uploaded copy (edits would go to the copy): the one recent project of that
 * name and size is taken; otherwise the planner is asked for the path (an error naming the file).
 */
export function projectPathOf(bridge: KetuBridge | null, client: EngineClient, notLocal: (name: string) => string): FileToPath {
  return async (file) => {
    const path = bridge?.pathForFile?.(file) ?? '';
    if (path !== '') return path;
    const { projects } = await client.call('recents.list', {});
    const same = projects.filter((p) => !p.missing && baseName(p.path) === file.name);
    if (same.length === 1 && same[0] !== undefined) return same[0].path;
    throw new Error(notLocal(file.name));
  };
}

/** 打开项目: recent projects, a file chooser (Electron's dialog, or a file input in the browser), or a typed path. */
export function OpenDialog({ onOpen, onClose }: OpenDialogProps): ReactNode {
  const { bridge, client } = useEngine();
  const { t, lang } = useI18n();
  const [path, setPath] = useState(() => localStorage.getItem(LAST_PATH_KEY) ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (): Promise<void> => {
    const p = path.trim();
    if (p === '') return;
    setBusy(true);
    setError(null);
    try {
      await onOpen(p);
      localStorage.setItem(LAST_PATH_KEY, p);
      onClose();
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const openNow = async (p: string): Promise<void> => {
    await onOpen(p);
    localStorage.setItem(LAST_PATH_KEY, p);
    onClose();
  };

  return (
    <Modal
      title={t('open.title')}
      testId="open-dialog"
      onClose={onClose}
      footer={<CancelAndConfirm onCancel={onClose} form="open-form" testId="open-submit" disabled={busy || path.trim() === ''} label={busy ? t('open.busy') : t('open.submit')} />}
    >
      <form
        id="open-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span>{t('open.path')}</span>
          <span className="field-row">
            <input type="text" data-testid="open-path" value={path} placeholder={t('open.placeholder')} spellCheck={false} onChange={(e) => setPath(e.target.value)} />
            <FilePickButton
              extensions={['ketu']}
              title={t('open.title')}
              filterName="客图项目 KeTu project"
              testId="open-browse"
              toPath={projectPathOf(bridge, client, (name) => t('open.notLocal', { name }))}
              onPicked={(p) => {
                setPath(p);
                setBusy(true);
                setError(null);
                openNow(p)
                  .catch((e: unknown) => setError(errorMessage(e, lang)))
                  .finally(() => setBusy(false));
              }}
              onError={(e) => {
                setError(errorMessage(e, lang));
              }}
            />
          </span>
        </label>
        <ErrorBox message={error} />
      </form>
      <RecentProjects onOpen={openNow} />
    </Modal>
  );
}
