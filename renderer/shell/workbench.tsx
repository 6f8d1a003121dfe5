import type { Layer } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ImportResult, PlaceColumns } from '../../native/contract/index.js';
import { ActionsProvider, useReadOnly, useUndo } from '../actions/actions-context.js';
import type { Connection } from '../engine/connect.js';
import { EngineProvider, useEngine } from '../engine/engine-context.js';
import { AreasPanel } from '../features/areas/areas-panel.js';
import { BasemapPicker } from '../features/basemap/basemap-picker.js';
import { FilterBar } from '../features/filters/filter-bar.js';
import { useMapSettings } from '../features/filters/use-map-settings.js';
import { useImportUndo } from '../features/import/use-import-undo.js';
import { MapLegend } from '../features/layers/map-legend.js';
import { useLayerEdits } from '../features/layers/use-layer-edits.js';
import { useProjectPoints } from '../features/project/use-project-points.js';
import { PlaceCard, PlaceTooltip } from '../features/places/place-card.js';
import { usePointCard } from '../features/places/use-point-card.js';
import { needsPlacing, PlacingCard } from '../features/review/review-panel.js';
import { useReview } from '../features/review/use-review.js';
import { useRevisionWorkbench } from '../features/revision/revision-workbench.js';
import { useI18n } from '../i18n/i18n.js';
import { buildAreaLayers } from '../map/area-layers.js';
import { displayArea } from '../map/display-shapes.js';
import { MapView } from '../map/map-view.js';
import type { Bounds, LayerVisibility, MapHandle } from '../map/map-view.js';
import type { PrintOverride } from '../map/ketu-hook.js';
import type { DrawnCircle } from '../map/layers/layer-context.js';
import { MapOverlays, WorkbenchDialogs } from './workbench-dialogs.js';
import { Sidebar } from './sidebar.js';
import { useMapHighlight } from './use-map-highlight.js';
import { useMapData } from './use-map-data.js';
import { useWorkbenchActions } from './use-workbench-actions.js';
import type { DialogKind } from './use-workbench-actions.js';
import { useKetuHook } from './use-ketu-hook.js';
import { NoConnection } from './no-connection.js';
import { StatusBar } from './status-bar.js';
import { TopBar } from './top-bar.js';

// Loads when first opened: the first frame does not pay for it.
const RankingsPanel = lazy(() => import('../features/rankings/rankings-panel.js').then((m) => ({ default: m.RankingsPanel })));

/** CSS width of the rankings drawer (styles.css .rankings-panel): fits keep highlighted points clear of it. */
const RANKINGS_WIDTH = 400;

/** `?view=map`: the map alone filling the window, for `ketu export png` where the output size is the map's. */
const mapOnly = new URLSearchParams(location.search).get('view') === 'map';

export function App({ connection }: { connection: Connection | null }): ReactNode {
  if (connection === null) return <NoConnection />;
  return (
    <EngineProvider connection={connection}>
      <ActionsProvider shell={connection.shell}>
        <Workbench />
      </ActionsProvider>
    </EngineProvider>
  );
}

