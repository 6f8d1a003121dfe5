import type { Translate } from '../i18n/i18n.js';
import type { LegendEntry, Rgb } from './layers/layer-context.js';
import { layerTitle } from './layers/layer-title.js';
import type { LayerLegend } from './layers/use-layer-stack.js';
import type { CaptureDecoration } from './png-capture.js';

/** One layer's legend as it is printed: the shown title and its entries. */
export interface PrintedLegend {
  title: string;
  entries: readonly LegendEntry[];
}

export interface LegendStyle {
  /** Device pixels per CSS pixel of the captured canvas. */
  ratio: number;
  /** The workbench's own font and colours (styles.css :root), so the PNG's legend is the one on screen. */
  fontFamily: string;
  text: string;
  muted: string;
  line: string;
  num(n: number): string;
}

// The on-screen legend's box (styles.css .map-legend), in CSS pixels, so the PNG looks like the workbench.
const LEFT = 10;
const BOTTOM = 28;
const TOP_GAP = 10;
const PAD_X = 10;
const PAD_Y = 6;
const MIN_W = 150;
const MAX_W = 260;
const FONT_PX = 12;
const LINE = 19;
const TITLE_LINE = 18;
const SWATCH = 10;
const GAP = 6;
const SECTION_GAP = 4;

type Row = { kind: 'title'; text: string } | { kind: 'entry'; entry: LegendEntry; count: string } | { kind: 'more'; text: string };

