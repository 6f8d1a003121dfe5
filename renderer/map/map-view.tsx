import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { Map as MapLibreMap, Marker, NavigationControl, setWorkerUrl } from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import type { ReactNode, Ref } from 'react';
import { displayColumns, fromDisplay, toDisplay } from '../../native/contract/index.js';
import type { DisplayCrs, PlaceColumns } from '../../native/contract/index.js';
import type { Lang } from '../i18n/i18n.js';
import { LOCAL_IDEOGRAPH_FONT_FAMILY } from './basemap-style.js';
import { BUNDLED, styleForBasemap } from './basemaps.js';
import type { ActiveBasemap } from './basemaps.js';
// Registers the ketu-tile:// protocol every non-bundled basemap's tiles come through.
import './tile-protocol.js';
import { placesOfPick } from './layers/pick-places.js';
import { sameLayerList } from './layers/use-layer-stack.js';
import { buildHighlightLayer } from './place-layers.js';
import type { HighlightPoints } from './place-layers.js';
import { captureMapPng } from './png-capture.js';
import { markLayersDrawn, markLayersSet, setBasemapLabelQuery, setLabelSource, setPlaceSymbolQuery } from './ketu-hook.js';
import { isGroupLayerId } from './layers/place-groups.js';
import { buildLabelLayer, placeLabels, placementZoom, splitLabels } from './label-placement.js';
import { screenLabels } from './label-boxes.js';
import { LABEL_SHIELDS_ID, basemapLabelsIn, labelShields, shieldLayer, shieldSource, updateShields } from './label-shields.js';
import type { CaptureDecoration, CapturedPng } from './png-capture.js';

// Vite serves the worker as a file of its own; MapLibre 6 starts it as a module worker from this URL.
setWorkerUrl(workerUrl);

export type Bounds = readonly [number, number, number, number];

/** What the map shows besides the project's layers (those carry their own visibility). */
export interface LayerVisibility {
  basemap: boolean;
}

/** The place being reviewed: a draggable highlighted marker the planner moves or re-places by clicking. */
export interface ReviewMarker {
  id: number;
  lng: number;
  lat: number;
  /** CSS colour of the place's role. */
  color: string;
  label: string;
}

/** The camera as a printed page states it: bounds (WGS-84 and as drawn), centre latitude and zoom. */
export interface MapViewState {
  bounds: Bounds;
  displayBounds: Bounds;
  centerLat: number;
  zoom: number;
  metresPerPixel: number;
}

export interface MapHandle {
  /** `tilePx`: draw in tiles no wider than this (default: the WebGL canvas limit). */
  capture(ratio: number, decorate?: CaptureDecoration, tilePx?: number): Promise<CapturedPng>;
  /** Where the camera is now. */
  view(): MapViewState;
  /** Fits [w, s, e, n] (WGS-84) without animation, padded by `padding` CSS px, and resolves once drawn. */
  fit(bounds: Bounds, padding: number): Promise<void>;
  /** The basemap's own names drawn now, once per label. */
  basemapLabels(): string[];
}

export interface MapViewProps {
  lang: Lang;
  columns: PlaceColumns | null;
  visibility: LayerVisibility;
  /** Fit the camera to these [w, s, e, n]; a new array (even with equal values) fits again. */
  fitTo: Bounds | null;
  onCursor(lngLat: { lng: number; lat: number } | null): void;
  /** Metres per CSS pixel at the centre, on every camera change. */
  onScale(metresPerPixel: number): void;
  /** Viewport [w, s, e, n] once the camera settles. */
  onBounds(bounds: Bounds): void;
  /** The map has drawn a frame with exactly these columns (null = no points) and gone idle. */
  onDrawn(columns: PlaceColumns | null): void;
  handleRef: Ref<MapHandle>;
  /** The place under review, or null; while set, a click on the map moves it there. */
  marker: ReviewMarker | null;
  /** Fly the camera here; a new object (even with equal values) flies again. */
  flyTo: { lng: number; lat: number } | null;
  /** The planner dropped the marker or clicked the map with a place selected. */
  onPlace(lngLat: { lng: number; lat: number }): void;
  /** Places of a ranking row, drawn above everything; null draws none. */
  highlight: HighlightPoints | null;
  /**
   * CSS px of the map covered on the right (排名, 区域 drawers). Set as the map's padding, so the view's
   * centre moves left by half of it (the camera eases there) and fits and flights keep clear of the drawer.
   */
  rightInset: number;
  /** The basemap drawn (basemaps.ts); the bundled offline map when absent. */
  basemap?: ActiveBasemap;
  /**
   * The basemap's coordinate system: drawn positions (places, sites, highlight, marker, camera targets) are
   * shifted into it and positions read off the map (cursor, click, drag, view bounds) back to WGS-84.
   * Layers built outside (dataLayers, areaLayers) must be built from display positions (displayColumns).
   */
  crs?: DisplayCrs;
  /** A print page's frame is drawn (basemap names placed for one page rather than per screen tile). */
  printing?: boolean;
  /** Drawn target areas (area-layers.ts), under the points so places stay visible inside them. */
  areaLayers?: readonly Layer[];
  /** The MapLibre map once created (null when removed): the area drawing tools attach to it. */
  onMap?(map: MapLibreMap | null): void;
  /** The layer registry's deck.gl layers (renderer/map/layers); when given they replace the built-in places and sites. */
  dataLayers?: readonly Layer[] | null;
  /** The places (column indices) under the pointer, with the pointer's CSS px in the map; null when none. */
  onPointHover?(hit: PointHit | null): void;
  /** A click on a point or grouped symbol (not while a place is being placed by hand). */
  onPointClick?(hit: PointHit): void;
}

