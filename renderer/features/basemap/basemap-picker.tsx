import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { BUNDLED_BASEMAP } from '../../../native/contract/index.js';
import type { KetuBridge, LocalBasemap, OnlineProvider } from '../../../native/contract/index.js';
import { closeOnEscape, useKeyLayer } from '../../actions/actions-context.js';
import { useI18n } from '../../i18n/i18n.js';
import type { EngineClient } from '../../engine/engine-client.js';
import { useEngine } from '../../engine/engine-context.js';
import type { MessageKey } from '../../i18n/messages.js';
import { errorMessage } from '../../engine/error-text.js';
import { ErrorBox } from '../../ui/modal.js';
import { OfflinePackDialog } from './offline-pack-dialog.js';
import { readOnlineSettings, saveOnlineSettings } from './online-basemap-settings.js';
import type { BasemapState } from './use-basemap.js';
import './basemap-picker.css';

export interface BasemapPickerProps {
  state: BasemapState;
  /** The project's saved choice (MapSettings.basemap). */
  savedId: string;
  disabled: boolean;
  /** Save the choice in the project (map.save). */
  onChoose(id: string): void;
  /** The map's view [west, south, east, north] in WGS-84, for a 离线底图包 of what is on screen. */
  viewBounds: readonly [number, number, number, number] | null;
}

const providerKeys: Record<OnlineProvider, { name: MessageKey; note: MessageKey }> = {
  tianditu: { name: 'basemap.tianditu', note: 'basemap.tiandituNote' },
  amap: { name: 'basemap.amap', note: 'basemap.amapNote' },
};

/** The file name without folders, for a default display name. */
function stem(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/\.(pmtiles|mbtiles)$/i, '');
}

