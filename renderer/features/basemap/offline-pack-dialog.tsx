import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { OnlineProvider, PackParams, PackPlan, PackResult } from '../../../native/contract/index.js';
import { useEngine } from '../../engine/engine-context.js';
import { useEngineTask } from '../../engine/engine-task.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { ErrorBox, Modal } from '../../ui/modal.js';
import { tileRequestSettings } from './online-basemap-settings.js';

export interface OfflinePackDialogProps {
  /** The online basemap to start from (the saved one when it is online). */
  provider: OnlineProvider;
  /** The map's current view [west, south, east, north], WGS-84: the 「当前视野」 region. */
  viewBounds: readonly [number, number, number, number] | null;
  onClose(): void;
  /** The pack was written and registered: reload the project's local basemaps. */
  onDone(result: PackResult): void;
}

const providers: Array<{ id: OnlineProvider; name: MessageKey; terms: MessageKey }> = [
  { id: 'amap', name: 'basemap.amap', terms: 'basemap.pack.termsAmap' },
  { id: 'tianditu', name: 'basemap.tianditu', terms: 'basemap.pack.termsTianditu' },
];

const zoomChoices = Array.from({ length: 19 }, (_, z) => z);

/** A zoomed-out view reaches past the Web Mercator limits the engine accepts. */
function clampBox(b: readonly [number, number, number, number]): [number, number, number, number] {
  const lng = (v: number): number => Math.max(-180, Math.min(180, v));
  const lat = (v: number): number => Math.max(-85, Math.min(85, v));
  return [lng(b[0]), lat(b[1]), lng(b[2]), lat(b[3])];
}

function megabytes(bytes: number): string {
  return bytes < 1_000_000 ? (bytes / 1_000_000).toFixed(2) : (bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0);
}

/**
 * 离线底图包: the chosen provider's tiles for the project's region and zooms, into an .mbtiles beside
 * the project. The tile count and size come first; then progress, cancel, and resume by downloading again.
 */
