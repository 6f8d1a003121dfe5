import { useState } from 'react';
import type { ReactNode } from 'react';
import { geocodeProviders } from '../../../native/contract/index.js';
import type { Result } from '../../../native/contract/index.js';
import { EngineError } from '../../engine/engine-client.js';
import { useI18n } from '../../i18n/i18n.js';
import { useEngine } from '../../engine/engine-context.js';
import type { MessageKey } from '../../i18n/messages.js';
import { errorMessage } from '../../engine/error-text.js';
import { useEngineTask } from '../../engine/engine-task.js';
import { ErrorBox, Modal } from '../../ui/modal.js';
import { keyStorage, PROVIDER_KEY, savedProvider } from './geocode-key.js';
import type { Provider } from './geocode-key.js';


export interface GeocodeDialogProps {
  /** Places known only to district/city level: what a run will ask about. */
  unsure: number;
  /** A run moved places: the map and lists reload. */
  onChanged(): void;
  onClose(): void;
}

const providerKeys: Record<Provider, MessageKey> = { amap: 'geocode.provider.amap', baidu: 'geocode.provider.baidu', tianditu: 'geocode.provider.tianditu' };

/** 在线定位: re-geocodes district/city-level places, online with a provider key or offline without one. */
export function GeocodeDialog({ unsure, onChanged, onClose }: GeocodeDialogProps): ReactNode {
  const { client, progress } = useEngine();
  const { t, num, lang } = useI18n();
  const [provider, setProvider] = useState<Provider>(savedProvider);
  // Keys live in this browser profile only: never in the project file, which planners pass around.
  const [key, setKey] = useState(() => localStorage.getItem(keyStorage(savedProvider())) ?? '');
  const task = useEngineTask(client, progress);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [result, setResult] = useState<Result<'geocode.run'> | null>(null);

  const changeProvider = (next: Provider): void => {
    setProvider(next);
    setKey(localStorage.getItem(keyStorage(next)) ?? '');
  };

  const forgetKey = (): void => {
    localStorage.removeItem(keyStorage(provider));
    setKey('');
  };

  const run = async (online: boolean): Promise<void> => {
    const id = task.start();
    const trimmed = key.trim();
    setError(null);
    setNotice(null);
    setResult(null);
    if (online) {
      localStorage.setItem(PROVIDER_KEY, provider);
      localStorage.setItem(keyStorage(provider), trimmed);
    }
    try {
      const r = await client.call('geocode.run', online ? { provider, key: trimmed, taskId: id } : { taskId: id });
      setResult(r);
      if (r.improved > 0) onChanged();
    } catch (e) {
      // Cancelling is the user's choice, not a failure worth a red box.
      if (e instanceof EngineError && e.code === 'CANCELLED') setNotice(t('geocode.cancelled'));
      else setError(errorMessage(e, lang));
    } finally {
      task.finish();
    }
  };

  const cancelTask = (): void => task.cancel((e) => setError(errorMessage(e, lang)));

  const busy = task.taskId !== null;
  const online = key.trim() !== '';
  const mine = task.progress;
  const pct = task.percent;

  return (
    <Modal
      title={t('geocode.title')}
      testId="geocode-dialog"
      onClose={() => {
        if (!busy) onClose();
      }}
      footer={
        <>
          {busy ? (
            <button type="button" data-testid="geocode-cancel" onClick={cancelTask}>
              {t('dialog.cancel')}
            </button>
          ) : (
            <button type="button" onClick={onClose}>
              {t('dialog.close')}
            </button>
          )}
          {online ? (
            <button type="button" className="primary" data-testid="geocode-run" disabled={busy} onClick={() => void run(true)}>
              {t('geocode.runOnline')}
            </button>
          ) : (
            <button type="button" className="primary" data-testid="geocode-offline" disabled={busy} onClick={() => void run(false)}>
              {t('geocode.runOffline')}
            </button>
          )}
        </>
      }
    >
      <p className="confirm-body">{t('geocode.intro', { n: num(unsure) })}</p>
      <label className="field">
        <span>{t('geocode.provider')}</span>
        <select data-testid="geocode-provider" value={provider} disabled={busy} onChange={(e) => changeProvider(geocodeProviders.find((p) => p === e.target.value) ?? 'amap')}>
          {geocodeProviders.map((p) => (
            <option key={p} value={p}>
              {t(providerKeys[p])}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('geocode.key')}</span>
        <span className="field-row">
          <input type="text" data-testid="geocode-key" value={key} disabled={busy} autoComplete="off" spellCheck={false} placeholder={t('geocode.keyPlaceholder')} onChange={(e) => setKey(e.target.value)} />
          <button type="button" data-testid="geocode-forget" disabled={busy || key === ''} onClick={forgetKey}>
            {t('geocode.forget')}
          </button>
        </span>
        <span className="muted small" data-testid="geocode-key-note">
          {t('geocode.keyNote')}
        </span>
      </label>
      {busy ? (
        <div className="progress" data-testid="geocode-progress">
          <progress max={100} value={pct ?? undefined} aria-label={t('geocode.title')} />
          <span className="small">{t('geocode.progress', { done: num(mine?.done ?? 0), total: mine === null ? '…' : num(mine.total) })}</span>
        </div>
      ) : null}
      {result === null ? null : (
        <div className={result.stoppedReason === null ? 'success-box' : 'notice-box'} role="status" data-testid="geocode-result">
          <div>{t('geocode.result', { improved: num(result.improved), unchanged: num(result.unchanged) })}</div>
          {result.providerCalls > 0 ? <div className="small">{t('geocode.calls', { n: num(result.providerCalls) })}</div> : null}
          {result.stoppedReason === null ? null : <div data-testid="geocode-stopped">{t('geocode.stopped', { reason: result.stoppedReason })}</div>}
        </div>
      )}
      {notice === null ? null : <p className="notice-box">{notice}</p>}
      <ErrorBox message={error} />
    </Modal>
  );
}