/** Places under the pointer: one for a dot, every place of a grouped symbol. */
export interface PointHit {
  indices: number[];
  x: number;
  y: number;
}

/** Hangzhou: where the first projects are; any open project refits at once. */
const START = { center: [120.16, 30.27] as [number, number], zoom: 9 };
// A lone site (or a tight cluster) would zoom to bare streets; stop at a district view with labels.
const FIT_MAX_ZOOM = 12;
// Close enough to see streets and compounds when placing a point by hand.
const REVIEW_ZOOM = 14;
const EARTH_CIRCUMFERENCE = 40075016.686;

function metresPerPixel(map: MapLibreMap): number {
  const lat = map.getCenter().lat;
  // MapLibre tiles are 512 CSS px wide.
  return (EARTH_CIRCUMFERENCE * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom());
}

function viewBounds(map: MapLibreMap, crs: DisplayCrs): Bounds {
  const b = map.getBounds();
  const [w, s] = fromDisplay(b.getWest(), b.getSouth(), crs);
  const [e, n] = fromDisplay(b.getEast(), b.getNorth(), crs);
  return [w, s, e, n];
}

function fullStyle(lang: Lang, visibility: LayerVisibility, basemap: ActiveBasemap, print: boolean, shields: FeatureCollection): StyleSpecification {
  const base = styleForBasemap(basemap, lang, location.origin, { print });
  // KeTu's labels' invisible twins on top, so the basemap's own names make way for them (label-shields.ts).
  const style = { ...base, sources: { ...base.sources, [LABEL_SHIELDS_ID]: shieldSource(shields) }, layers: [...base.layers, shieldLayer] };
  if (visibility.basemap) return style;
  return { ...style, layers: style.layers.map((l) => (l.type === 'background' ? l : { ...l, layout: { ...l.layout, visibility: 'none' } })) };
}

/**
 * MapLibre basemap, deck.gl points and sites on top through MapboxOverlay (overlaid, not interleaved:
 * interleaving breaks with MapLibre 6). Owns both instances for its lifetime.
 */
