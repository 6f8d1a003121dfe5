import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { TextLayerProps } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { Site, SiteKind } from '../../native/contract/index.js';

export interface SiteStyle {
  color: string;
  rgb: readonly [number, number, number];
  radius: number;
  textSize: number;
}

/** 本案 stands out (large red), 竞品 recede (purple): planners read the project first. */
export const siteStyles: Record<SiteKind, SiteStyle> = {
  project: { color: '#dc2626', rgb: [220, 38, 38], radius: 9, textSize: 15 },
  competitor: { color: '#7c3aed', rgb: [124, 58, 237], radius: 7, textSize: 13 },
};

export const LABEL_FONT = '"Noto Sans SC Variable", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';

/** Every map label: CJK from local fonts as SDF (crisp at any export ratio) with a white halo over points. */
export const mapLabelStyle: Pick<TextLayerProps, 'fontFamily' | 'fontWeight' | 'characterSet' | 'fontSettings' | 'outlineWidth' | 'outlineColor'> = {
  fontFamily: LABEL_FONT,
  fontWeight: 600,
  characterSet: 'auto',
  fontSettings: { sdf: true, fontSize: 48, buffer: 8 },
  outlineWidth: 4,
  outlineColor: [255, 255, 255, 235],
};

/**
 * Sites as deck.gl layers drawn after the places, so 本案/竞品 and their names stay on top of the
 * points (MapLibre layers would sit under the overlay). A project has a handful of sites, so plain
 * objects are fine here. The label atlas is drawn by the browser from local fonts: no glyph server.
 */
export function buildSiteLayers(sites: readonly Site[], visible: Record<SiteKind, boolean>): Layer[] {
  // Competitors first so the project draws over them where they touch.
  const shown = sites.filter((s) => visible[s.kind]).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'project' ? 1 : -1));
  if (shown.length === 0) return [];
  const rgb = (s: Site): [number, number, number] => [...siteStyles[s.kind].rgb];
  return [
    new ScatterplotLayer<Site>({
      id: 'ketu-sites-halo',
      data: shown,
      getPosition: (s) => [s.lng, s.lat],
      getRadius: (s) => siteStyles[s.kind].radius + 5,
      getFillColor: (s) => [...rgb(s), 60],
      radiusUnits: 'pixels',
    }),
    new ScatterplotLayer<Site>({
      id: 'ketu-sites-dot',
      data: shown,
      getPosition: (s) => [s.lng, s.lat],
      getRadius: (s) => siteStyles[s.kind].radius,
      getFillColor: (s) => [...rgb(s), 255],
      getLineColor: [255, 255, 255, 255],
      getLineWidth: 2.5,
      lineWidthUnits: 'pixels',
      stroked: true,
      radiusUnits: 'pixels',
    }),
    new TextLayer<Site>({
      id: 'ketu-sites-label',
      data: shown,
      getPosition: (s) => [s.lng, s.lat],
      getText: (s) => s.name,
      getColor: (s) => [...rgb(s), 255],
      getSize: (s) => siteStyles[s.kind].textSize,
      sizeUnits: 'pixels',
      getTextAnchor: 'start',
      getAlignmentBaseline: 'center',
      getPixelOffset: (s) => [siteStyles[s.kind].radius + 6, 0],
      ...mapLabelStyle,
    }),
  ];
}