export function OfflinePackDialog({ provider: initial, viewBounds, onClose, onDone }: OfflinePackDialogProps): ReactNode {
  const { client, progress } = useEngine();
  const { t, lang, num } = useI18n();
  const task = useEngineTask(client, progress);
  const [provider, setProvider] = useState<OnlineProvider>(initial);
  const [regionKind, setRegionKind] = useState<'places' | 'view'>('places');
  const [marginKm, setMarginKm] = useState('2');
  const [minZoom, setMinZoom] = useState(10);
  const [maxZoom, setMaxZoom] = useState(16);
  const [plan, setPlan] = useState<PackPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<PackResult | null>(null);
  const busy = task.taskId !== null;

  const margin = Number(marginKm);
  const params: PackParams | null =
    regionKind === 'view'
      ? viewBounds === null
        ? null
        : { provider, region: { kind: 'box', bounds: clampBox(viewBounds) }, minZoom, maxZoom, ...tileRequestSettings(provider) }
      : Number.isFinite(margin) && margin >= 0 && margin <= 50
        ? { provider, region: { kind: 'places', marginM: Math.round(margin * 1000) }, minZoom, maxZoom, ...tileRequestSettings(provider) }
        : null;
  const key = JSON.stringify(params);

  useEffect(() => {
    if (busy) return;
    let live = true;
    setPlan(null);
    if (params === null) return;
    client
      .call('basemap.packPlan', params)
      .then((p) => {
        if (!live) return;
        setPlan(p);
        setError(null);
      })
      .catch((e: unknown) => {
        if (live) setError(errorMessage(e, lang));
      });
    return () => {
      live = false;
    };
    // `key` stands for params: a new object each render, the same request while its JSON is unchanged.
  }, [client, key, lang, busy, result]);

  const needsKey = provider === 'tianditu' && tileRequestSettings('tianditu').key === undefined;

  const download = async (): Promise<void> => {
    if (params === null) return;
    setError(null);
    setResult(null);
    const taskId = task.start();
    try {
      const r = await client.call('basemap.packDownload', { ...params, taskId });
      setResult(r);
      onDone(r);
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      task.finish();
    }
  };

  const mine = task.progress;
  const footer = (
    <>
      {busy ? (
        <button type="button" data-testid="pack-cancel" onClick={() => task.cancel((e) => setError(errorMessage(e, lang)))}>
          {t('basemap.pack.cancel')}
        </button>
      ) : (
        <button type="button" onClick={onClose}>
          {t(result === null ? 'dialog.cancel' : 'dialog.close')}
        </button>
      )}
      <button type="button" className="primary" data-testid="pack-download" disabled={busy || plan === null || plan.tooMany || needsKey || plan.have >= plan.tiles} onClick={() => void download()}>
        {plan !== null && plan.have >= plan.tiles ? t('basemap.pack.complete') : plan !== null && plan.resume && plan.have > 0 ? t('basemap.pack.resume') : t('basemap.pack.download')}
      </button>
    </>
  );

  return (
    <Modal title={t('basemap.pack.title')} testId="pack-dialog" onClose={busy ? () => undefined : onClose} footer={footer}>
      <p className="basemap-note">{t('basemap.pack.about')}</p>
      <fieldset className="pack-fieldset" disabled={busy}>
        <legend>{t('basemap.pack.provider')}</legend>
        {providers.map((p) => (
          <div key={p.id} className="pack-provider">
            <label>
              <input type="radio" name="pack-provider" data-testid={`pack-provider-${p.id}`} checked={provider === p.id} onChange={() => setProvider(p.id)} />
              <span>{t(p.name)}</span>
            </label>
            <p className="basemap-note pack-terms" data-testid={`pack-terms-${p.id}`}>
              {t(p.terms)}
            </p>
          </div>
        ))}
        {needsKey ? <p className="basemap-problem">{t('basemap.needKey')}</p> : null}
      </fieldset>
      <fieldset className="pack-fieldset" disabled={busy}>
        <legend>{t('basemap.pack.region')}</legend>
        <label>
          <input type="radio" name="pack-region" data-testid="pack-region-places" checked={regionKind === 'places'} onChange={() => setRegionKind('places')} />
          <span>{t('basemap.pack.regionPlaces')}</span>
          <input type="number" className="pack-margin" min={0} max={50} step={0.5} data-testid="pack-margin" value={marginKm} onChange={(e) => setMarginKm(e.target.value)} aria-label={t('basemap.pack.margin')} />
          <span>{t('basemap.pack.km')}</span>
        </label>
        <label>
          <input type="radio" name="pack-region" data-testid="pack-region-view" checked={regionKind === 'view'} disabled={viewBounds === null} onChange={() => setRegionKind('view')} />
          <span>{t('basemap.pack.regionView')}</span>
        </label>
      </fieldset>
      <fieldset className="pack-fieldset pack-zooms" disabled={busy}>
        <legend>{t('basemap.pack.zooms')}</legend>
        <label>
          <span>{t('basemap.pack.minZoom')}</span>
          <select data-testid="pack-min-zoom" value={minZoom} onChange={(e) => setMinZoom(Number(e.target.value))}>
            {zoomChoices.map((z) => (
              <option key={z} value={z} disabled={z > maxZoom}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('basemap.pack.maxZoom')}</span>
          <select data-testid="pack-max-zoom" value={maxZoom} onChange={(e) => setMaxZoom(Number(e.target.value))}>
            {zoomChoices.map((z) => (
              <option key={z} value={z} disabled={z < minZoom}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <span className="basemap-note">{t('basemap.pack.zoomHint')}</span>
      </fieldset>
      {result === null ? null : (
        <p className="pack-done" role="status" data-testid="pack-done">
          {t('basemap.pack.done', { downloaded: num(result.downloaded), skipped: num(result.skipped), path: result.path })}
        </p>
      )}
      <div className="pack-plan" data-testid="pack-plan" data-tiles={plan?.tiles ?? ''} data-have={plan?.have ?? ''}>
        {plan === null ? (
          <p className="basemap-note">{t('basemap.pack.counting')}</p>
        ) : plan.tooMany ? (
          <p className="basemap-problem" role="alert">
            {t('basemap.pack.tooMany', { tiles: num(plan.tiles), max: num(plan.maxTiles) })}
          </p>
        ) : (
          <>
            <p>{t('basemap.pack.count', { tiles: num(plan.tiles), mb: megabytes(plan.estimatedBytes) })}</p>
            {plan.have > 0 ? <p className="basemap-note">{t(plan.have >= plan.tiles ? 'basemap.pack.haveAll' : 'basemap.pack.have', { have: num(plan.have) })}</p> : null}
            <p className="basemap-note pack-path">{t('basemap.pack.file', { path: plan.path })}</p>
          </>
        )}
      </div>
      {busy ? (
        <div className="progress" data-testid="pack-progress">
          <progress max={100} value={task.percent ?? undefined} aria-label={t('basemap.pack.title')} />
          <span>{mine === null ? t('basemap.pack.starting') : t('basemap.pack.progress', { done: num(mine.done), total: num(mine.total) })}</span>
        </div>
      ) : null}
      <ErrorBox message={error} />
    </Modal>
  );
}
