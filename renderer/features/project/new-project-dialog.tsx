import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { GazetteerHit, SiteKind } from '../../../native/contract/index.js';
import { useEngine } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import { PickMap } from '../../map/pick-map.js';
import type { PickPoint } from '../../map/pick-map.js';
import { CancelAndConfirm, ErrorBox, Modal } from '../../ui/modal.js';
import { SiteSearch } from './site-search.js';

interface Placed {
  key: string;
  name: string;
  lng: number;
  lat: number;
}

/** Characters no file system takes in a name become "_": the project name may hold anything. */
export function projectFileName(name: string): string {
  const cleaned = name
    .trim()
    // eslint-disable-next-line no-control-regex -- control characters cannot be in a file name
    .replace(/[\u0000-\u001f/\\:*?"<>|]/g, '_')
    .replace(/^\.+/, '');
  return `${cleaned === '' ? '新项目' : cleaned}.ketu`;
}

/** `folder` + `file`, in the folder's own separator style (a Windows path keeps its backslashes). */
export function joinPath(folder: string, file: string): string {
  const f = folder.trim();
  if (f === '') return file;
  const sep = f.includes('\\') && !f.includes('/') ? '\\' : '/';
  return f.endsWith(sep) ? `${f}${file}` : `${f}${sep}${file}`;
}

function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut <= 0 ? path : path.slice(0, cut);
}

let nextKey = 0;
const newKey = (): string => `p${++nextKey}`;

/** 新建项目: name, city, folder, 本案 and 竞品 placed by searching the gazetteer or clicking the map. Never replaces a file. */
export function NewProjectDialog({ onClose }: { onClose(): void }): ReactNode {
  const { client, refresh } = useEngine();
  const { t, lang } = useI18n();
  const [name, setName] = useState('');
  const [city, setCity] = useState('');
  const [folder, setFolder] = useState<string | null>(null);
  const [site, setSite] = useState<Placed | null>(null);
  const [competitors, setCompetitors] = useState<Placed[]>([]);
  const [placing, setPlacing] = useState<SiteKind>('project');
  const [focus, setFocus] = useState<{ lng: number; lat: number; zoom: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The folder of the newest recent project, else the host's default projects folder.
  useEffect(() => {
    let current = true;
    client.call('recents.list', {}).then(
      (r) => {
        if (!current) return;
        const newest = r.projects.find((p) => !p.missing);
        setFolder((f) => f ?? (newest === undefined ? (r.projectsDir ?? '') : folderOf(newest.path)));
      },
      () => setFolder((f) => f ?? ''),
    );
    return () => {
      current = false;
    };
  }, [client]);

  const path = joinPath(folder ?? '', projectFileName(name));
  const place = (kind: SiteKind, at: { lng: number; lat: number }, label: string | null): void => {
    if (kind === 'project') setSite({ key: 'site', name: label ?? '', lng: at.lng, lat: at.lat });
    else setCompetitors((list) => [...list, { key: newKey(), name: label ?? t('open.new.competitorName', { n: list.length + 1 }), lng: at.lng, lat: at.lat }]);
  };
  const pickHit = (kind: SiteKind) => (hit: GazetteerHit) => {
    place(kind, hit, hit.label);
    setFocus({ lng: hit.lng, lat: hit.lat, zoom: hit.precision === 'city' ? 9 : 11 });
  };
  const points = useMemo<PickPoint[]>(
    () => [...(site === null ? [] : [{ key: site.key, lng: site.lng, lat: site.lat, kind: 'project' as const, label: site.name }]), ...competitors.map((c) => ({ key: c.key, lng: c.lng, lat: c.lat, kind: 'competitor' as const, label: c.name }))],
    [site, competitors],
  );

  const submit = async (): Promise<void> => {
    if (name.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      await client.call('project.create', {
        path,
        name: name.trim(),
        ...(city.trim() === '' ? {} : { city: city.trim() }),
        ...(site === null ? {} : { site: { lng: site.lng, lat: site.lat } }),
      });
      for (const c of competitors) await client.call('sites.add', { name: c.name.trim() === '' ? t('open.new.kindCompetitor') : c.name.trim(), kind: 'competitor', lng: c.lng, lat: c.lat });
      await refresh();
      onClose();
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('open.new.title')}
      testId="new-project-dialog"
      className="new-project-modal"
      onClose={onClose}
      footer={
        <CancelAndConfirm
          onCancel={onClose}
          form="new-project-form"
          testId="new-project-submit"
          disabled={busy || name.trim() === '' || folder === null}
          label={busy ? t('open.new.busy') : t('open.new.submit')}
        />
      }
    >
      <form
        id="new-project-form"
        className="new-project-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="new-project-fields">
          <label className="field">
            <span>{t('open.new.name')}</span>
            <input type="text" data-testid="new-project-name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('open.new.city')}</span>
            <input type="text" data-testid="new-project-city" value={city} placeholder={t('open.new.cityPlaceholder')} onChange={(e) => setCity(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('open.new.folder')}</span>
            <input type="text" data-testid="new-project-folder" value={folder ?? ''} spellCheck={false} onChange={(e) => setFolder(e.target.value)} />
          </label>
          <p className="muted small" data-testid="new-project-path">
            {t('open.new.file', { path })}
          </p>
          <fieldset className="field">
            <legend>{t('open.new.site')}</legend>
            {site === null ? (
              <p className="muted small">{t('open.new.siteNone')}</p>
            ) : (
              <p className="site-row" data-testid="new-project-site">
                <span className="site-dot project" />
                {site.name === '' ? `${site.lng.toFixed(5)}, ${site.lat.toFixed(5)}` : site.name}
              </p>
            )}
            <SiteSearch city={city} testId="new-project-site-search" onPick={pickHit('project')} />
          </fieldset>
          <fieldset className="field">
            <legend>{t('open.new.competitors')}</legend>
            <ul className="site-list" data-testid="new-project-competitors">
              {competitors.map((c) => (
                <li key={c.key} className="site-row">
                  <span className="site-dot competitor" />
                  <input type="text" value={c.name} aria-label={t('open.new.kindCompetitor')} onChange={(e) => setCompetitors((list) => list.map((x) => (x.key === c.key ? { ...x, name: e.target.value } : x)))} />
                  <button type="button" className="link-button" onClick={() => setCompetitors((list) => list.filter((x) => x.key !== c.key))}>
                    {t('open.new.remove')}
                  </button>
                </li>
              ))}
            </ul>
            <SiteSearch city={city} testId="new-project-competitor-search" onPick={pickHit('competitor')} />
          </fieldset>
        </div>
        <div className="new-project-map">
          <div className="field-row small" role="radiogroup" aria-label={t('open.new.clickPlaces')}>
            <span>{t('open.new.clickPlaces')}</span>
            {(['project', 'competitor'] as const).map((kind) => (
              <label key={kind}>
                <input type="radio" name="placing" data-testid={`new-project-place-${kind}`} checked={placing === kind} onChange={() => setPlacing(kind)} />
                {t(kind === 'project' ? 'open.new.kindProject' : 'open.new.kindCompetitor')}
              </label>
            ))}
          </div>
          <PickMap lang={lang} points={points} focus={focus} testId="new-project-map" onPick={(at) => place(placing, at, placing === 'project' ? (site?.name ?? null) : null)} />
        </div>
        <ErrorBox message={error} />
      </form>
    </Modal>
  );
}
