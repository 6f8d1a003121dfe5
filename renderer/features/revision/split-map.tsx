import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, PolygonLayer } from '@deck.gl/layers';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent, ReactNode } from 'react';
import type { PlaceColumns, ProjectInfo } from '../../../native/contract/index.js';
import { NEW_SOURCE_COLOR } from '../../../native/contract/revision.js';
import type { Revision, VersionArea } from '../../../native/contract/revision.js';
import { useEngine } from '../../engine/engine-context.js';
import { useI18n } from '../../i18n/i18n.js';
import { hexToRgb } from '../../map/area-layers.js';
import type { DistrictProps } from '../../map/layers/district-shapes.js';
import { useDistrictShapes } from '../../map/layers/use-layer-stack.js';
import type { Bounds } from '../../map/map-view.js';
import { pickHighlight } from '../../map/place-layers.js';
import { usePlaceData } from '../../map/use-place-data.js';
import { FrozenMap } from '../versions/frozen-map.js';
import { selectionIndices } from './revision-query.js';
import type { RevisionSelection, SplitMode } from './revision-query.js';

export interface SplitMapProps {
  mode: SplitMode;
  info: ProjectInfo;
  columns: PlaceColumns;
  fitTo: Bounds | null;
  result: Revision;
  /** The plan's map: a version's layers, basemap and areas, or the live ones. */
  plan: { layers: readonly unknown[]; basemap: string; areas: readonly VersionArea[] };
  selection: RevisionSelection | null;
  /** CSS px on the right the revision panel covers. */
  rightInset: number;
}

type Rgb = [number, number, number];
/** Diverging classes of actual share − plan share (pp): blue where the plan over-weighted, red where buyers came more. */
const changeClasses: ReadonlyArray<{ min: number; max: number; color: Rgb; label: string }> = [
  { min: -Infinity, max: -10, color: [33, 102, 172], label: '≤ −10' },
  { min: -10, max: -5, color: [103, 169, 207], label: '−10 … −5' },
  { min: -5, max: -1, color: [209, 229, 240], label: '−5 … −1' },
  { min: -1, max: 1, color: [247, 247, 247], label: '−1 … +1' },
  { min: 1, max: 5, color: [253, 219, 199], label: '+1 … +5' },
  { min: 5, max: 10, color: [239, 138, 98], label: '+5 … +10' },
  { min: 10, max: Infinity, color: [178, 24, 43], label: '≥ +10' },
];
type NewSource = Revision['newSources'][number];