/** 底图 in the top bar: the bundled map, the project's local archives, 天地图 (with the planner's key) and 高德. */
export function BasemapPicker({ state, savedId, disabled, onChoose, viewBounds }: BasemapPickerProps): ReactNode {
  const { client, bridge } = useEngine();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [packOpen, setPackOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent): void => {
      if (box.current !== null && e.target instanceof Node && !box.current.contains(e.target)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);
  useKeyLayer(open, false, [closeOnEscape('basemap.close', () => setOpen(false))]);

  const savedLocal = state.locals?.find((b) => b.id === savedId);
  const label =
    savedId === BUNDLED_BASEMAP
      ? t('basemap.bundled')
      : savedId === 'amap' || savedId === 'tianditu'
        ? t(providerKeys[savedId].name)
        : (savedLocal?.name ?? t('basemap.bundled'));

  return (
    <div className="basemap-picker" ref={box}>
      <button
        type="button"
        data-testid="basemap-button"
        className={state.problem === null ? (open ? 'active' : '') : 'warning'}
        aria-expanded={open}
        aria-controls={panelId}
        disabled={disabled}
        title={state.usingPack === null ? (state.problem ?? undefined) : t('basemap.pack.using', { name: state.usingPack })}
        onClick={() => setOpen(!open)}
      >
        {t('basemap.button', { name: label })}
        {state.problem === null ? null : <span aria-hidden="true"> ⚠</span>}
      </button>
      {open ? (
        <BasemapPanel
          id={panelId}
          client={client}
          bridge={bridge}
          state={state}
          savedId={savedId}
          onChoose={(id) => {
            onChoose(id);
            setOpen(false);
          }}
          onPack={() => {
            setOpen(false);
            setPackOpen(true);
          }}
        />
      ) : null}
      {/* Out of the top bar: the dialog must not inherit its light text. */}
      {packOpen ? createPortal(
        <OfflinePackDialog
          provider={savedId === 'tianditu' ? 'tianditu' : 'amap'}
          viewBounds={viewBounds}
          onClose={() => setPackOpen(false)}
          onDone={() => void state.reloadLocals()}
        />,
        document.body,
      ) : null}
    </div>
  );
}

function BasemapPanel({ id, client, bridge, state, savedId, onChoose, onPack }: { id: string; client: EngineClient; bridge: KetuBridge | null; state: BasemapState; savedId: string; onChoose(id: string): void; onPack(): void }): ReactNode {
  const { t, lang } = useI18n();
  const [adding, setAdding] = useState(false);
  const [tdtKey, setTdtKey] = useState(() => readOnlineSettings('tianditu').key);
  const [endpoints, setEndpoints] = useState(() => ({ amap: readOnlineSettings('amap').endpoint, tianditu: readOnlineSettings('tianditu').endpoint }));
  const [error, setError] = useState<string | null>(null);
  const keyInput = useRef<HTMLInputElement>(null);

  const choose = (next: string): void => {
    setError(null);
    if (next === 'tianditu' && tdtKey.trim() === '') {
      setError(t('basemap.needKey'));
      keyInput.current?.focus();
      return;
    }
    if (next === 'amap' || next === 'tianditu') saveOnlineSettings(next, { key: next === 'tianditu' ? tdtKey : '', endpoint: endpoints[next] });
    // Choosing again (or with a new key) asks for the tiles anew, after an offline spell for example.
    state.retry();
    onChoose(next);
  };

  const saveOnline = (): void => {
    saveOnlineSettings('tianditu', { key: tdtKey, endpoint: endpoints.tianditu });
    saveOnlineSettings('amap', { key: '', endpoint: endpoints.amap });
    state.retry();
  };

  const remove = async (b: LocalBasemap): Promise<void> => {
    setError(null);
    try {
      await client.call('basemap.remove', { id: b.id });
      if (savedId === b.id) onChoose(BUNDLED_BASEMAP);
      await state.reloadLocals();
    } catch (e) {
      setError(errorMessage(e, lang));
    }
  };

  const option = (value: string, name: string, extra?: ReactNode, note?: string | null): ReactNode => (
    <li key={value} className={savedId === value ? 'basemap-option chosen' : 'basemap-option'}>
      <label>
        <input type="radio" name="basemap" value={value} checked={savedId === value} data-testid={`basemap-option-${value}`} onChange={() => choose(value)} />
        <span className="basemap-name">{name}</span>
        {extra}
      </label>
      {note === undefined || note === null ? null : <p className="basemap-note">{note}</p>}
    </li>
  );

  return (
    <div className="basemap-panel" id={id} role="dialog" aria-label={t('basemap.title')} data-testid="basemap-picker">
      {state.problem === null ? null : (
        <p className="basemap-problem" role="alert" data-testid="basemap-problem">
          {state.usingPack === null ? state.problem : `${state.problem}。${t('basemap.pack.using', { name: state.usingPack })}`}
        </p>
      )}
      <ul>{option(BUNDLED_BASEMAP, t('basemap.bundled'), null, t('basemap.bundledNote'))}</ul>
      <h3>{t('basemap.localTitle')}</h3>
      <ul>
        {(state.locals ?? []).map((b) =>
          option(
            b.id,
            b.name,
            <button type="button" className="icon-button" aria-label={t('basemap.remove', { name: b.name })} data-testid={`basemap-remove-${b.id}`} onClick={(e) => {
              e.preventDefault();
              void remove(b);
            }}>
              ×
            </button>,
            b.problem !== null && b.problem === state.problem ? null : (b.problem ?? `${b.format === 'pmtiles' ? 'PMTiles' : 'MBTiles'} · ${b.archive?.kind === 'vector' ? t('basemap.vector') : t('basemap.raster')} · z${b.archive?.minzoom ?? '?'}–${b.archive?.maxzoom ?? '?'}${b.crs === 'gcj02' ? ' · GCJ-02' : ''}`),
          ),
        )}
      </ul>
      {adding ? (
        <AddLocalForm
          client={client}
          bridge={bridge}
          onAdded={async (b) => {
            setAdding(false);
            await state.reloadLocals();
            choose(b.id);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" className="basemap-add" data-testid="basemap-add" onClick={() => setAdding(true)}>
          {t('basemap.add')}
        </button>
      )}
      <h3>{t('basemap.onlineTitle')}</h3>
      <ul>
        {option(
          'tianditu',
          t('basemap.tianditu'),
          null,
          t(providerKeys.tianditu.note),
        )}
        <li className="basemap-key">
          <label>
            <span>{t('basemap.tiandituKey')}</span>
            <input ref={keyInput} type="text" data-testid="basemap-tianditu-key" value={tdtKey} spellCheck={false} placeholder="tk" onChange={(e) => setTdtKey(e.target.value)} onBlur={saveOnline} />
          </label>
        </li>
        {option('amap', t('basemap.amap'), null, t(providerKeys.amap.note))}
      </ul>
      <p className="basemap-note">{t('basemap.keyNote')}</p>
      <button type="button" className="basemap-add" data-testid="pack-open" onClick={onPack}>
        {t('basemap.pack.open')}
      </button>
      <details className="basemap-advanced">
        <summary>{t('basemap.advanced')}</summary>
        <p className="basemap-note">{t('basemap.endpointNote')}</p>
        {(['tianditu', 'amap'] as const).map((p) => (
          <label key={p} className="field">
            <span>{t('basemap.endpoint', { name: t(providerKeys[p].name) })}</span>
            <input
              type="text"
              data-testid={`basemap-endpoint-${p}`}
              value={endpoints[p]}
              spellCheck={false}
              placeholder="https://…/{z}/{x}/{y}"
              onChange={(e) => setEndpoints((prev) => ({ ...prev, [p]: e.target.value }))}
              onBlur={saveOnline}
            />
          </label>
        ))}
      </details>
      <ErrorBox message={error} />
    </div>
  );
}

function AddLocalForm({ client, bridge, onAdded, onCancel }: { client: EngineClient; bridge: KetuBridge | null; onAdded(b: LocalBasemap): Promise<void>; onCancel(): void }): ReactNode {
  const { t, lang } = useI18n();
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [crs, setCrs] = useState<'wgs84' | 'gcj02'>('wgs84');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const browse = async (): Promise<void> => {
    if (bridge === null) return;
    const picked = await bridge.pickOpenPath(t('basemap.addTitle'), [{ name: '瓦片底图 Tile archive', extensions: ['pmtiles', 'mbtiles'] }]);
    if (picked !== null) setPath(picked);
  };

  const submit = async (): Promise<void> => {
    const p = path.trim();
    if (p === '') return;
    setBusy(true);
    setError(null);
    try {
      const added = await client.call('basemap.add', { path: p, name: name.trim() === '' ? stem(p) : name.trim(), crs });
      await onAdded(added);
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="basemap-add-form"
      data-testid="basemap-add-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="field">
        <span>{t('basemap.path')}</span>
        <span className="field-row">
          <input type="text" data-testid="basemap-path" value={path} placeholder={t('basemap.pathPlaceholder')} spellCheck={false} autoFocus onChange={(e) => setPath(e.target.value)} />
          {bridge === null ? null : (
            <button type="button" onClick={() => void browse()}>
              {t('open.browse')}
            </button>
          )}
        </span>
      </label>
      <label className="field">
        <span>{t('basemap.name')}</span>
        <input type="text" data-testid="basemap-name" value={name} placeholder={path.trim() === '' ? '' : stem(path.trim())} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('basemap.crs')}</span>
        <select data-testid="basemap-crs" value={crs} onChange={(e) => setCrs(e.target.value === 'gcj02' ? 'gcj02' : 'wgs84')}>
          <option value="wgs84">{t('basemap.crs.wgs84')}</option>
          <option value="gcj02">{t('basemap.crs.gcj02')}</option>
        </select>
      </label>
      <ErrorBox message={error} />
      <div className="basemap-form-buttons">
        <button type="button" onClick={onCancel}>
          {t('dialog.cancel')}
        </button>
        <button type="submit" className="primary" data-testid="basemap-add-submit" disabled={busy || path.trim() === ''}>
          {busy ? t('basemap.adding') : t('basemap.addSubmit')}
        </button>
      </div>
    </form>
  );
}
