import { useState } from 'react';
import type { ReactNode } from 'react';
import { crsNames } from '../../native/contract/index.js';
import type { CellProblem, CrsName, ImportPreview, ImportResult, ProgressEvent } from '../../native/contract/index.js';
import type { KetuBridge } from '../../native/contract/bridge.js';
import { EngineError } from '../engine/engine-client.js';
import type { EngineClient } from '../engine/engine-client.js';
import { fieldLabel } from '../i18n/field-labels.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { errorMessage } from './errors.js';
import { ErrorBox, Modal } from './modal.js';
import { ProblemsTable } from './problems-table.js';

export interface ImportDialogProps {
  client: EngineClient;
  bridge: KetuBridge | null;
  /** The latest progress event from the engine, whichever task it belongs to. */
  progress: ProgressEvent | null;
  onImported(result: ImportResult): void;
  onClose(): void;
}

const crsKeys: Record<CrsName, MessageKey> = { wgs84: 'import.crs.wgs84', gcj02: 'import.crs.gcj02', bd09: 'import.crs.bd09' };

function newTaskId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `import-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function ImportDialog({ client, bridge, progress, onImported, onClose }: ImportDialogProps): ReactNode {
  const { t, num, lang } = useI18n();
  const [file, setFile] = useState('');
  const [crs, setCrs] = useState<CrsName>('wgs84');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'commit' | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<readonly CellProblem[]>([]);

  const fail = (e: unknown): void => {
    setError(errorMessage(e));
    setProblems(e instanceof EngineError ? (e.details?.problems ?? []) : []);
  };

  const runPreview = async (): Promise<void> => {
    setBusy('preview');
    setError(null);
    setProblems([]);
    setPreview(null);
    try {
      const p = await client.call('import.preview', { file: file.trim(), crs });
      setPreview(p);
      setProblems(p.problems);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const runCommit = async (): Promise<void> => {
    const id = newTaskId();
    setTaskId(id);
    setBusy('commit');
    setError(null);
    try {
      const result = await client.call('import.commit', { file: file.trim(), crs, taskId: id, ...(preview === null ? {} : { sheet: preview.sheet }) });
      onImported(result);
      onClose();
    } catch (e) {
      // Cancelling is the user's choice, not a failure worth a red box.
      if (e instanceof EngineError && e.code === 'CANCELLED') setError(e.message);
      else fail(e);
    } finally {
      setBusy(null);
      setTaskId(null);
    }
  };

  const cancelTask = (): void => {
    if (taskId === null) return;
    void client.call('task.cancel', { taskId }).catch(fail);
  };

  const browse = async (): Promise<void> => {
    if (bridge === null) return;
    const picked = await bridge.pickOpenPath(t('import.title'), [{ name: 'Excel', extensions: ['xlsx'] }]);
    if (picked !== null) {
      setFile(picked);
      setPreview(null);
    }
  };

  const mine = progress !== null && progress.taskId === taskId ? progress : null;
  const pct = mine === null || mine.total <= 0 ? null : Math.min(100, Math.round((mine.done / mine.total) * 100));
  const canRun = file.trim() !== '' && busy === null;

  return (
    <Modal
      title={t('import.title')}
      testId="import-dialog"
      wide
      onClose={() => {
        if (busy !== 'commit') onClose();
      }}
      footer={
        <>
          {busy === 'commit' ? (
            <button type="button" data-testid="import-cancel" onClick={cancelTask}>
              {t('dialog.cancel')}
            </button>
          ) : (
            <button type="button" onClick={onClose}>
              {t('dialog.cancel')}
            </button>
          )}
          <button type="button" data-testid="import-preview" disabled={!canRun} onClick={() => void runPreview()}>
            {busy === 'preview' ? t('import.previewing') : t('import.preview')}
          </button>
          <button type="button" className="primary" data-testid="import-commit" disabled={!canRun || (preview !== null && preview.usable === 0)} onClick={() => void runCommit()}>
            {t('import.commit')}
          </button>
        </>
      }
    >
      <label className="field">
        <span>{t('import.file')}</span>
        <span className="field-row">
          <input
            type="text"
            data-testid="import-path"
            value={file}
            placeholder={t('import.placeholder')}
            spellCheck={false}
            onChange={(e) => {
              setFile(e.target.value);
              setPreview(null);
            }}
          />
          {bridge === null ? null : (
            <button type="button" onClick={() => void browse()}>
              {t('open.browse')}
            </button>
          )}
        </span>
      </label>
      <fieldset className="field radios">
        <legend>{t('import.crs')}</legend>
        {crsNames.map((name) => (
          <label key={name}>
            <input
              type="radio"
              name="crs"
              value={name}
              data-testid={`crs-${name}`}
              checked={crs === name}
              onChange={() => {
                setCrs(name);
                setPreview(null);
              }}
            />
            {t(crsKeys[name])}
          </label>
        ))}
      </fieldset>

      {busy === 'commit' ? (
        <div className="progress" data-testid="import-progress">
          <progress max={100} value={pct ?? undefined} aria-label={t('import.commit')} />
          <span>{mine === null ? t('app.loading') : t('import.progress', { phase: mine.phase, done: num(mine.done), total: num(mine.total) })}</span>
        </div>
      ) : null}

      {preview === null ? null : (
        <section className="preview" data-testid="import-preview-result">
          <dl className="counts">
            <div>
              <dt>{t('import.sheet')}</dt>
              <dd>{preview.sheet}</dd>
            </div>
            <div>
              <dt>{t('import.headerRow')}</dt>
              <dd>{preview.headerRow}</dd>
            </div>
            <div>
              <dt>{t('import.rowsRead')}</dt>
              <dd data-testid="preview-rows">{num(preview.rowsRead)}</dd>
            </div>
            <div>
              <dt>{t('import.usable')}</dt>
              <dd data-testid="preview-usable" className="ok">
                {num(preview.usable)}
              </dd>
            </div>
            <div>
              <dt>{t('import.rejected')}</dt>
              <dd data-testid="preview-rejected" className={preview.rejected > 0 ? 'bad' : undefined}>
                {num(preview.rejected)}
              </dd>
            </div>
          </dl>
          <h3>{t('import.columns')}</h3>
          <ul className="column-map">
            {preview.columns.map((c, i) => (
              <li key={`${c.header}-${i}`} className={c.field === null ? 'unmapped' : undefined}>
                <span>{c.header}</span> → <span>{c.field === null ? t('import.unmapped') : fieldLabel(lang, c.field)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ErrorBox message={error} />
      <ProblemsTable problems={problems} />
    </Modal>
  );
}