/** New sources (districts and cells) outlined as the plan's areas are, in the colour they get as areas. */
function sourceOutlineLayer(sources: readonly NewSource[]): Layer {
  return new PolygonLayer<NewSource>({
    id: 'revision-source-outline',
    data: sources.filter((s) => s.ring !== null),
    getPolygon: (s) => s.ring ?? [],
    filled: false,
    stroked: true,
    getLineColor: [...hexToRgb(NEW_SOURCE_COLOR), 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
  });
}

const classOf = (pp: number): number => changeClasses.findIndex((c) => pp >= c.min && pp < c.max);

/** Keeps two maps on one camera: a move on either side is copied to the other (a guard stops the echo). */
function useSyncedMaps(): { left(m: MapLibreMap | null): void; right(m: MapLibreMap | null): void } {
  const maps = useRef<[MapLibreMap | null, MapLibreMap | null]>([null, null]);
  const syncing = useRef(false);
  const attach = useCallback((k: 0 | 1, m: MapLibreMap | null) => {
    maps.current[k] = m;
    if (m === null) return;
    const other = maps.current[k === 0 ? 1 : 0];
    if (other !== null) m.jumpTo({ center: other.getCenter(), zoom: other.getZoom() });
    // The camera each side shows, for tests and screenshots to compare.
    const report = (): void => {
      const c = m.getCenter();
      m.getContainer().dataset.center = `${c.lng.toFixed(6)},${c.lat.toFixed(6)},${m.getZoom().toFixed(3)}`;
    };
    m.on('move', () => {
      report();
      const to = maps.current[k === 0 ? 1 : 0];
      if (syncing.current || to === null) return;
      syncing.current = true;
      to.jumpTo({ center: m.getCenter(), zoom: m.getZoom() });
      syncing.current = false;
    });
    m.once('load', report);
  }, []);
  return useMemo(() => ({ left: (m) => attach(0, m), right: (m) => attach(1, m) }), [attach]);
}

/** Plan on the left and actual on the right (or swiped over one another), or the change map of the 区县. */
export function SplitMap({ mode, info, columns, fitTo, result, plan, selection, rightInset }: SplitMapProps): ReactNode {
  const { t, num } = useI18n();
  const { client } = useEngine();
  const synced = useSyncedMaps();
  const [masks, setMasks] = useState<{ plan: Uint8Array | null; actual: Uint8Array | null }>({ plan: null, actual: null });
  const onPlanMask = useCallback((m: Uint8Array | null) => setMasks((p) => ({ ...p, plan: m })), []);
  const onActualMask = useCallback((m: Uint8Array | null) => setMasks((p) => ({ ...p, actual: m })), []);
  const district = usePlaceData(client, columns, { fields: useMemo(() => ['district'], []), pairs: [] }).fields.get('district');
  const highlight = useCallback(
    (mask: Uint8Array | null) => (selection === null ? null : pickHighlight(columns, selectionIndices(columns, mask, selection, result, plan.areas, district)).points),
    [selection, columns, result, plan.areas, district],
  );
  const planHighlight = useMemo(() => highlight(masks.plan), [highlight, masks.plan]);
  const actualHighlight = useMemo(() => highlight(masks.actual), [highlight, masks.actual]);
  const [swipe, setSwipe] = useState(50);
  const box = useRef<HTMLDivElement>(null);
  const dragSwipe = (e: ReactPointerEvent<HTMLDivElement>): void => {
    const el = box.current;
    if (el === null) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent): void => {
      const r = el.getBoundingClientRect();
      setSwipe(Math.min(100, Math.max(0, ((ev.clientX - r.left) / r.width) * 100)));
    };
    const up = (): void => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const shapes = useDistrictShapes(mode === 'change');
  const change = useMemo(() => {
    const rows = result.mix.district ?? [];
    const byName = new Map(rows.map((r) => [r.name, r.deltaPp]));
    const features = (shapes?.features ?? []).filter((f) => byName.has(f.properties.name));
    const counts = changeClasses.map(() => 0);
    for (const f of features) {
      const k = classOf(byName.get(f.properties.name) ?? 0);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const layers: Layer[] = [
      new GeoJsonLayer<DistrictProps>({
        id: 'revision-change',
        data: features,
        filled: true,
        stroked: true,
        getFillColor: (f) => [...(changeClasses[classOf(byName.get(f.properties.name) ?? 0)]?.color ?? [200, 200, 200]), 190],
        getLineColor: [90, 90, 90, 200],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
      }),
      new PolygonLayer<VersionArea>({
        id: 'revision-plan-outline',
        data: [...plan.areas],
        getPolygon: (a) => a.ring,
        filled: false,
        stroked: true,
        getLineColor: [17, 24, 39, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 3,
      }),
    ];
    return { layers, counts, matched: features.length };
  }, [shapes, result.mix.district, plan.areas]);

  const changeLayers = useMemo(() => [...change.layers, sourceOutlineLayer(result.newSources)], [change.layers, result.newSources]);
  const outlined = result.newSources.filter((s) => s.ring !== null).length;

  const side = (which: 'plan' | 'actual'): ReactNode => (
    <FrozenMap
      columns={columns}
      sites={info.sites}
      layers={plan.layers}
      filter={which === 'plan' ? result.plan.filter : result.actual.filter}
      basemapId={plan.basemap}
      areas={plan.areas}
      view={null}
      fitTo={fitTo}
      highlight={which === 'plan' ? planHighlight : actualHighlight}
      onMap={which === 'plan' ? synced.left : synced.right}
      onMask={which === 'plan' ? onPlanMask : onActualMask}
    />
  );

  if (mode === 'change') {
    return (
      <div className="split-map change" data-testid="change-map" style={{ right: rightInset }}>
        <FrozenMap columns={columns} sites={info.sites} layers={[]} pointsHidden filter={{}} basemapId={plan.basemap} areas={[]} view={null} fitTo={fitTo} extraLayers={changeLayers} />
        <div className="change-legend" data-testid="change-legend">
          <strong>{t('revision.changeLegend')}</strong>
          {changeClasses.map((c, k) => (
            <div key={c.label} className="legend-row" data-count={change.counts[k]}>
              <span className="change-swatch" style={{ background: `rgb(${c.color.join(',')})` }} />
              {c.label} pp <span className="muted">{t('revision.districtCount', { n: num(change.counts[k] ?? 0) })}</span>
            </div>
          ))}
          <div className="legend-row">
            <span className="change-swatch outline" /> {t('revision.planAreas')}
          </div>
          {outlined > 0 ? (
            <div className="legend-row" data-testid="change-legend-sources" data-outlined={outlined}>
              <span className="change-swatch outline" style={{ borderColor: NEW_SOURCE_COLOR }} /> {t('revision.newSources')}
            </div>
          ) : null}
        </div>
      </div>
    );
  }
  return (
    <div ref={box} className={`split-map ${mode}`} data-testid="split-map" data-mode={mode} style={{ right: rightInset }}>
      <div className="split-side plan" data-testid="split-plan">
        {side('plan')}
        <span className="split-label">{t('revision.planSide', { name: result.plan.version ?? t('revision.planFilter') })}</span>
      </div>
      <div className="split-side actual" data-testid="split-actual" style={mode === 'swipe' ? { clipPath: `inset(0 0 0 ${swipe}%)` } : undefined}>
        {side('actual')}
        <span className="split-label">{t('revision.actualSide', { until: result.actual.until ?? t('revision.untilAll') })}</span>
      </div>
      {mode === 'swipe' ? <div className="swipe-handle" data-testid="swipe-handle" data-swipe={swipe.toFixed(1)} style={{ left: `${swipe}%` }} onPointerDown={dragSwipe} role="separator" aria-orientation="vertical" aria-valuenow={Math.round(swipe)} /> : null}
    </div>
  );
}
