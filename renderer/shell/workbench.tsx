import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ImportBatch, ImportResult, LayerConfig, MapSettings, PlaceColumns, PlaceFieldInfo, PlaceFilter, ProgressEvent, ProjectInfo, ReviewPlace } from '../../native/contract/index.js';
import type { Connection } from '../engine/connect.js';
import { useI18n } from '../i18n/i18n.js';
import { MapView } from '../map/map-view.js';
import type { Bounds, LayerVisibility, MapHandle, ReviewMarker } from '../map/map-view.js';
import { countByRole, indicesOfIds, pickHighlight } from '../map/place-layers.js';
import { filterFieldNames, filterMask } from '../map/filter-mask.js';
import { usePlaceData } from '../map/use-place-data.js';
import { FilterBar } from '../features/filters/filter-bar.js';
import { legendDecoration } from '../map/legend-canvas.js';
import type { CaptureDecoration, CapturedPng } from '../map/png-capture.js';
import type { Layer } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { AreasPanel } from '../features/areas/areas-panel.js';
import { BasemapPicker } from '../features/basemap/basemap-picker.js';
import { useBasemap } from '../features/basemap/use-basemap.js';
import { displayDistrictShapes } from '../map/display-shapes.js';
import { displayColumns, toDisplay } from '../../native/contract/index.js';
import { BatchesPanel } from '../features/import/batches-panel.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { EmptyState, LoadingOverlay } from './empty-state.js';
import { errorMessage } from '../engine/error-text.js';
import { ExportDialog } from '../features/export/export-dialog.js';
import { GeocodeDialog } from '../features/review/geocode-dialog.js';
import { ImportDialog } from '../features/import/import-dialog.js';
import { installKetuHook } from '../map/ketu-hook.js';
import type { KetuHook } from '../map/ketu-hook.js';
import { addLayer } from '../features/layers/layer-actions.js';
import { LayerPanel, layerTypeKeys } from '../features/layers/layer-panel.js';
import type { LayerChange } from '../features/layers/layer-panel.js';
import { MapLegend } from '../features/layers/map-legend.js';
import { useHistory } from '../actions/history.js';
import type { UndoOutcome } from '../actions/history.js';
import { useProjectLayers } from '../features/layers/use-project-layers.js';
import type { LayerContext } from '../map/layers/layer-context.js';
import { layersNeeds, newLayer } from '../map/layers/registry.js';
import { templateLayers } from '../map/layers/templates.js';
import type { TemplateId } from '../map/layers/templates.js';
import { countDrawnInBounds, useDistrictShapes, useLayerStack } from '../map/layers/use-layer-stack.js';
import { OpenDialog } from '../features/project/open-dialog.js';
import { RankingsPanel } from '../features/rankings/rankings-panel.js';
import type { RankHighlight } from '../features/rankings/rankings-panel.js';
import { needsPlacing, PlacingCard, ReviewPanel, roleCss } from '../features/review/review-panel.js';
import { baseName } from '../i18n/stage-labels.js';
import { StatusBar } from './status-bar.js';
import { TopBar } from './top-bar.js';

type DialogKind = 'open' | 'import' | 'export' | 'geocode';

/** The filter of a project whose settings are not read yet: one object, so effects keyed on it stay quiet. */
const NO_FILTER: PlaceFilter = {};

/** How many review places the sidebar lists; the engine has them all. */
const REVIEW_LIMIT = 1000;

/** CSS width of the rankings drawer (styles.css .rankings-panel): fits keep highlighted points clear of it. */
const RANKINGS_WIDTH = 400;

const allVisible: LayerVisibility = { basemap: true };

/** Shown when the page was opened without a token: nothing else can work. */
function NoConnection(): ReactNode {
  const { t } = useI18n();
  return (
    <div className="fatal" role="alert" data-testid="no-connection">
      <h1>{t('app.name')}</h1>
      <p>{t('app.noConnection')}</p>
    </div>
  );
}

/** `?view=map`: the map alone filling the window, for `ketu export png` where the output size is the map's. */
const mapOnly = new URLSearchParams(location.search).get('view') === 'map';

export function App({ connection }: { connection: Connection | null }): ReactNode {
  if (connection === null) {
    window.__ketu = { state: 'error', pointCount: 0, renderedPoints: 0, exportPng: () => Promise.reject(new Error('no engine connection')), frames: { layersSet: 0, layersDrawn: 0 } };
    return <NoConnection />;
  }
  return <Workbench connection={connection} />;
}

