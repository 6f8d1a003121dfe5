import type { Map as MapLibreMap } from 'maplibre-gl';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { fromDisplay } from '../../../native/contract/index.js';
import type { DisplayCrs, LayerConfig, PlaceColumns, ProjectInfo } from '../../../native/contract/index.js';
import { useActions, useActionsContext, useUndo } from '../../actions/actions-context.js';
import type { Action } from '../../actions/registry.js';
import { useEngine, useEngineQuery } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Bounds } from '../../map/map-view.js';
import { AreaCommands } from '../areas/area-commands.js';
import { useVersionCommands } from '../versions/version-commands.js';
import { compareParams, defaultThresholds } from './revision-query.js';
import type { RevisionQuery, RevisionSelection, SplitMode } from './revision-query.js';
import './revision.css';

// The panel's tables, the extra maps and the dialogs load when first opened: the first frame does not pay for them.
const RevisionPanel = lazy(() => import('./revision-panel.js').then((m) => ({ default: m.RevisionPanel })));
const SplitMap = lazy(() => import('./split-map.js').then((m) => ({ default: m.SplitMap })));
const SalesProgressDialog = lazy(() => import('./sales-progress-dialog.js').then((m) => ({ default: m.SalesProgressDialog })));
const VersionView = lazy(() => import('../versions/version-view.js').then((m) => ({ default: m.VersionView })));
const VersionsDialog = lazy(() => import('../versions/versions-dialog.js').then((m) => ({ default: m.VersionsDialog })));

/** CSS width of the drawer (styles.css .rankings-panel). */
const PANEL_WIDTH = 400;

export interface RevisionWorkbenchProps {
  info: ProjectInfo | null;
  columns: PlaceColumns | null;
  fitTo: Bounds | null;
  /** The live map: its layers and basemap are the plan's map when the plan is a filter, not a version. */
  liveLayers: readonly LayerConfig[] | null;
  liveBasemap: string;
  /** The live MapLibre map, whose camera a saved version keeps. */
  map: MapLibreMap | null;
  liveCrs: DisplayCrs;
  toast(message: string): void;
}

export interface RevisionWorkbench {
  /** Over the map: the prompt, a version opened read-only, the split map, the panel and the dialogs. */
  overlay: ReactNode;
  /** In the status bar: the sales progress and the way into versions and the revision. */
  status: ReactNode;
}

/** A version is a revision when its name says so (保存为修订版 and the suggested 1/3 修订版 do). */
const isRevisionName = (name: string): boolean => name.includes('修订');

