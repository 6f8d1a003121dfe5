import type { TextLayerProps } from '@deck.gl/layers';
import type { SiteKind } from '../../native/contract/index.js';

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
