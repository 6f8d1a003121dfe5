import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { GazetteerHit, Site } from '../../../native/contract/index.js';
import { useUndo } from '../../actions/actions-context.js';
import type { UndoOutcome } from '../../actions/history.js';
import { useEngine } from '../../engine/engine-context.js';
import { EngineError } from '../../engine/engine-client.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import { PickMap } from '../../map/pick-map.js';
import type { PickPoint } from '../../map/pick-map.js';
import { ErrorBox, Modal } from '../../ui/modal.js';
import { SiteSearch } from './site-search.js';

/**
 * A site as the history knows it: removing and undoing re-creates it under a new id, so every entry about
 * one site holds the same ref and reads its current id from it.
 */
interface SiteRef {
  id: number;
}
const refs = new Map<number, SiteRef>();
function refOf(id: number): SiteRef {
  let ref = refs.get(id);
  if (ref === undefined) {
    ref = { id };
    refs.set(id, ref);
  }
  return ref;
}

/** An entry whose site is gone (removed elsewhere, another project) is skipped, not an error. */
async function orStale(run: () => Promise<unknown>): Promise<UndoOutcome> {
  try {
    await run();
    return 'done';
  } catch (e) {
    if (e instanceof EngineError && (e.code === 'INVALID_PARAMS' || e.code === 'NO_PROJECT_OPEN')) return 'stale';
    throw e;
  }
}

/** 项目设置: 本案 and 竞品 of the open project renamed, moved (search or map click), removed or added; each step undoable. */
export function ProjectSettingsDialog({ onClose }: { onClose(): void }): ReactNode {
  const { client, info, refresh } = useEngine();
  const history = useUndo();
  const { t, lang } = useI18n();
  const [moving, setMoving] = useState<number | null>(null);
  const [names, setNames] = useState<Record<number, string>>({});
  const [error, setError] = useState<string | null>(null);
  const sites = useMemo(() => info?.sites ?? [], [info]);
  const [focus, setFocus] = useState<{ lng: number; lat: number; zoom: number } | null>(() => {
    const first = info?.sites[0];
    return first === undefined ? null : { lng: first.lng, lat: first.lat, zoom: 11 };
  });

  const run = async (step: () => Promise<void>): Promise<void> => {
    setError(null);
    try {
      await step();
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      await refresh();
    }
  };

  const add = (kind: Site['kind'], name: string, at: { lng: number; lat: number }): Promise<void> =>
    run(async () => {
      const site = await client.call('sites.add', { name, kind, lng: at.lng, lat: at.lat });
      const ref = refOf(site.id);
      history.push({
        label: t('open.settings.undoAdd', { name }),
        undo: () => orStale(async () => client.call('sites.remove', { id: ref.id }).finally(() => void refresh())),
        redo: async () => {
          ref.id = (await client.call('sites.add', { name, kind, lng: at.lng, lat: at.lat })).id;
          refs.set(ref.id, ref);
          await refresh();
        },
      });
    });

  const update = (site: Site, change: { name?: string; lng?: number; lat?: number }, label: string): Promise<void> =>
    run(async () => {
      const ref = refOf(site.id);
      const before = { name: site.name, lng: site.lng, lat: site.lat };
      await client.call('sites.update', { id: ref.id, ...change });
      history.push({
        label,
        undo: () => orStale(async () => client.call('sites.update', { id: ref.id, ...before }).finally(() => void refresh())),
        redo: async () => {
          await client.call('sites.update', { id: ref.id, ...change });
          await refresh();
        },
      });
    });

  const remove = (site: Site): Promise<void> =>
    run(async () => {
      const ref = refOf(site.id);
      await client.call('sites.remove', { id: ref.id });
      history.push({
        label: t('open.settings.undoRemove', { name: site.name }),
        undo: async (): Promise<UndoOutcome> => {
          ref.id = (await client.call('sites.add', { name: site.name, kind: site.kind, lng: site.lng, lat: site.lat })).id;
          refs.set(ref.id, ref);
          await refresh();
          return 'done';
        },
        redo: async () => {
          await client.call('sites.remove', { id: ref.id });
          await refresh();
        },
      });
    });

  const rename = (site: Site): void => {
    const next = (names[site.id] ?? site.name).trim();
    if (next === '' || next === site.name) return;
    void update(site, { name: next }, t('open.settings.undoRename', { name: site.name }));
  };

  const pickHit = (hit: GazetteerHit): void => {
    setFocus({ lng: hit.lng, lat: hit.lat, zoom: 11 });
    const site = sites.find((s) => s.id === moving);
    if (site !== undefined) {
      setMoving(null);
      void update(site, { lng: hit.lng, lat: hit.lat }, t('open.settings.undoMove', { name: site.name }));
    } else void add(sites.some((s) => s.kind === 'project') ? 'competitor' : 'project', hit.label, hit);
  };

  const mapClick = (at: { lng: number; lat: number }): void => {
    const site = sites.find((s) => s.id === moving);
    if (site === undefined) return;
    setMoving(null);
    void update(site, at, t('open.settings.undoMove', { name: site.name }));
  };

  const points = useMemo<PickPoint[]>(() => sites.map((s) => ({ key: String(s.id), lng: s.lng, lat: s.lat, kind: s.kind, label: s.name })), [sites]);
  const movingSite = sites.find((s) => s.id === moving);

  return (
    <Modal
      title={t('open.settings.title')}
      testId="project-settings-dialog"
      className="new-project-modal"
      onClose={onClose}
      footer={
        <button type="button" className="primary" onClick={onClose}>
          {t('dialog.close')}
        </button>
      }
    >
      <div className="new-project-form">
        <div className="new-project-fields">
          <ul className="site-list" data-testid="settings-sites">
            {sites.map((s) => (
              <li key={s.id} className="site-row" data-testid="settings-site" data-kind={s.kind}>
                <span className={`site-dot ${s.kind}`} title={t(s.kind === 'project' ? 'open.new.kindProject' : 'open.new.kindCompetitor')} />
                <input
                  type="text"
                  data-testid="settings-site-name"
                  value={names[s.id] ?? s.name}
                  aria-label={t(s.kind === 'project' ? 'open.new.kindProject' : 'open.new.kindCompetitor')}
                  onChange={(e) => setNames((n) => ({ ...n, [s.id]: e.target.value }))}
                  onBlur={() => rename(s)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') rename(s);
                  }}
                />
                <button type="button" className="link-button" data-testid="settings-site-move" aria-pressed={moving === s.id} onClick={() => setMoving(moving === s.id ? null : s.id)}>
                  {t('open.settings.move')}
                </button>
                <button type="button" className="link-button" data-testid="settings-site-remove" onClick={() => void remove(s)}>
                  {t('open.new.remove')}
                </button>
              </li>
            ))}
          </ul>
          <fieldset className="field">
            <legend>{movingSite === undefined ? t('open.new.competitors') : t('open.settings.moving', { name: movingSite.name })}</legend>
            <SiteSearch city="" testId="settings-site-search" onPick={pickHit} />
          </fieldset>
          <ErrorBox message={error} />
        </div>
        <div className="new-project-map">
          <p className="muted small">{movingSite === undefined ? '\u00a0' : t('open.settings.moving', { name: movingSite.name })}</p>
          <PickMap lang={lang} points={points} focus={focus} testId="settings-map" onPick={mapClick} />
        </div>
      </div>
    </Modal>
  );
}