/** The workbench: composition only. State lives in the features' hooks; commands in the action registry. */
function Workbench(): ReactNode {
  const { refresh } = useEngine();
  const { t, num, lang } = useI18n();
  const history = useUndo();
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [toastText, setToast] = useState<string | null>(null);
  const toast = useCallback((message: string) => setToast(message), []);
  useEffect(() => {
    if (toastText === null) return;
    const timer = setTimeout(() => setToast(null), 4000);
    return () => clearTimeout(timer);
  }, [toastText]);
  // Which columns the map last finished drawing; undefined until its first frame.
  const [drawn, setDrawn] = useState<PlaceColumns | null | undefined>(undefined);
  const [visibility, setVisibility] = useState<LayerVisibility>({ basemap: true });
  const [cursor, setCursor] = useState<{ lng: number; lat: number } | null>(null);
  const [mpp, setMpp] = useState<number | null>(null);
  const [bounds, setBounds] = useState<Bounds | null>(null);
  const [drawMap, setDrawMap] = useState<MapLibreMap | null>(null);
  const [areaLayers, setAreaLayers] = useState<Layer[]>([]);
  const [circles, setCircles] = useState<DrawnCircle[]>([]);
  // A selection or a drawer toggle rebuilds the area layers; the layers' context changes only when a circle does.
  const onAreaLayers = useCallback((layers: Layer[], next: DrawnCircle[]) => {
    setAreaLayers(layers);
    setCircles((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
  }, []);
  const mapHandle = useRef<MapHandle>(null);
  const mapBox = useRef<HTMLDivElement>(null);

  const project = useProjectPoints();
  const { info, columns } = project;
  const projectPath = info?.path ?? null;
  // What the places can be filtered by is read once the map has drawn them: at 5,000,000 places the engine
  // spends a minute on it, and the first frame does not need it.
  const settings = useMapSettings(drawn === columns ? columns : null, toast);
  const [print, setPrint] = useState<PrintOverride | null>(null);
  const map = useMapData(info, columns, settings, toast, print, circles);
  // A print page that names its own areas (the 修订 map) draws them instead of the project's.
  const crs = map.basemap.crs;
  const printAreas = useMemo(() => (print?.areas === undefined ? null : buildAreaLayers(print.areas.map((a) => displayArea(a, crs)), { byGrade: false, editingId: null, selectedId: null })), [print, crs]);
  const imports = useImportUndo(toast);
  const review = useReview(toast);
  const layerEdits = useLayerEdits(map.projectLayers, settings.fieldInfos, info);
  const drawers = useMapHighlight(columns, projectPath, project.fit, bounds, map.stack);
  const pointCard = usePointCard(columns, projectPath);
  const revision = useRevisionWorkbench({ info, columns, fitTo: project.fitTo, liveLayers: map.projectLayers.layers, liveBasemap: settings.settings?.basemap ?? 'bundled', map: drawMap, liveCrs: map.basemap.crs, toast });
  const readOnly = useReadOnly();
  // The areas drawer edits the live areas: it closes while a saved version is open read-only.
  const { areasOpen, closeAreas } = drawers;
  useEffect(() => {
    if (readOnly !== null && areasOpen) closeAreas();
  }, [readOnly, areasOpen, closeAreas]);
  // Each project has its own history: entries refer to its layers and batches.
  useEffect(() => history.clear(), [projectPath, history]);

  const onImported = useCallback(
    (result: ImportResult, reportPath?: string) => {
      const counts = { n: num(result.customers), m: num(result.newCustomers), k: num(result.flagged), s: num(result.skippedRows), path: reportPath ?? '' };
      toast(t(result.skippedRows === 0 ? 'import.done' : reportPath === undefined ? 'import.doneSkipped' : 'import.doneSkippedReport', counts));
      project.fitNext();
      imports.imported(result);
      void refresh();
    },
    [toast, t, num, project, imports, refresh],
  );
  useWorkbenchActions({
    hasProject: info !== null,
    openDialog: setDialog,
    ...drawers.commands,
    basemapVisible: visibility.basemap,
    setBasemapVisible: (v) => setVisibility((prev) => ({ ...prev, basemap: v })),
    filtered: Object.keys(settings.filter).length > 0,
    clearFilter: () => settings.save({ filter: {} }),
    latestBatch: imports.latestBatch,
    askUndoImport: (b) => imports.ask(b, true),
    toast,
  });

  const { ready, capture } = useKetuHook(mapHandle, map, project, drawn, settings.settings !== null && !map.placeData.pending && (map.projectLayers.layers !== null || map.projectLayers.error !== null), print, setPrint);
  const state = project.failed !== null ? 'error' : ready ? 'ready' : 'loading';
  const mapSize = (): { width: number; height: number } => ({ width: mapBox.current?.clientWidth ?? 0, height: mapBox.current?.clientHeight ?? 0 });
  const mapSettings = settings.settings;

  return (
    <div className={mapOnly ? 'workbench map-only' : 'workbench'} data-state={state}>
      <TopBar
        projectName={info?.name ?? null}
        hasProject={info !== null}
        onOpen={() => setDialog('open')}
        onImport={() => setDialog('import')}
        onExport={() => setDialog('export')}
        rankingsOpen={drawers.rankingsOpen}
        onRankings={drawers.commands.toggleRankings}
        areasOpen={drawers.areasOpen}
        onAreas={drawers.commands.toggleAreas}
        readOnly={readOnly}
        basemapPicker={<BasemapPicker state={map.basemap} savedId={mapSettings?.basemap ?? 'bundled'} disabled={info === null || mapSettings === null || readOnly !== null} onChoose={(id) => settings.save({ basemap: id })} viewBounds={bounds} />}
      />
      <Sidebar info={info} map={map} settings={settings} layerEdits={layerEdits} basemapVisible={visibility.basemap} onBasemap={(v) => setVisibility((prev) => ({ ...prev, basemap: v }))} imports={imports} review={review} onLocate={() => setDialog('geocode')} />
      <main className={drawers.rankingsOpen || drawers.areasOpen ? 'map-area with-drawer' : 'map-area'} ref={mapBox}>
        <MapView
          lang={lang}
          columns={columns}
          visibility={visibility}
          fitTo={project.fitTo}
          onCursor={setCursor}
          onScale={setMpp}
          onBounds={setBounds}
          onDrawn={setDrawn}
          handleRef={mapHandle}
          marker={review.marker}
          flyTo={review.flyTo}
          onPlace={review.place}
          highlight={drawers.picked?.points ?? pointCard.picked?.points ?? null}
          rightInset={drawers.rankingsOpen || drawers.areasOpen ? RANKINGS_WIDTH : 0}
          areaLayers={printAreas ?? areaLayers}
          printing={print !== null}
          dataLayers={info === null ? null : map.stack.deckLayers}
          onMap={setDrawMap}
          basemap={map.basemap.active}
          crs={map.basemap.crs}
          onPointHover={pointCard.onHover}
          onPointClick={pointCard.onClick}
        />
        {columns !== null && pointCard.hover !== null && pointCard.card === null ? <PlaceTooltip columns={columns} hit={pointCard.hover} /> : null}
        {columns !== null && pointCard.card !== null ? <PlaceCard key={pointCard.card.indices.join(',')} columns={columns} hit={pointCard.card} onHighlight={pointCard.setHighlight} onClose={pointCard.close} /> : null}
        {info !== null && columns !== null && mapSettings !== null && !mapOnly ? (
          <FilterBar
            filter={mapSettings.filter}
            areaBands={mapSettings.areaBands}
            fieldInfos={settings.fieldInfos}
            fields={map.placeData.fields}
            batches={imports.batches}
            passing={map.passing}
            total={columns.count}
            onChange={(filter) => settings.save({ filter })}
            onAreaBands={(areaBands) => settings.save({ areaBands })}
            onWantFields={settings.wantFields}
            rightInset={drawers.rankingsOpen || drawers.areasOpen ? RANKINGS_WIDTH : 0}
          />
        ) : null}
        {drawers.rankingsOpen && info !== null ? (
          <Suspense fallback={null}>
            <RankingsPanel key={`rankings:${info.path}`} info={info} filter={settings.filter} highlight={drawers.highlight} highlightCount={drawers.picked?.points.count ?? null} onHighlight={drawers.setHighlight} onClose={drawers.closeRankings} />
          </Suspense>
        ) : null}
        {info !== null ? (
          <AreasPanel
            // Siblings: each needs its own key, or closing one drawer leaves the other's DOM behind.
            key={`areas:${info.path}`}
            info={info}
            map={drawMap}
            open={drawers.areasOpen}
            filter={mapSettings === null || Object.keys(settings.filter).length === 0 ? undefined : settings.filter}
            bands={mapSettings?.areaBands}
            crs={map.basemap.crs}
            onLayers={onAreaLayers}
            onFit={(b) => project.fit([...b])}
            onClose={drawers.closeAreas}
          />
        ) : null}
        {review.reviewing === null ? null : <PlacingCard place={review.reviewing} position={review.placed} busy={review.busy} error={review.error} onPick={review.pick} onConfirm={() => void review.confirm()} onCancel={review.cancel} />}
        {mapOnly ? null : revision.overlay}
        <MapOverlays loading={project.loading} empty={info === null} failed={project.failed} onOpen={() => setDialog('open')} />
        {mapOnly ? null : <MapLegend legends={map.stack.legends} />}
        {toastText === null ? null : (
          <div className="toast" role="status" data-testid="toast">
            {toastText}
          </div>
        )}
      </main>
      <StatusBar cursor={cursor} metresPerPixel={mpp} visiblePoints={drawers.visiblePoints} busy={project.loading} displayCrs={map.basemap.crs}>
        {revision.status}
      </StatusBar>
      <WorkbenchDialogs dialog={dialog} onClose={() => setDialog(null)} onOpen={project.open} onImported={onImported} unsure={review.places?.filter(needsPlacing).length ?? 0} mapSize={mapSize} capture={capture} />
      {imports.dialog}
    </div>
  );
}