/** The one-third revision in the workbench: progress, the prompt, map versions, the panel and its maps. */
export function useRevisionWorkbench({ info, columns, fitTo, liveLayers, liveBasemap, map, liveCrs, toast }: RevisionWorkbenchProps): RevisionWorkbench {
  const { t, num, lang } = useI18n();
  const { client, bridge, noteChange } = useEngine();
  const history = useUndo();
  const has = info !== null;
  const progress = useEngineQuery(has ? (c) => c.call('progress.get', {}) : null, [info?.path]).data;
  const prompt = useEngineQuery(has ? (c) => c.call('revision.prompt', {}) : null, [info?.path]).data;
  const versions = useEngineQuery(has ? (c) => c.call('versions.list', {}) : null, [info?.path]).data ?? [];
  const [dialog, setDialog] = useState<'units' | 'versions' | null>(null);
  const [versionOpen, setVersionOpen] = useState<number | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const [mode, setMode] = useState<SplitMode | null>(null);
  const [selection, setSelection] = useState<RevisionSelection | null>(null);
  const [query, setQuery] = useState<RevisionQuery>({ plan: null, planStages: null, planBefore: null, until: 'third', thresholds: defaultThresholds });
  const [busy, setBusy] = useState(false);
  const commands = useVersionCommands();
  // While a version is open read-only, everything that would change the live project is off, with the reason.
  const { registry } = useActionsContext();
  const viewing = versionOpen === null ? null : (versions.find((v) => v.id === versionOpen)?.name ?? String(versionOpen));
  useEffect(() => {
    if (viewing === null) return;
    registry.setReadOnly(t('versions.readOnlyReason', { name: viewing }));
    return () => registry.setReadOnly(null);
  }, [registry, viewing, t]);
  const areaCommands = useMemo(() => new AreaCommands(client), [client]);
  const compared = useEngineQuery(has && panelOpen ? (c) => c.call('revision.compare', compareParams(query)) : null, [info?.path, panelOpen, query]);
  const planVersion = useEngineQuery(has && panelOpen && query.plan !== null ? (c) => c.call('versions.get', { version: query.plan ?? 0 }) : null, [info?.path, panelOpen, query.plan], false).data;
  const liveAreas = useEngineQuery(has && panelOpen && query.plan === null ? (c) => c.call('areas.list', {}) : null, [info?.path, panelOpen, query.plan]).data;
  const planMap = useMemo(
    () =>
      query.plan !== null && planVersion !== null
        ? { layers: planVersion.layers, basemap: planVersion.settings.basemap, areas: planVersion.areaList }
        : { layers: liveLayers ?? [], basemap: liveBasemap, areas: liveAreas ?? [] },
    [query.plan, planVersion, liveLayers, liveBasemap, liveAreas],
  );

  const run = useCallback(
    async (job: () => Promise<string>): Promise<void> => {
      setBusy(true);
      try {
        toast(await job());
      } catch (e) {
        toast(errorMessage(e, lang));
      } finally {
        setBusy(false);
      }
    },
    [toast, lang],
  );
  const result = compared.data;
  const addSource = (name: string): void =>
    void run(async () => {
      const s = result?.newSources.find((n) => n.name === name);
      if (s === undefined) return name;
      // The engine outlines a district new source (its largest part), as it squares a cell.
      const ring = s.ring;
      if (ring === null || ring.length < 4) return t('revision.noOutline', { name: s.name });
      const area = await client.call('areas.add', { name: s.name, grade: s.actualShare >= 0.2 ? 'A' : s.actualShare >= 0.1 ? 'B' : 'C', notes: t('revision.sourceNote', { n: s.actual }), shape: { kind: 'polygon', ring } });
      const command = areaCommands.added(t('revision.addAreaLabel', { name: s.name }), [area]);
      history.push({
        label: command.label,
        undo: async () => {
          await command.undo();
          noteChange();
          return 'done' as const;
        },
        redo: async () => {
          await command.redo();
          noteChange();
        },
      });
      noteChange();
      return t('revision.areaAdded', { name: s.name });
    });
  const exportReport = (): void =>
    void run(async () => {
      const base = (info?.path ?? 'ketu').replace(/\.[^./\\]+$/, '');
      const suggested = `${base}-修订对比.xlsx`;
      const out = bridge === null ? suggested : await bridge.pickSavePath(t('revision.export'), suggested, [{ name: 'Excel', extensions: ['xlsx'] }]);
      if (out === null) return t('revision.exportCancelled');
      const r = await client.call('revision.compare', { ...compareParams(query), out });
      return t('revision.exported', { path: r.report ?? out });
    });
  const saveRevised = (name: string, addSources: string[]): void =>
    void run(async () => {
      const view = viewOf(map, liveCrs);
      const params = { ...compareParams(query), name, addSources, ...(view === null ? {} : { view }) };
      let saved = await client.call('revision.saveRevised', params);
      noteChange();
      history.push({
        label: t('revision.saveRevisedLabel', { name }),
        undo: async () => {
          await client.call('versions.remove', { version: saved.id });
          noteChange();
          return 'done' as const;
        },
        redo: async () => {
          saved = await client.call('revision.saveRevised', params);
          noteChange();
        },
      });
      return t('revision.savedRevised', { name, n: saved.areas });
    });

  const dismissPrompt = (): void => void client.call('revision.prompt', { dismiss: true }).then(noteChange, (e: unknown) => toast(errorMessage(e, lang)));
  const startRevision = (): void => {
    setPanelOpen(true);
    setMode('split');
    dismissPrompt();
  };
  const actions: Action[] = [
    { id: 'revision.units', label: 'revision.units.title', menu: 'file', keys: [], enabled: has, history: 'none', edits: true, perform: () => setDialog('units') },
    { id: 'view.versions', label: 'versions.title', menu: 'view', keys: [], enabled: has, history: 'none', perform: () => setDialog('versions') },
    { id: 'view.revision', label: 'revision.title', menu: 'view', keys: [], enabled: has, history: 'none', perform: () => setPanelOpen((o) => !o) },
    {
      id: 'versions.save',
      label: 'versions.saveCurrent',
      menu: 'file',
      keys: ['Mod+Shift+S'],
      enabled: has,
      history: 'records',
      perform: () => {
        const used = new Set(versions.map((v) => v.name));
        const name = ['前期定位版', '开盘前版', '1/3 修订版'].find((n) => !used.has(n)) ?? `${t('versions.title')} ${versions.length + 1}`;
        void run(async () => {
          await commands.save(name, viewOf(map, liveCrs));
          return t('versions.saved', { name });
        });
      },
    },
  ];
  useActions('revision', actions);

  const third = progress?.thirdReachedOn ?? null;
  const showPrompt = has && progress !== null && progress.units !== null && third !== null && prompt?.dismissed === false && !versions.some((v) => isRevisionName(v.name));
  const share = progress?.share ?? null;
  const progressText = progress === null || progress.units === null || share === null ? null : t('revision.progress', { sold: num(progress.sold), units: num(progress.units), pct: Math.round(share * 100) });

  const overlay = (
    <>
      {showPrompt && progressText !== null ? (
        <div className="revision-prompt" role="status" data-testid="revision-prompt">
          <span>{t('revision.prompt', { progress: progressText, date: third })}</span>
          <button type="button" className="primary" data-testid="revision-prompt-start" onClick={startRevision}>
            {t('revision.start')}
          </button>
          <button type="button" className="icon-button" data-testid="revision-prompt-dismiss" aria-label={t('dialog.close')} onClick={dismissPrompt}>
            ×
          </button>
        </div>
      ) : null}
      <Suspense fallback={null}>
        {versionOpen !== null && info !== null && columns !== null ? <VersionView id={versionOpen} info={info} columns={columns} fitTo={fitTo} onBack={() => setVersionOpen(null)} /> : null}
        {panelOpen && mode !== null && result !== null && info !== null && columns !== null ? (
          <SplitMap mode={mode} info={info} columns={columns} fitTo={fitTo} result={result} plan={planMap} selection={selection} rightInset={PANEL_WIDTH} />
        ) : null}
        {panelOpen ? (
          <RevisionPanel
            query={query}
            setQuery={setQuery}
            versions={versions}
            result={result}
            error={compared.error === null ? null : errorMessage(compared.error, lang)}
            busy={busy || compared.pending}
            mode={mode}
            setMode={setMode}
            selection={selection}
            select={setSelection}
            onAddSource={addSource}
            onExport={exportReport}
            onSaveRevised={saveRevised}
            onClose={() => {
              setPanelOpen(false);
              setMode(null);
              setSelection(null);
            }}
          />
        ) : null}
        {dialog === 'units' ? <SalesProgressDialog progress={progress} onClose={() => setDialog(null)} /> : null}
        {dialog === 'versions' ? (
          <VersionsDialog
            commands={commands}
            view={() => viewOf(map, liveCrs)}
            onOpenVersion={(id) => {
              setDialog(null);
              setVersionOpen(id);
            }}
            onClose={() => setDialog(null)}
          />
        ) : null}
      </Suspense>
    </>
  );
  const status = has ? (
    <span className="status-item revision-status">
      <button type="button" className="link-button" data-testid="sales-progress" onClick={() => setDialog('units')}>
        {progressText ?? t('revision.units.title')}
      </button>
      <button type="button" className="link-button" data-testid="versions-button" onClick={() => setDialog('versions')}>
        {t('versions.title')}
      </button>
      <button type="button" className="link-button" data-testid="revision-button" aria-pressed={panelOpen} onClick={() => setPanelOpen((o) => !o)}>
        {t('revision.title')}
      </button>
    </span>
  ) : null;
  return { overlay, status };
}

/** The live map's camera, its centre back in WGS-84 (the map draws in the basemap's system). */
function viewOf(map: MapLibreMap | null, crs: DisplayCrs): { center: { lng: number; lat: number }; zoom: number } | null {
  if (map === null) return null;
  const c = map.getCenter();
  const [lng, lat] = fromDisplay(c.lng, c.lat, crs);
  return { center: { lng, lat }, zoom: map.getZoom() };
}
