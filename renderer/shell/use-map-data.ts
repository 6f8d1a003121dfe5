import { useEffect, useMemo, useRef } from 'react';
import { displayColumns, toDisplay } from '../../native/contract/index.js';
import type { LayerConfig, PlaceColumns, PlaceFilter, ProjectInfo } from '../../native/contract/index.js';
import { useEngine } from '../engine/engine-context.js';
import { useBasemap } from '../features/basemap/use-basemap.js';
import type { BasemapState } from '../features/basemap/use-basemap.js';
import type { MapSettingsState } from '../features/filters/use-map-settings.js';
import { useProjectLayers } from '../features/layers/use-project-layers.js';
import type { ProjectLayers } from '../features/layers/use-project-layers.js';
import { useI18n } from '../i18n/i18n.js';
import { displayDistrictShapes } from '../map/display-shapes.js';
import { filterFieldNames, filterMask } from '../map/filter-mask.js';
import type { DrawnCircle, LayerContext } from '../map/layers/layer-context.js';
import { layersNeeds } from '../map/layers/registry.js';
import { templateLayers } from '../map/layers/templates.js';
import type { PrintOverride } from '../map/ketu-hook.js';
import { useDistrictShapes, useLayerStack } from '../map/layers/use-layer-stack.js';
import type { LayerStack } from '../map/layers/use-layer-stack.js';
import { countByRole } from '../map/place-layers.js';
import { usePlaceData } from '../map/use-place-data.js';
import type { PlaceData } from '../map/use-place-data.js';

export interface MapData {
  basemap: BasemapState;
  projectLayers: ProjectLayers;
  placeData: PlaceData;
  /** Places that pass the map's filter (null: no filter data yet). */
  mapMask: Uint8Array | null;
  productValues: readonly string[];
  stack: LayerStack;
  /** Places that pass the map's filter, over all roles: the filter bar's count. */
  passing: number;
  /** The layers drawn (a print page's template ones while printing) and what they were drawn from. */
  configs: readonly LayerConfig[] | null;
  ctx: LayerContext | null;
}

// One empty list, so a map without circle areas keeps one layer context across renders.
const NO_CIRCLES: readonly DrawnCircle[] = [];

/** What the map draws: the basemap, the project's layers over its points, filtered by the map's filter. */
export function useMapData(info: ProjectInfo | null, columns: PlaceColumns | null, settings: MapSettingsState, toast: (message: string) => void, print: PrintOverride | null = null, circles: readonly DrawnCircle[] = NO_CIRCLES): MapData {
  const { client } = useEngine();
  const { t, lang } = useI18n();
  const projectPath = info?.path ?? null;
  // A print page (`ketu export pdf`) draws its template's layers with its own filter, never saved.
  const filter: PlaceFilter | undefined = print === null ? settings.settings?.filter : print.filter;
  // The basemap drawn, and the system (GCJ-02 on 高德) every drawn position is shifted into.
  const basemap = useBasemap(client, projectPath, settings.settings?.basemap ?? null);
  useEffect(() => {
    if (basemap.problem !== null) toast(basemap.problem);
  }, [basemap.problem, toast]);
  const displaySites = useMemo(
    () =>
      info?.sites.map((site) => {
        const [lng, lat] = toDisplay(site.lng, site.lat, basemap.crs);
        return { ...site, lng, lat };
      }) ?? [],
    [info, basemap.crs],
  );
  const projectLayers = useProjectLayers(client, projectPath);
  const printLayers = useMemo(() => (print === null || info === null ? null : templateLayers(print.template, t, info.sites, { siteMarker: print.siteMarker, inset: print.inset === true })), [print, info, t]);
  const configs = printLayers ?? projectLayers.layers;
  const layerNeeds = useMemo(() => layersNeeds(configs ?? []), [configs]);
  const { barFields } = settings;
  const placeData = usePlaceData(client, columns, {
    fields: useMemo(() => [...filterFieldNames(filter), ...barFields, ...layerNeeds.fields], [filter, barFields, layerNeeds]),
    pairs: layerNeeds.pairs,
  });
  // While a new filter's columns are still on their way, the map keeps the last mask: a filter that
  // waits for data must not flash an empty map (and cost a second full frame) first.
  const lastMask = useRef<Uint8Array | null>(null);
  const mapMask = useMemo(() => {
    if (columns === null) return null;
    const waiting = filterFieldNames(filter).some((f) => !placeData.fields.has(f));
    if (waiting && lastMask.current?.length === columns.count) return lastMask.current;
    return filterMask(columns.count, placeData.fields, filter);
  }, [columns, placeData.fields, filter]);
  lastMask.current = mapMask;
  const productValues = useMemo(() => {
    const c = placeData.fields.get('product');
    return c?.kind === 'category' ? c.labels : [];
  }, [placeData.fields]);

  const districts = useDistrictShapes(configs?.some((l) => l.visible && l.type === 'district-choropleth') ?? false);
  const layerCtx = useMemo<LayerContext | null>(
    () =>
      columns === null || info === null
        ? null
        : { columns: displayColumns(columns, basemap.crs), fields: placeData.fields, mapMask, sites: displaySites, districts: districts === null ? null : displayDistrictShapes(districts, basemap.crs), circles, pairs: placeData.pairs, lang, t },
    [columns, info, basemap.crs, displaySites, placeData.fields, placeData.pairs, mapMask, districts, circles, lang, t],
  );
  const stack = useLayerStack(configs, layerCtx);
  const passing = useMemo(() => {
    if (columns === null) return 0;
    const c = countByRole(columns.roles, mapMask);
    return c.home + c.work + c.leisure;
  }, [columns, mapMask]);
  return { basemap, projectLayers, placeData, mapMask, productValues, stack, passing, configs, ctx: layerCtx };
}
