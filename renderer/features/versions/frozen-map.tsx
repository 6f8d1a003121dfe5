import type { Layer } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import { displayColumns, toDisplay } from '../../../native/contract/index.js';
import { defaultLayers, migrateLayer } from '../../../native/contract/layer-migrations.js';
import type { Area, LayerConfig, PlaceColumns, PlaceFilter, Site } from '../../../native/contract/index.js';
import type { VersionArea } from '../../../native/contract/revision.js';
import { useEngine } from '../../engine/engine-context.js';
import { useI18n } from '../../i18n/i18n.js';
import { buildAreaLayers, drawnCircles } from '../../map/area-layers.js';
import { displayArea, displayDistrictShapes } from '../../map/display-shapes.js';
import { filterFieldNames, filterMask } from '../../map/filter-mask.js';
import type { LayerContext } from '../../map/layers/layer-context.js';
import { layersNeeds } from '../../map/layers/registry.js';
import { useDistrictShapes, useLayerStack } from '../../map/layers/use-layer-stack.js';
import { MapView } from '../../map/map-view.js';
import type { Bounds, MapHandle } from '../../map/map-view.js';
import type { HighlightPoints } from '../../map/place-layers.js';
import { usePlaceData } from '../../map/use-place-data.js';
import { useBasemap } from '../basemap/use-basemap.js';
import { MapLegend } from '../layers/map-legend.js';

export interface FrozenMapProps {
  columns: PlaceColumns;
  sites: readonly Site[];
  /** Saved layer rows (`{version, config}`, migrated here) or live configs; empty: the default layers. */
  layers: readonly unknown[];
  filter: PlaceFilter;
  basemapId: string;
  areas: readonly VersionArea[];
  view: { center: { lng: number; lat: number }; zoom: number } | null;
  fitTo: Bounds | null;
  /** Show the layers' legend (the read-only version; the split sides share the panel's). */
  legend?: boolean;
  /** Draw no layers of the map (the change map shows its districts alone). */
  pointsHidden?: boolean;
  /** Drawn above the areas and layers (the change map's districts). */
  extraLayers?: readonly Layer[];
  highlight?: HighlightPoints | null;
  onMap?(map: MapLibreMap | null): void;
  /** The layer stack's mask of places passing `filter` (null: all pass), once known. */
  onMask?(mask: Uint8Array | null): void;
}

const noop = (): void => undefined;

/** Configs from saved rows or live configs alike: a row that carries `version` is migrated, a config passes. */
function configsOf(rows: readonly unknown[], sites: readonly Site[]): LayerConfig[] {
  if (rows.length === 0) return defaultLayers([...sites]);
  return rows.map((row, i) => (typeof row === 'object' && row !== null && 'version' in row && 'config' in row ? migrateLayer(row, i) : (row as LayerConfig)));
}

/**
 * A map drawn from given layers, filter, areas and basemap rather than the project's live ones: a saved
 * version opened read-only, and each side of the revision's split map.
 */
export function FrozenMap(props: FrozenMapProps): ReactNode {
  const { columns, sites, layers, filter, basemapId, areas, view, fitTo, extraLayers, highlight, onMap, onMask, pointsHidden = false, legend = false } = props;
  const { client, info } = useEngine();
  const { t, lang } = useI18n();
  const basemap = useBasemap(client, info?.path ?? null, basemapId);
  const crs = basemap.crs;
  const configs = useMemo(() => (pointsHidden ? [] : configsOf(layers, sites)), [layers, sites, pointsHidden]);
  const needs = useMemo(() => layersNeeds(configs), [configs]);
  const placeData = usePlaceData(client, columns, { fields: useMemo(() => [...filterFieldNames(filter), ...needs.fields], [filter, needs]), pairs: needs.pairs });
  const mask = useMemo(() => (filterFieldNames(filter).some((f) => !placeData.fields.has(f)) ? null : filterMask(columns.count, placeData.fields, filter)), [columns, placeData.fields, filter]);
  const maskReady = !filterFieldNames(filter).some((f) => !placeData.fields.has(f));
  const maskRef = useRef(onMask);
  maskRef.current = onMask;
  useEffect(() => {
    if (maskReady) maskRef.current?.(mask);
  }, [mask, maskReady]);
  const districts = useDistrictShapes(configs.some((l) => l.visible && l.type === 'district-choropleth'));
  const displaySites = useMemo(() => sites.map((s) => ({ ...s, lng: toDisplay(s.lng, s.lat, crs)[0], lat: toDisplay(s.lng, s.lat, crs)[1] })), [sites, crs]);
  const shownAreas = useMemo(() => areas.map((a) => displayArea(a, crs) as Area), [areas, crs]);
  const circles = useMemo(() => drawnCircles(shownAreas, false), [shownAreas]);
  const areaLayers = useMemo(() => buildAreaLayers(shownAreas, { byGrade: false, editingId: null, selectedId: null }), [shownAreas]);
  const ctx = useMemo<LayerContext | null>(
    () =>
      maskReady
        ? { columns: displayColumns(columns, crs), fields: placeData.fields, mapMask: mask, sites: displaySites, districts: districts === null ? null : displayDistrictShapes(districts, crs), circles, pairs: placeData.pairs, lang, t }
        : null,
    [maskReady, columns, crs, placeData.fields, placeData.pairs, mask, displaySites, districts, circles, lang, t],
  );
  const stack = useLayerStack(configs, ctx);

  const dataLayers = useMemo(() => [...stack.deckLayers, ...(extraLayers ?? [])], [stack.deckLayers, extraLayers]);
  const handle = useRef<MapHandle>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const viewRef = useRef(view);
  viewRef.current = view;
  const onMapRef = useRef(onMap);
  onMapRef.current = onMap;
  // The saved view when there is one (the map exactly as it was), else the project's extent.
  const fit = view === null ? fitTo : null;
  const gotMap = useMemo(
    () => (map: MapLibreMap | null) => {
      mapRef.current = map;
      const v = viewRef.current;
      if (map !== null && v !== null) map.jumpTo({ center: toDisplay(v.center.lng, v.center.lat, crs), zoom: v.zoom });
      onMapRef.current?.(map);
    },
    // The map is created once; the crs at that moment places the saved view.
    [crs],
  );
  return (
    <div className="frozen-map">
      <MapView
      lang={lang}
      columns={columns}
      visibility={{ basemap: true }}
      fitTo={fit}
      onCursor={noop}
      onScale={noop}
      onBounds={noop}
      onDrawn={noop}
      handleRef={handle}
      marker={null}
      flyTo={null}
      onPlace={noop}
      highlight={highlight ?? null}
      rightInset={0}
      areaLayers={areaLayers}
      dataLayers={dataLayers}
      onMap={gotMap}
      basemap={basemap.active}
      crs={crs}
      />
      {legend ? <MapLegend legends={stack.legends} /> : null}
    </div>
  );
}
