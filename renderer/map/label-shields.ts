import { GeoJSONSource } from 'maplibre-gl';
import type { GeoJSONSourceSpecification, Map as MapLibreMap, SymbolLayerSpecification } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { BASEMAP_FONT_STACK } from './basemap-style.js';
import type { LabelAnchor, PlacedLabel } from './label-placement.js';

/*
 * KeTu's names are drawn by deck.gl over the map (not interleaved), so MapLibre's own basemap names know
 * nothing of them and may sit underneath. Each placed KeTu label gets an invisible twin in a MapLibre symbol
 * layer on top of the style: always placed, it takes its room in MapLibre's collision index, so the basemap
 * names that would run under a KeTu label are left out by MapLibre itself, at every zoom and in print.
 */

export const LABEL_SHIELDS_ID = 'ketu-label-shields';

/** MapLibre's text-anchor for a KeTu side (KeTu names the side the text is on, MapLibre the text's own edge). */
const mapAnchor: Record<LabelAnchor, 'center' | 'left' | 'right' | 'top' | 'bottom'> = { center: 'center', right: 'left', left: 'right', above: 'bottom', below: 'top' };

function emOffset(anchor: LabelAnchor, offset: number, size: number): [number, number] {
  const em = offset / size;
  if (anchor === 'right') return [em, 0];
  if (anchor === 'left') return [-em, 0];
  if (anchor === 'above') return [0, -em];
  if (anchor === 'below') return [0, em];
  return [0, 0];
}

interface ShieldProps {
  text: string;
  size: number;
  anchor: string;
  offset: [number, number];
}

export function labelShields(placed: readonly PlacedLabel[]): FeatureCollection<Point, ShieldProps> {
  return {
    type: 'FeatureCollection',
    features: placed.map(({ label, anchor, position }) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [position[0], position[1]] },
      properties: { text: label.text, size: label.size, anchor: mapAnchor[anchor], offset: emOffset(anchor, label.offset, label.size) },
    })),
  };
}

export function shieldSource(data: FeatureCollection): GeoJSONSourceSpecification {
  return { type: 'geojson', data };
}

/** The invisible twins: drawn with zero opacity, never hidden by anything, and taking room from every other name. */
export const shieldLayer: SymbolLayerSpecification = {
  id: LABEL_SHIELDS_ID,
  type: 'symbol',
  source: LABEL_SHIELDS_ID,
  layout: {
    'text-field': ['get', 'text'],
    'text-font': BASEMAP_FONT_STACK,
    'text-size': ['get', 'size'],
    'text-anchor': ['get', 'anchor'],
    'text-offset': ['get', 'offset'],
    'text-max-width': 100,
    'text-allow-overlap': true,
    'text-ignore-placement': false,
    // The KeTu label's halo and a hair of air, as its own placement box has.
    'text-padding': 3,
  },
  paint: { 'text-opacity': 0 },
};

/** Hands the placed labels to the map's shield source (absent while a style is still loading: the style carries them). */
export function updateShields(map: MapLibreMap, data: FeatureCollection): void {
  const source = map.getSource(LABEL_SHIELDS_ID);
  // setData resolves once the worker has the data; the next frame places the shields, nothing waits on it.
  if (source instanceof GeoJSONSource) void source.setData(data);
}

/**
 * Names of the basemap's labels MapLibre drew whose collision box meets the CSS px box [x0, y0, x1, y1] of
 * the map (the shields excluded): empty under every KeTu label when the shields work.
 */
export function basemapLabelsIn(map: MapLibreMap, box: readonly [number, number, number, number]): string[] {
  const layers = (map.getStyle()?.layers ?? []).filter((l) => l.type === 'symbol' && l.id !== LABEL_SHIELDS_ID).map((l) => l.id);
  if (layers.length === 0) return [];
  const features = map.queryRenderedFeatures([[box[0], box[1]], [box[2], box[3]]], { layers });
  return features.map((f) => String(f.properties.name ?? f.properties.text ?? f.layer.id));
}
