import { Map as MapLibreMap, Marker, NavigationControl } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { Lang } from '../i18n/i18n.js';
import { LOCAL_IDEOGRAPH_FONT_FAMILY } from './basemap-style.js';
import { BUNDLED, styleForBasemap } from './basemaps.js';

export interface PickPoint {
  key: string;
  lng: number;
  lat: number;
  /** 本案 or 竞品: drawn in the map's site colours. */
  kind: 'project' | 'competitor';
  label: string;
}

export interface PickMapProps {
  lang: Lang;
  points: readonly PickPoint[];
  /** Where the camera goes (a searched place, the project's city); a new object flies again. */
  focus: { lng: number; lat: number; zoom: number } | null;
  /** A click on the map, WGS-84 (the bundled basemap is drawn in WGS-84). */
  onPick(at: { lng: number; lat: number }): void;
  testId: string;
}

/** Hangzhou, where the map opens without a focus. */
const START = { center: [120.16, 30.27] as [number, number], zoom: 9 };

/**
 * A small map for placing 本案 and 竞品 by clicking, in dialogs: the bundled offline basemap (district
 * outlines and names), the points picked so far as markers. It works with no project open.
 */
export function PickMap({ lang, points, focus, onPick, testId }: PickMapProps): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const markers = useRef<Marker[]>([]);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const el = container.current;
    if (el === null) return;
    const map = new MapLibreMap({
      container: el,
      style: styleForBasemap(BUNDLED, lang, location.origin),
      center: START.center,
      zoom: START.zoom,
      localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
    });
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.on('click', (e) => pick.current({ lng: e.lngLat.lng, lat: e.lngLat.lat }));
    // data-state: tests click only once the map has drawn.
    map.once('idle', () => {
      el.dataset.state = 'ready';
    });
    mapRef.current = map;
    return () => {
      mapRef.current = null;
      map.remove();
    };
    // The style is set once; a language switch while the dialog is open keeps the labels it opened with.
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (map === null || focus === null) return;
    map.jumpTo({ center: [focus.lng, focus.lat], zoom: focus.zoom });
  }, [focus]);

  useEffect(() => {
    const map = mapRef.current;
    if (map === null) return;
    for (const m of markers.current) m.remove();
    markers.current = points.map((p) => {
      const dot = document.createElement('div');
      dot.className = `pick-marker ${p.kind}`;
      dot.title = p.label;
      dot.dataset.testid = `${testId}-marker`;
      dot.dataset.kind = p.kind;
      return new Marker({ element: dot }).setLngLat([p.lng, p.lat]).addTo(map);
    });
  }, [points, testId]);

  return <div ref={container} className="pick-map" data-testid={testId} />;
}