function css([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

const graphemes = new Intl.Segmenter('zh-CN', { granularity: 'grapheme' });

/** `text` cut with '…' to fit `width` (the legend has a maximum width, as on screen). */
function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  const parts = Array.from(graphemes.segment(text), (g) => g.segment);
  let n = parts.length - 1;
  while (n > 1 && ctx.measureText(`${parts.slice(0, n).join('')}…`).width > width) n--;
  return `${parts.slice(0, n).join('')}…`;
}

function swatch(ctx: CanvasRenderingContext2D, entry: LegendEntry, x: number, midY: number): void {
  const color = css(entry.color);
  const half = SWATCH / 2;
  ctx.fillStyle = color;
  ctx.strokeStyle = color;
  switch (entry.shape) {
    case 'dot':
      ctx.beginPath();
      // A size key draws its disc to scale against the row of the largest group (a little above the swatch).
      ctx.arc(x + half, midY, entry.size === undefined ? half : Math.max(1.5, (half + 3) * entry.size), 0, 2 * Math.PI);
      ctx.fill();
      break;
    case 'line':
      ctx.fillRect(x - 2, midY - 1, SWATCH + 4, 2);
      break;
    case 'ring':
      ctx.lineWidth = 1.5;
      ctx.setLineDash([3, 2]);
      ctx.beginPath();
      ctx.arc(x + half, midY, half - 0.75, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.setLineDash([]);
      break;
    case 'text':
      break;
    default:
      ctx.fillRect(x, midY - half, SWATCH, SWATCH);
  }
}

/**
 * Paints the legends into an exported map at its bottom-left corner, as the workbench shows them (top
 * layer first): a briefing-deck map without its key cannot be read. Entries that do not fit the height
 * end in a line saying how many were left out.
 */
export function drawLegend(ctx: CanvasRenderingContext2D, legends: readonly PrintedLegend[], style: LegendStyle, moreLabel: (n: number) => string): void {
  const shown = legends.filter((l) => l.entries.length > 0);
  if (shown.length === 0) return;
  const { ratio } = style;
  const cssHeight = ctx.canvas.height / ratio;
  const font = `${FONT_PX}px ${style.fontFamily}`;
  const bold = `600 ${FONT_PX}px ${style.fontFamily}`;

  const all: Row[] = [];
  for (const l of shown) {
    all.push({ kind: 'title', text: l.title });
    for (const entry of l.entries) all.push({ kind: 'entry', entry, count: entry.count === null ? '' : style.num(entry.count) });
  }
  const rowHeight = (r: Row): number => (r.kind === 'title' ? TITLE_LINE + SECTION_GAP : LINE);
  // Rows that fit between the top gap and the box's bottom margin; the rest are counted on one line.
  const room = cssHeight - BOTTOM - TOP_GAP - 2 * PAD_Y;
  const rows: Row[] = [];
  let used = 0;
  for (let i = 0; i < all.length; i++) {
    const r = all[i] as Row;
    if (used + rowHeight(r) + LINE > room && i < all.length - 1) {
      const left = all.slice(i).filter((x) => x.kind === 'entry').length;
      rows.push({ kind: 'more', text: moreLabel(left) });
      used += LINE;
      break;
    }
    rows.push(r);
    used += rowHeight(r);
  }

  ctx.save();
  ctx.scale(ratio, ratio);
  ctx.textBaseline = 'middle';
  let natural = 0;
  for (const r of rows) {
    if (r.kind === 'title') {
      ctx.font = bold;
      natural = Math.max(natural, ctx.measureText(r.text).width);
    } else if (r.kind === 'entry') {
      ctx.font = font;
      natural = Math.max(natural, SWATCH + GAP + ctx.measureText(r.entry.label).width + (r.count === '' ? 0 : GAP + ctx.measureText(r.count).width));
    }
  }
  const inner = Math.min(MAX_W, Math.max(MIN_W, natural + 2 * PAD_X)) - 2 * PAD_X;
  const width = inner + 2 * PAD_X;
  const height = used + 2 * PAD_Y;
  const x0 = LEFT;
  const y0 = cssHeight - BOTTOM - height;

  ctx.fillStyle = 'rgba(255, 255, 255, 0.94)';
  ctx.strokeStyle = style.line;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(x0 + 0.5, y0 + 0.5, width, height, 6);
  ctx.fill();
  ctx.stroke();

  let y = y0 + PAD_Y;
  const left = x0 + PAD_X;
  const right = left + inner;
  for (const r of rows) {
    if (r.kind === 'title') {
      ctx.font = bold;
      ctx.fillStyle = style.text;
      ctx.textAlign = 'left';
      ctx.fillText(fit(ctx, r.text, inner), left, y + SECTION_GAP + TITLE_LINE / 2);
      y += TITLE_LINE + SECTION_GAP;
      continue;
    }
    const mid = y + LINE / 2;
    ctx.font = font;
    if (r.kind === 'more') {
      ctx.fillStyle = style.muted;
      ctx.textAlign = 'left';
      ctx.fillText(fit(ctx, r.text, inner), left, mid);
    } else {
      swatch(ctx, r.entry, left, mid);
      const countWidth = r.count === '' ? 0 : ctx.measureText(r.count).width + GAP;
      ctx.fillStyle = style.text;
      ctx.textAlign = 'left';
      ctx.fillText(fit(ctx, r.entry.label, inner - SWATCH - GAP - countWidth), left + SWATCH + GAP, mid);
      if (r.count !== '') {
        ctx.fillStyle = style.muted;
        ctx.textAlign = 'right';
        ctx.fillText(r.count, right, mid);
      }
    }
    y += LINE;
  }
  ctx.restore();
}

/**
 * The decoration an export paints: the visible layers' legends, top layer first, in the UI's font and
 * language. The font is loaded first: a canvas falls back silently to a font without CJK glyphs.
 */
export function legendDecoration(legends: readonly LayerLegend[], t: Translate, num: (n: number) => string): CaptureDecoration {
  const printed = [...legends].reverse().map((l) => ({ title: layerTitle(l.config, t), entries: l.entries }));
  return async (ctx, ratio) => {
    const root = getComputedStyle(document.documentElement);
    const cssVar = (name: string, fallback: string): string => root.getPropertyValue(name).trim() || fallback;
    const fontFamily = cssVar('--font-ui', 'sans-serif');
    const sample = printed.map((l) => l.title + l.entries.map((e) => e.label).join('')).join('');
    await Promise.all([document.fonts.load(`12px ${fontFamily}`, sample), document.fonts.load(`600 12px ${fontFamily}`, sample)]);
    const style = { ratio, fontFamily, text: cssVar('--text', 'black'), muted: cssVar('--muted', 'gray'), line: cssVar('--line', 'silver'), num };
    drawLegend(ctx, printed, style, (n) => t('legend.more', { n: num(n) }));
  };
}