function Workbench({ connection }: { connection: Connection }): ReactNode {
  const { client, bridge } = connection;
  const { t, num, lang } = useI18n();
  const [info, setInfo] = useState<ProjectInfo | null>(null);
  const [columns, setColumns] = useState<PlaceColumns | null>(null);
  // Which columns the map last finished drawing; undefined until its first frame.
  const [drawn, setDrawn] = useState<PlaceColumns | null | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState<string | null>(null);
  const [visibility, setVisibility] = useState<LayerVisibility>(allVisible);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const [batches, setBatches] = useState<ImportBatch[] | null>(null);
  // Bumped by every project.changed event: imports, undos and opens elsewhere all refresh the batch list.
  const [changes, setChanges] = useState(0);
  const [undo, setUndo] = useState<{ batch: ImportBatch; latest: boolean } | null>(null);
  const [undoBusy, setUndoBusy] = useState(false);
  const [undoError, setUndoError] = useState<string | null>(null);
  const [cursor, setCursor] = useState<{ lng: number; lat: number } | null>(null);
  const [mpp, setMpp] = useState<number | null>(null);
  const [bounds, setBounds] = useState<Bounds | null>(null);
  const [review, setReview] = useState<ReviewPlace[] | null>(null);
  const [reviewing, setReviewing] = useState<ReviewPlace | null>(null);
  const [placed, setPlaced] = useState<{ lng: number; lat: number } | null>(null);
  const [flyTo, setFlyTo] = useState<{ lng: number; lat: number } | null>(null);
  const [reviewBusy, setReviewBusy] = useState(false);
  const [reviewError, setReviewError] = useState<string | null>(null);
  const [rankingsOpen, setRankingsOpen] = useState(false);
  // 目标区域 drawer (areas-panel.tsx); it shares the right side with the rankings drawer.
  const [areasOpen, setAreasOpen] = useState(false);
  const [drawMap, setDrawMap] = useState<MapLibreMap | null>(null);
  const [areaLayers, setAreaLayers] = useState<Layer[]>([]);
  const [highlight, setHighlight] = useState<RankHighlight | null>(null);
  // The map's filter, 面积段 and basemap, as saved in the project (null until read).
  const [mapSettings, setMapSettings] = useState<MapSettings | null>(null);
  const [fieldInfos, setFieldInfos] = useState<PlaceFieldInfo[] | null>(null);
  // Field columns the filter bar shows values of, besides those the filter itself reads.
  // Columns the filter bar and the layer editor show values of, fetched when they open.
  const [barFields, setBarFields] = useState<readonly string[]>([]);
  const wantFields = useCallback((wanted: readonly string[]) => setBarFields((prev) => (wanted.every((f) => prev.includes(f)) ? prev : [...new Set([...prev, ...wanted])])), []);
  const mapHandle = useRef<MapHandle>(null);
  const mapBox = useRef<HTMLDivElement>(null);
  const infoRef = useRef(info);
  infoRef.current = info;
  // Fit the camera when the next project info arrives: at start, after open, after import.
  const fitNext = useRef(true);
  const [fitTo, setFitTo] = useState<Bounds | null>(null);

  // What an export paints over the map (the legend as shown); refreshed every render, read at capture.
  const legendPaint = useRef<CaptureDecoration | null>(null);
  const capture = useCallback((ratio: number, legend: boolean): Promise<CapturedPng> => {
    const handle = mapHandle.current;
    if (handle === null) return Promise.reject(new Error('map not ready'));
    return handle.capture(ratio, legend ? (legendPaint.current ?? undefined) : undefined);
  }, []);
  const hook = useRef<KetuHook | null>(null);
  hook.current ??= installKetuHook(capture);

  // Later loads win: a project.changed event and our own refresh may overlap.
  const loadSeq = useRef(0);
  const loadProject = useCallback(
    async (next: ProjectInfo | null): Promise<void> => {
      const seq = ++loadSeq.current;
      // Update the ref now, not at the next render: a close and a re-open can arrive back to back.
      infoRef.current = next;
      setInfo(next);
      if (next !== null && fitNext.current) {
        fitNext.current = false;
        if (next.bounds !== null) setFitTo([...next.bounds]);
      }
      setFailed(null);
      if (next === null) {
        setColumns(null);
        setLoading(false);
        return;
      }
      setLoading(true);
      try {
        const cols = await client.call('places.columns', {});
        if (seq === loadSeq.current) setColumns(cols);
      } catch (e) {
        if (seq === loadSeq.current) setFailed(errorMessage(e));
      } finally {
        if (seq === loadSeq.current) setLoading(false);
      }
    },
    [client],
  );

  const refresh = useCallback(async (): Promise<void> => {
    try {
      await loadProject(await client.call('project.info', {}));
    } catch (e) {
      setFailed(errorMessage(e));
    }
  }, [client, loadProject]);

  useEffect(() => {
    let alive = true;
    client
      .call('app.status', {})
      .then((status) => {
        if (alive) void loadProject(status.project);
      })
      .catch((e: unknown) => {
        if (!alive) return;
        setFailed(errorMessage(e));
        setLoading(false);
      });
    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'progress') {
        setProgress(event);
        return;
      }
      setChanges((n) => n + 1);
      if (event.path === null) void loadProject(null);
      // Our own open and import reload by themselves; follow projects opened elsewhere (menu, shell).
      else if (event.path !== infoRef.current?.path) {
        fitNext.current = true;
        void refresh();
      }
    });
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [client, loadProject, refresh]);

  useEffect(() => {
    if (toast === null) return;
    const timer = setTimeout(() => setToast(null), 4000);
    return () => clearTimeout(timer);
  }, [toast]);

  const openProject = useCallback(
    async (path: string): Promise<void> => {
      const opened = await client.call('project.open', { path });
      setDrawn(undefined);
      fitNext.current = true;
      await loadProject(opened);
    },
    [client, loadProject],
  );

  // One history for the workbench: layer edits, templates and imports (whose undo asks first, then removes the batch).
  const history = useHistory();
  const historyRef = useRef(history);
  historyRef.current = history;
  const batchesRef = useRef<ImportBatch[] | null>(null);
  // Settles the confirmation an import's undo opened: 'done' once removed, 'cancelled' when dismissed.
  const undoResolver = useRef<((outcome: UndoOutcome) => void) | null>(null);
  const lastEdit = useRef<{ key: string; at: number; snap: { before: LayerConfig[]; after: LayerConfig[] } } | null>(null);

  const onImported = useCallback(
    (result: ImportResult) => {
      setToast(t('import.done', { n: num(result.customers), m: num(result.newCustomers), k: num(result.flagged) }));
      fitNext.current = true;
      lastEdit.current = null;
      historyRef.current.push({
        label: t('action.import', { file: baseName(result.file) }),
        undo: () => {
          const batch = batchesRef.current?.find((b) => b.id === result.batchId);
          // Undone already (batches panel, another window): nothing left to revert.
          if (batch === undefined) return 'stale';
          return new Promise<UndoOutcome>((resolve) => {
            undoResolver.current = resolve;
            setUndoError(null);
            setUndo({ batch, latest: true });
          });
        },
        redo: null,
      });
      void refresh();
    },
    [refresh, t, num],
  );

  const projectPath = info?.path ?? null;
  // Later lists win, as with project loads.
  const batchSeq = useRef(0);
  useEffect(() => {
    const seq = ++batchSeq.current;
    if (projectPath === null) {
      setBatches(null);
      return;
    }
    client
      .call('imports.list', {})
      .then((list) => {
        if (seq === batchSeq.current) setBatches(list);
      })
      .catch(() => {
        // The batch list is secondary: the map and its errors stay the user's focus.
        if (seq === batchSeq.current) setBatches(null);
      });
  }, [client, projectPath, changes]);

  const reviewSeq = useRef(0);
  useEffect(() => {
    const seq = ++reviewSeq.current;
    if (projectPath === null) {
      setReview(null);
      return;
    }
    client
      .call('geocode.review', { limit: REVIEW_LIMIT })
      .then((list) => {
        if (seq === reviewSeq.current) setReview(list);
      })
      .catch(() => {
        // Secondary, like the batch list: a failed refresh keeps the panel out of the way.
        if (seq === reviewSeq.current) setReview(null);
      });
  }, [client, projectPath, changes]);

  const settingsSeq = useRef(0);
  useEffect(() => {
    const seq = ++settingsSeq.current;
    setMapSettings(null);
    setBarFields([]);
    if (projectPath === null) return;
    client
      .call('map.get', {})
      .then((settings) => {
        if (seq === settingsSeq.current) setMapSettings(settings);
      })
      .catch(() => {
        // Unreadable settings must not hide the map: start unfiltered.
        if (seq === settingsSeq.current) setMapSettings({ filter: {}, areaBands: [90, 120, 144], basemap: 'bundled' });
      });
  }, [client, projectPath]);

  // What the project's places can be filtered by, read again whenever the points are.
  const fieldsSeq = useRef(0);
  useEffect(() => {
    const seq = ++fieldsSeq.current;
    if (columns === null) {
      setFieldInfos(null);
      return;
    }
    client
      .call('places.fields', {})
      .then((list) => {
        if (seq === fieldsSeq.current) setFieldInfos(list);
      })
      .catch(() => {
        if (seq === fieldsSeq.current) setFieldInfos(null);
      });
  }, [client, columns]);

  const saveSettings = useCallback(
    (patch: Partial<MapSettings>) => {
      setMapSettings((prev) => (prev === null ? prev : { ...prev, ...patch }));
      client.call('map.save', patch).catch((e: unknown) => setToast(errorMessage(e)));
    },
    [client],
  );
  const mapFilter: PlaceFilter = mapSettings?.filter ?? NO_FILTER;
  // The basemap drawn, and the system (GCJ-02 on 高德) every drawn position is shifted into.
  const basemap = useBasemap(client, projectPath, mapSettings?.basemap ?? null);
  const displaySites = useMemo(
    () =>
      info?.sites.map((site) => {
        const [lng, lat] = toDisplay(site.lng, site.lat, basemap.crs);
        return { ...site, lng, lat };
      }) ?? [],
    [info, basemap.crs],
  );
  useEffect(() => {
    if (basemap.problem !== null) setToast(basemap.problem);
  }, [basemap.problem]);
  const projectLayers = useProjectLayers(client, projectPath);
  const layerNeeds = useMemo(() => layersNeeds(projectLayers.layers ?? []), [projectLayers.layers]);
  const placeData = usePlaceData(client, columns, {
    fields: useMemo(() => [...filterFieldNames(mapSettings?.filter), ...barFields, ...layerNeeds.fields], [mapSettings?.filter, barFields, layerNeeds]),
    pairs: layerNeeds.pairs,
  });
  // While a new filter's columns are still on their way, the map keeps the last mask: a filter that
  // waits for data must not flash an empty map (and cost a second full frame) first.
  const lastMask = useRef<Uint8Array | null>(null);
  const mapMask = useMemo(() => {
    if (columns === null) return null;
    const waiting = filterFieldNames(mapSettings?.filter).some((f) => !placeData.fields.has(f));
    if (waiting && lastMask.current?.length === columns.count) return lastMask.current;
    return filterMask(columns.count, placeData.fields, mapSettings?.filter);
  }, [columns, placeData.fields, mapSettings?.filter]);
  lastMask.current = mapMask;
  const productValues = useMemo(() => {
    const c = placeData.fields.get('product');
    return c?.kind === 'category' ? c.labels : [];
  }, [placeData.fields]);

  // Ids belong to one project file: a newly opened project starts with nothing selected.
  useEffect(() => {
    setReviewing(null);
    setPlaced(null);
    setHighlight(null);
    if (projectPath === null) {
      setRankingsOpen(false);
      setAreasOpen(false);
    }
  }, [projectPath]);

  // Ids map to indices of the current columns, so a reload of the points keeps the highlight on the right places.
  const picked = useMemo(() => (columns === null || highlight === null ? null : pickHighlight(columns, indicesOfIds(columns.ids, highlight.ids))), [columns, highlight]);
  // Fit once per picked row, not on every reload of the points under it.
  const fittedFor = useRef<RankHighlight | null>(null);
  useEffect(() => {
    if (highlight === null || picked === null) {
      fittedFor.current = null;
      return;
    }
    if (fittedFor.current?.by === highlight.by && fittedFor.current.key === highlight.key) return;
    fittedFor.current = highlight;
    if (picked.bounds !== null) setFitTo(picked.bounds);
  }, [highlight, picked]);

  // A place answered elsewhere (a geocoding run, another confirm of the same name) leaves the list: stop placing it.
  useEffect(() => {
    if (reviewing !== null && (review === null || !review.some((p) => p.id === reviewing.id))) {
      setReviewing(null);
      setPlaced(null);
    }
  }, [review, reviewing]);

  const selectReview = useCallback((place: ReviewPlace) => {
    setReviewing(place);
    setPlaced(null);
    setReviewError(null);
    setFlyTo({ lng: place.lng, lat: place.lat });
  }, []);

  const cancelReview = useCallback(() => {
    setReviewing(null);
    setPlaced(null);
    setReviewError(null);
  }, []);

  const placePoint = useCallback((at: { lng: number; lat: number }) => {
    // Six decimals is ~0.1 m: more is noise from the pixel the planner clicked.
    setPlaced({ lng: Math.round(at.lng * 1e6) / 1e6, lat: Math.round(at.lat * 1e6) / 1e6 });
  }, []);

  // A candidate may lie outside the view: bring it in, or the marker would move out of sight.
  const pickCandidate = useCallback(
    (at: { lng: number; lat: number }) => {
      placePoint(at);
      setFlyTo(at);
    },
    [placePoint],
  );

  const canConfirm = reviewing !== null && !reviewBusy && (placed !== null || !needsPlacing(reviewing));
  const confirmReview = async (): Promise<void> => {
    if (reviewing === null || !canConfirm) return;
    const at = placed ?? { lng: reviewing.lng, lat: reviewing.lat };
    setReviewBusy(true);
    setReviewError(null);
    try {
      const r = await client.call('geocode.confirm', { placeId: reviewing.id, lng: at.lng, lat: at.lat });
      setToast(t('review.confirmed', { name: reviewing.name ?? reviewing.address ?? t('review.noName'), n: num(r.moved) }));
      setReviewing(null);
      setPlaced(null);
      // Our own project.changed is left to us by the event handler: reload the points here.
      setChanges((n) => n + 1);
      await refresh();
    } catch (e) {
      setReviewError(errorMessage(e));
    } finally {
      setReviewBusy(false);
    }
  };
  const confirmRef = useRef(confirmReview);
  confirmRef.current = confirmReview;

  const reviewMarker = useMemo<ReviewMarker | null>(() => {
    if (reviewing === null) return null;
    const at = placed ?? reviewing;
    return { id: reviewing.id, lng: at.lng, lat: at.lat, color: roleCss(reviewing.role), label: reviewing.name ?? reviewing.address ?? '' };
  }, [reviewing, placed]);

  const askUndo = useCallback((batch: ImportBatch, latest: boolean) => {
    setUndoError(null);
    setUndo({ batch, latest });
  }, []);

  const runUndo = async (): Promise<void> => {
    if (undo === null) return;
    setUndoBusy(true);
    setUndoError(null);
    try {
      const removed = await client.call('imports.remove', { batchId: undo.batch.id });
      setToast(t('batches.undone', { file: baseName(undo.batch.file), places: num(removed.places) }));
      undoResolver.current?.('done');
      undoResolver.current = null;
      setUndo(null);
      // The engine's project.changed carries our own path, which the event handler leaves to us.
      setChanges((n) => n + 1);
      await refresh();
    } catch (e) {
      setUndoError(errorMessage(e));
    } finally {
      setUndoBusy(false);
    }
  };

  const hasProject = info !== null;
  const openDialog = useCallback((kind: DialogKind) => setDialog(kind), []);
  batchesRef.current = batches;

  const layersRef = useRef(projectLayers);
  layersRef.current = projectLayers;
  /** A change of the layer list: saved, and pushed on the history (a run of slider edits is one entry). */
  const changeLayers = useCallback(
    (change: LayerChange) => {
      const before = layersRef.current.layers;
      if (before === null) return;
      layersRef.current.set(change.next, change.settle ?? false);
      const now = Date.now();
      const last = lastEdit.current;
      if (change.settle === true && change.mergeKey !== undefined && last !== null && last.key === change.mergeKey && now - last.at < 1500) {
        last.snap.after = change.next;
        last.at = now;
        return;
      }
      const snap = { before, after: change.next };
      historyRef.current.push({
        label: change.label,
        undo: () => {
          layersRef.current.set(snap.before);
          return 'done';
        },
        redo: () => layersRef.current.set(snap.after),
      });
      lastEdit.current = change.settle === true && change.mergeKey !== undefined ? { key: change.mergeKey, at: now, snap } : null;
    },
    [],
  );
  const addLayerOfType = useCallback(
    (type: LayerConfig['type']) => {
      const list = layersRef.current.layers ?? [];
      let layer = newLayer(type, t(layerTypeKeys[type]), list);
      // A field layer starts on a field this project has (the first category field besides the role).
      const first = fieldInfos?.find((f) => f.kind === 'category' && f.field !== 'role');
      if (layer.type === 'places-field' && first !== undefined) layer = { ...layer, field: first.field };
      changeLayers({ next: addLayer(list, layer), label: t('action.addLayer', { name: layer.name }) });
    },
    [changeLayers, fieldInfos, t],
  );
  const applyTemplate = useCallback(
    (id: TemplateId) => {
      if (info === null) return;
      changeLayers({ next: templateLayers(id, t, info.sites), label: t(id === 'map1' ? 'template.map1' : 'template.map2') });
    },
    [changeLayers, info, t],
  );
  const undoRef = useRef(async (): Promise<void> => {});
  undoRef.current = async () => {
    lastEdit.current = null;
    const r = await history.undo();
    if (r !== null) {
      if (r.outcome === 'done') setToast(t('history.undone', { label: r.label }));
      return;
    }
    // Nothing undoable in this session: the latest import in the file, as before the history existed.
    if (latestBatch === null) setToast(t('history.nothingToUndo'));
    else askUndo(latestBatch, true);
  };
  const redoRef = useRef(async (): Promise<void> => {});
  redoRef.current = async () => {
    lastEdit.current = null;
    const label = await history.redo();
    setToast(label === null ? t('history.nothingToRedo') : t('history.redone', { label }));
  };
  // Each project has its own history: entries refer to its layers and batches.
  const clearHistory = history.clear;
  useEffect(() => {
    clearHistory();
    lastEdit.current = null;
  }, [projectPath, clearHistory]);

  const latestBatch = batches === null || batches.length === 0 ? null : batches.reduce((a, b) => (b.id > a.id ? b : a));
  // Enter confirms and Esc cancels a placement, unless a dialog or a text field has the keys.
  const placing = reviewing !== null && dialog === null && undo === null;
  useEffect(() => {
    if (!placing) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || (e.key !== 'Enter' && e.key !== 'Escape')) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (target !== null && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      // Also stops Enter from clicking whichever button has focus (a list item would reselect).
      e.preventDefault();
      if (e.key === 'Escape') cancelReview();
      else void confirmRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [placing, cancelReview]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'z' || key === 'y') {
        // Text fields keep their own undo; with a dialog open the shortcut would act behind it.
        // A checkbox or slider just clicked (a layer hidden, opacity dragged) keeps the focus; those have no undo of their own.
        const target = e.target instanceof HTMLElement ? e.target : null;
        const ownUndo = target instanceof HTMLInputElement ? !['checkbox', 'radio', 'range', 'button'].includes(target.type) : target !== null && (target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName));
        if (ownUndo) return;
        if (dialog !== null || undo !== null || !hasProject) return;
        e.preventDefault();
        if (key === 'y' || e.shiftKey) void redoRef.current();
        else void undoRef.current();
        return;
      }
      if (e.shiftKey) return;
      const kind: DialogKind | null = key === 'o' ? 'open' : key === 'i' ? 'import' : key === 'e' ? 'export' : null;
      if (kind === null) return;
      e.preventDefault();
      if (kind === 'open' || hasProject) setDialog(kind);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hasProject, dialog, undo, latestBatch, askUndo, t]);

  const districts = useDistrictShapes(projectLayers.layers?.some((l) => l.visible && l.type === 'district-choropleth') ?? false);
  const layerCtx = useMemo<LayerContext | null>(
    () =>
      columns === null || info === null
        ? null
        : { columns: displayColumns(columns, basemap.crs), fields: placeData.fields, mapMask, sites: displaySites, districts: districts === null ? null : displayDistrictShapes(districts, basemap.crs), pairs: placeData.pairs, lang, t },
    [columns, info, basemap.crs, displaySites, placeData.fields, placeData.pairs, mapMask, districts, lang, t],
  );
  const stack = useLayerStack(projectLayers.layers, layerCtx);
  legendPaint.current = useMemo(() => legendDecoration(stack.legends, t, num), [stack.legends, t, num]);
  const legendsById = useMemo(() => new Map(stack.legends.map((l) => [l.config.id, l.entries])), [stack.legends]);
  const visiblePoints = useMemo(
    () => (columns === null || bounds === null || stack.drawn === null ? 0 : countDrawnInBounds(columns, stack.drawn, bounds)),
    [columns, bounds, stack.drawn],
  );
  // Places that pass the map's filter, by role: the filter bar's count and what the map draws.
  const passingCounts = useMemo(() => (columns === null ? null : countByRole(columns.roles, mapMask)), [columns, mapMask]);
  // Places the visible point layers draw (after the map's and their own filters).
  const renderedPoints = stack.drawnCount;

  // Ready once the points are drawn with the saved filter applied (its columns loaded).
  const ready =
    !loading &&
    failed === null &&
    drawn !== undefined &&
    drawn === columns &&
    (columns === null || (mapSettings !== null && !placeData.pending && (projectLayers.layers !== null || projectLayers.error !== null)));
  useEffect(() => {
    const h = hook.current;
    if (h === null) return;
    h.state = failed !== null ? 'error' : ready ? 'ready' : 'loading';
    h.pointCount = columns?.count ?? 0;
    h.renderedPoints = ready ? renderedPoints : 0;
  }, [failed, ready, columns, renderedPoints]);

  const mapSize = (): { width: number; height: number } => ({ width: mapBox.current?.clientWidth ?? 0, height: mapBox.current?.clientHeight ?? 0 });

  return (
    <div className={mapOnly ? 'workbench map-only' : 'workbench'} data-state={failed !== null ? 'error' : ready ? 'ready' : 'loading'}>
      <TopBar
        projectName={info?.name ?? null}
        hasProject={hasProject}
        onOpen={() => openDialog('open')}
        onImport={() => openDialog('import')}
        onExport={() => openDialog('export')}
        rankingsOpen={rankingsOpen}
        onRankings={() => {
          // Closing the drawer takes its highlight with it: nothing on the map refers to a hidden table.
          if (rankingsOpen) setHighlight(null);
          setRankingsOpen(!rankingsOpen);
          setAreasOpen(false);
        }}
        areasOpen={areasOpen}
        onAreas={() => {
          if (!areasOpen) {
            setHighlight(null);
            setRankingsOpen(false);
          }
          setAreasOpen(!areasOpen);
        }}
        basemapPicker={
          <BasemapPicker
            client={client}
            bridge={bridge}
            state={basemap}
            savedId={mapSettings?.basemap ?? 'bundled'}
            disabled={!hasProject || mapSettings === null}
            onChoose={(id) => saveSettings({ basemap: id })}
          />
        }
      />
      <aside className="sidebar">
        <LayerPanel
          layers={info === null ? null : projectLayers.layers}
          legends={legendsById}
          fields={fieldInfos ?? []}
          products={productValues}
          onWantFields={wantFields}
          areaBands={mapSettings?.areaBands ?? []}
          error={projectLayers.error}
          basemapVisible={visibility.basemap}
          onBasemap={(v) => setVisibility((prev) => ({ ...prev, basemap: v }))}
          onChange={changeLayers}
          onAdd={addLayerOfType}
          onTemplate={applyTemplate}
          canUndo={history.canUndo}
          canRedo={history.canRedo}
          onUndo={() => void undoRef.current()}
          onRedo={() => void redoRef.current()}
        />
        <BatchesPanel batches={batches} disabled={undo !== null} onUndo={(b) => askUndo(b, false)} />
        <ReviewPanel places={review} limit={REVIEW_LIMIT} selectedId={reviewing?.id ?? null} disabled={reviewBusy} onSelect={selectReview} onLocate={() => openDialog('geocode')} />
      </aside>
      <main className="map-area" ref={mapBox}>
        <MapView
          lang={lang}
          columns={columns}
          visibility={visibility}
          fitTo={fitTo}
          onCursor={setCursor}
          onScale={setMpp}
          onBounds={setBounds}
          onDrawn={setDrawn}
          handleRef={mapHandle}
          marker={reviewMarker}
          flyTo={flyTo}
          onPlace={placePoint}
          highlight={picked?.points ?? null}
          rightInset={rankingsOpen || areasOpen ? RANKINGS_WIDTH : 0}
          areaLayers={areaLayers}
          dataLayers={info === null ? null : stack.deckLayers}
          onMap={setDrawMap}
          basemap={basemap.active}
          crs={basemap.crs}
        />
        {info !== null && columns !== null && mapSettings !== null && !mapOnly ? (
          <FilterBar
            filter={mapSettings.filter}
            areaBands={mapSettings.areaBands}
            fieldInfos={fieldInfos}
            fields={placeData.fields}
            batches={batches}
            passing={passingCounts === null ? 0 : passingCounts.home + passingCounts.work + passingCounts.leisure}
            total={columns.count}
            onChange={(filter) => saveSettings({ filter })}
            onAreaBands={(areaBands) => saveSettings({ areaBands })}
            onWantFields={wantFields}
            rightInset={rankingsOpen ? RANKINGS_WIDTH - 46 : 0}
          />
        ) : null}
        {rankingsOpen && info !== null ? (
          <RankingsPanel
            key={info.path}
            client={client}
            bridge={bridge}
            info={info}
            changes={changes}
            filter={mapFilter}
            highlight={highlight}
            highlightCount={picked?.points.count ?? null}
            onHighlight={setHighlight}
            onClose={() => {
              setHighlight(null);
              setRankingsOpen(false);
            }}
          />
        ) : null}
        {info !== null ? (
          <AreasPanel
            key={info.path}
            client={client}
            bridge={bridge}
            info={info}
            map={drawMap}
            open={areasOpen}
            changes={changes}
            filter={mapSettings === null || Object.keys(mapFilter).length === 0 ? undefined : mapFilter}
            bands={mapSettings?.areaBands}
            crs={basemap.crs}
            history={history}
            onUndo={() => void undoRef.current()}
            onRedo={() => void redoRef.current()}
            onLayers={setAreaLayers}
            onFit={(b) => setFitTo([...b])}
            onClose={() => setAreasOpen(false)}
          />
        ) : null}
        {reviewing === null ? null : <PlacingCard client={client} place={reviewing} position={placed} busy={reviewBusy} error={reviewError} onPick={pickCandidate} onConfirm={() => void confirmReview()} onCancel={cancelReview} />}
        {loading ? <LoadingOverlay /> : null}
        {!loading && info === null && failed === null ? <EmptyState onOpen={() => openDialog('open')} /> : null}
        {failed !== null ? (
          <div className="map-overlay">
            <div className="empty-card" role="alert" data-testid="load-error">
              <h2>{t('app.errorTitle')}</h2>
              <p>{failed}</p>
              <button type="button" className="primary" onClick={() => openDialog('open')}>
                {t('top.open')}
              </button>
            </div>
          </div>
        ) : null}
        {mapOnly ? null : <MapLegend legends={stack.legends} />}
        {toast === null ? null : (
          <div className="toast" role="status" data-testid="toast">
            {toast}
          </div>
        )}
      </main>
      <StatusBar cursor={cursor} metresPerPixel={mpp} visiblePoints={visiblePoints} busy={loading} displayCrs={basemap.crs} />
      {dialog === 'open' ? <OpenDialog bridge={bridge} onOpen={openProject} onClose={() => setDialog(null)} /> : null}
      {dialog === 'import' && info !== null ? <ImportDialog client={client} bridge={bridge} progress={progress} onImported={onImported} onClose={() => setDialog(null)} /> : null}
      {undo === null ? null : (
        <ConfirmDialog
          title={t('batches.confirmTitle')}
          body={`${undo.latest ? t('batches.confirmLatest') : ''}${t('batches.confirmBody', { id: undo.batch.id, file: baseName(undo.batch.file), rows: num(undo.batch.rowsRead), places: num(undo.batch.places) })}`}
          confirmLabel={t('batches.confirm')}
          busy={undoBusy}
          error={undoError}
          onConfirm={() => void runUndo()}
          onCancel={() => {
            undoResolver.current?.('cancelled');
            undoResolver.current = null;
            setUndo(null);
          }}
        />
      )}
      {dialog === 'geocode' && info !== null ? (
        <GeocodeDialog
          client={client}
          progress={progress}
          unsure={review?.filter(needsPlacing).length ?? 0}
          onChanged={() => {
            setChanges((n) => n + 1);
            void refresh();
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'export' && info !== null ? <ExportDialog client={client} bridge={bridge} info={info} mapSize={mapSize()} capture={capture} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