export function MapView(props: MapViewProps): ReactNode {
  const { lang, columns, visibility, fitTo, handleRef, marker, flyTo, highlight, areaLayers, dataLayers, rightInset } = props;
  const basemap = props.basemap ?? BUNDLED;
  const printing = props.printing ?? false;
  const crs = props.crs ?? 'wgs84';
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  const callbacks = useRef(props);
  callbacks.current = props;
  // Frames: waiters for the next deck frame, and the columns whose layer awaits its first frame.
  const deckWaiters = useRef<(() => void)[]>([]);
  const pendingDraw = useRef<{ columns: PlaceColumns | null } | null>(null);
  const styleState = useRef({ lang, visibility, basemap, printing });
  styleState.current = { lang, visibility, basemap, printing };
  // Read by the map's event handlers, which are bound once.
  const crsRef = useRef(crs);
  crsRef.current = crs;
  // Labels are placed again at every quarter zoom level (label-placement.ts).
  const [labelZoom, setLabelZoom] = useState(placementZoom(START.zoom));
  // The placed labels' shields, read by every new style (label-shields.ts).
  const shieldsRef = useRef<FeatureCollection>(labelShields([]));

  useEffect(() => {
    const el = container.current;
    if (el === null) return;
    const { lang: l, visibility: v, basemap: b, printing: p } = styleState.current;
    el.dataset.basemap = b.id;
    el.dataset.basemapState = 'loading';
    const map = new MapLibreMap({
      container: el,
      style: fullStyle(l, v, b, p, shieldsRef.current),
      center: START.center,
      zoom: START.zoom,
      // CJK drawn from local fonts: no glyph server, works offline.
      localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
      // Basemap names appear at once: a fade asks for frames for 300 ms after every placement, and each frame
      // costs hundreds of milliseconds without a GPU while the map loads (test/bench/README.md, first-frame).
      fadeDuration: 0,
      // Kept so the PNG export can read the canvas after the frame.
      canvasContextAttributes: { antialias: true, preserveDrawingBuffer: true },
      maxCanvasSize: [16384, 16384],
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    const hitOf = (info: PickingInfo): PointHit | null => {
      const indices = info.layer === null || info.layer === undefined ? null : placesOfPick(info.layer.id, info.index);
      return indices === null || indices.length === 0 ? null : { indices, x: info.x, y: info.y };
    };
    // deck.gl's canvas is made at its final size, so its WebGL context is created at that size: a canvas created at
    // 300×150 and sized later reallocates its buffers twice, each waiting on the GPU process (seconds without a GPU,
    // test/bench/README.md, first-frame). The overlay's props leave out width/height; they go to the canvas, and the
    // CSS size returns to 100% once the overlay is added.
    const ratio = window.devicePixelRatio;
    const initialSize: { width: number; height: number } = { width: Math.round(el.clientWidth * ratio), height: Math.round(el.clientHeight * ratio) };
    const overlay = new MapboxOverlay({
      ...initialSize,
      interleaved: false,
      layers: [],
      // luma.gl tests a feature when a layer first asks for it, not all of them at start-up: each test waits on
      // the GPU process, which without a GPU is busy drawing the basemap then (about a second of the first frame).
      deviceProps: { _initializeFeatures: false },
      onHover: (info) => callbacks.current.onPointHover?.(hitOf(info)),
      onClick: (info) => {
        const hit = hitOf(info);
        if (hit !== null && callbacks.current.marker === null) callbacks.current.onPointClick?.(hit);
      },
      onAfterRender: () => {
        markLayersDrawn();
        const waiters = deckWaiters.current.splice(0);
        for (const w of waiters) w();
        const pending = pendingDraw.current;
        if (pending === null) return;
        pendingDraw.current = null;
        // deck has drawn the layer; report once MapLibre has a finished frame too.
        map.once('idle', () => callbacks.current.onDrawn(pending.columns));
        map.triggerRepaint();
      },
    });
    map.addControl(overlay);
    const fluid: { width: string; height: string } = { width: '100%', height: '100%' };
    overlay.setProps({ ...fluid, layers: [] });
    const stored = (at: { lng: number; lat: number }): { lng: number; lat: number } => {
      const [lng, lat] = fromDisplay(at.lng, at.lat, crsRef.current);
      return { lng, lat };
    };
    map.on('mousemove', (e) => callbacks.current.onCursor(stored(e.lngLat)));
    map.getCanvasContainer().addEventListener('mouseleave', () => callbacks.current.onCursor(null));
    map.on('move', () => callbacks.current.onScale(metresPerPixel(map)));
    map.on('zoom', () => setLabelZoom(placementZoom(map.getZoom())));
    // data-moving: camera in flight, so a test grabs the review marker only once it sits still.
    map.on('movestart', () => {
      el.dataset.moving = 'true';
    });
    map.on('moveend', () => {
      delete el.dataset.moving;
      callbacks.current.onBounds(viewBounds(map, crsRef.current));
    });
    map.on('click', (e) => {
      if (callbacks.current.marker !== null) callbacks.current.onPlace(stored(e.lngLat));
    });
    map.once('load', () => {
      callbacks.current.onScale(metresPerPixel(map));
      callbacks.current.onBounds(viewBounds(map, crsRef.current));
    });
    // data-basemap-state: ready once the basemap's tiles are in (tests and exports wait on it).
    map.once('idle', () => {
      el.dataset.basemapState = 'ready';
    });
    setBasemapLabelQuery((box) => basemapLabelsIn(map, box));
    setPlaceSymbolQuery(([x0, y0, x1, y1]) =>
      overlay
        .pickObjects({ x: Math.round(x0), y: Math.round(y0), width: Math.max(1, Math.round(x1 - x0)), height: Math.max(1, Math.round(y1 - y0)) })
        .flatMap((p) => (p.layer !== null && isGroupLayerId(p.layer.id) ? [`${p.layer.id}#${String(p.index)}`] : [])),
    );
    mapRef.current = map;
    overlayRef.current = overlay;
    callbacks.current.onMap?.(map);
    return () => {
      callbacks.current.onMap?.(null);
      mapRef.current = null;
      overlayRef.current = null;
      map.removeControl(overlay);
      overlay.finalize();
      map.remove();
    };
  }, []);

  // Language, basemap or print switch: a new style (sites and points live in deck.gl, unaffected).
  const firstStyle = useRef(true);
  useEffect(() => {
    if (firstStyle.current) {
      firstStyle.current = false;
      return;
    }
    const map = mapRef.current;
    const el = container.current;
    if (map === null || el === null) return;
    el.dataset.basemap = basemap.id;
    el.dataset.basemapState = 'loading';
    map.setStyle(fullStyle(lang, styleState.current.visibility, basemap, printing, shieldsRef.current), { diff: true });
    map.once('idle', () => {
      if (el.dataset.basemap === basemap.id) el.dataset.basemapState = 'ready';
    });
  }, [lang, visibility.basemap, basemap, printing]);

  // A drawer opens or closes: what was in the middle of the map moves to the middle of what stays visible.
  useEffect(() => {
    const map = mapRef.current;
    const el = container.current;
    if (map === null || el === null || map.getPadding().right === rightInset) return;
    map.stop();
    map.once('moveend', () => {
      el.dataset.flights = String(Number(el.dataset.flights ?? '0') + 1);
    });
    map.easeTo({ padding: { top: 0, bottom: 0, left: 0, right: rightInset }, duration: 250 });
  }, [rightInset]);

  // Another basemap system: the view's bounds in WGS-84 change although the camera did not move.
  useEffect(() => {
    const map = mapRef.current;
    if (map !== null) callbacks.current.onBounds(viewBounds(map, crs));
  }, [crs]);

  // The camera fits each bounds the app hands over (a project opened, an import done).
  useEffect(() => {
    const map = mapRef.current;
    if (map === null || fitTo === null) return;
    // In addition to the map's own padding (the drawer), which MapLibre counts in.
    const padding = { top: 48, bottom: 48, left: 48, right: 48 };
    const [w, s] = toDisplay(fitTo[0], fitTo[1], crsRef.current);
    const [e, n] = toDisplay(fitTo[2], fitTo[3], crsRef.current);
    map.fitBounds([w, s, e, n], { padding, maxZoom: FIT_MAX_ZOOM, animate: false });
  }, [fitTo]);

  useEffect(() => {
    const map = mapRef.current;
    const el = container.current;
    if (map === null || el === null || flyTo === null) return;
    // data-flights: flights finished, so a test waits for the one its click asked for rather than a camera
    // that was still because this flight had not started yet. A flight under way ends (and counts) first.
    map.stop();
    map.once('moveend', () => {
      el.dataset.flights = String(Number(el.dataset.flights ?? '0') + 1);
    });
    map.flyTo({ center: toDisplay(flyTo.lng, flyTo.lat, crsRef.current), zoom: Math.max(map.getZoom(), REVIEW_ZOOM), duration: 600, essential: true });
  }, [flyTo]);

  // The review marker: a MapLibre marker, because it drags natively; CSS lifts it above deck's canvas.
  const markerRef = useRef<Marker | null>(null);
  const markerEl = useRef<HTMLDivElement | null>(null);
  const hasMarker = marker !== null;
  useEffect(() => {
    const map = mapRef.current;
    if (map === null || !hasMarker) return;
    const el = document.createElement('div');
    el.className = 'review-marker';
    el.dataset.testid = 'review-marker';
    el.innerHTML = '<span class="review-marker-halo"></span><span class="review-marker-dot"></span>';
    const m = new Marker({ element: el, draggable: true }).setLngLat(map.getCenter()).addTo(map);
    m.on('dragend', () => {
      const [lng, lat] = fromDisplay(m.getLngLat().lng, m.getLngLat().lat, crsRef.current);
      callbacks.current.onPlace({ lng, lat });
    });
    markerRef.current = m;
    markerEl.current = el;
    return () => {
      m.remove();
      markerRef.current = null;
      markerEl.current = null;
    };
  }, [hasMarker]);
  useEffect(() => {
    const m = markerRef.current;
    const el = markerEl.current;
    if (m === null || el === null || marker === null) return;
    m.setLngLat(toDisplay(marker.lng, marker.lat, crs));
    el.style.setProperty('--marker-color', marker.color);
    el.title = marker.label;
    el.dataset.placeId = String(marker.id);
  }, [marker, crs]);

  // Every label the layers and areas carry, placed together so no two names are drawn on top of each other.
  // A new array of the same layers (an empty area list answered after the points, say) keeps the last one:
  // otherwise the labels are placed again and deck.gl draws every point once more, a whole frame at 1M.
  const [shown, setShown] = useState<Layer[]>([]);
  const combined = useMemo(() => [...(areaLayers ?? []), ...(dataLayers ?? [])], [areaLayers, dataLayers]);
  if (combined !== shown && !sameLayerList(combined, shown)) setShown(combined);
  const split = useMemo(() => splitLabels(shown), [shown]);
  const placed = useMemo(() => placeLabels(split.labels, labelZoom, split.symbols), [split, labelZoom]);
  const labelLayer = useMemo(() => buildLabelLayer(placed), [placed]);
  useEffect(() => {
    setLabelSource(() => {
      const map = mapRef.current;
      return map === null ? [] : screenLabels(placed, (p) => map.project([p[0], p[1]]));
    });
    shieldsRef.current = labelShields(placed);
    const map = mapRef.current;
    if (map !== null) updateShields(map, shieldsRef.current);
  }, [placed]);

  useEffect(() => {
    const overlay = overlayRef.current;
    if (overlay === null) return;
    pendingDraw.current = { columns };
    // Shifted copies are cached per array (display-crs.ts): a recolour or a redraw never shifts again.
    const picked = highlight === null || highlight.count === 0 ? [] : [buildHighlightLayer(displayColumns(highlight, crs))];
    // Labels last: above every symbol, so 本案's name never drowns under the points.
    overlay.setProps({ layers: [...split.layers, ...picked, labelLayer] });
    markLayersSet();
    // An empty layer list may not schedule a deck frame; make sure one comes.
    mapRef.current?.triggerRepaint();
  }, [columns, highlight, split, labelLayer, crs]);

  useImperativeHandle(
    handleRef,
    () => ({
      capture: (ratio: number, decorate?: CaptureDecoration, tilePx?: number) => {
        const map = mapRef.current;
        const overlay = overlayRef.current;
        if (map === null || overlay === null) return Promise.reject(new Error('map not ready'));
        return captureMapPng({ map, overlay, nextDeckFrame: () => new Promise<void>((resolve) => deckWaiters.current.push(resolve)) }, ratio, decorate, tilePx);
      },
      view: () => {
        const map = mapRef.current;
        if (map === null) throw new Error('map not ready');
        const b = map.getBounds();
        return { bounds: viewBounds(map, crsRef.current), displayBounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], centerLat: map.getCenter().lat, zoom: map.getZoom(), metresPerPixel: metresPerPixel(map) };
      },
      fit: (bounds, padding) => {
        const map = mapRef.current;
        if (map === null) return Promise.reject(new Error('map not ready'));
        const [w, s] = toDisplay(bounds[0], bounds[1], crsRef.current);
        const [e, n] = toDisplay(bounds[2], bounds[3], crsRef.current);
        // A container resized just before (a print frame, then the overview inset) is measured now, not a frame later.
        map.resize();
        const idle = new Promise<void>((resolve) => map.once('idle', () => resolve()));
        map.fitBounds([w, s, e, n], { padding, animate: false });
        map.triggerRepaint();
        return idle;
      },
      basemapLabels: () => {
        const map = mapRef.current;
        if (map === null) return [];
        const c = map.getCanvas();
        return basemapLabelsIn(map, [0, 0, c.clientWidth, c.clientHeight]);
      },
    }),
    [],
  );

  return <div ref={container} className={hasMarker ? 'map-view placing' : 'map-view'} data-testid="map" role="region" aria-label="map" />;
}
