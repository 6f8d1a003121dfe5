import pptxgen from 'pptxgenjs';
import { frameCorners, mercatorY, overviewMm, pageGeometry } from '../contract/print-layout.js';
import type { MmRect } from '../contract/print-layout.js';
import type { RenderedPage } from './print-browser.js';

// The package's types are CommonJS-shaped while Node loads its ES build, whose default export is the class.
const PptxGenJS = ((pptxgen as unknown as { default?: unknown }).default ?? pptxgen) as typeof pptxgen.default;
type TextProps = pptxgen.default.TextProps;

const inch = (mm: number): number => mm / 25.4;
const pos = (r: MmRect): { x: number; y: number; w: number; h: number } => ({ x: inch(r.x), y: inch(r.y), w: inch(r.w), h: inch(r.h) });
const FONT = 'Noto Sans SC';
/** Type sizes on paper in mm, as points. */
const pt = (mm: number): number => Math.round((mm / 25.4) * 72 * 10) / 10;

/**
 * One slide per page, at the page's own size: the map as a picture, everything else editable — title,
 * subtitle, legend and notes as text boxes, rankings as native bar charts a planner can restyle, an
 * atlas page's list as a table.
 */
export async function pagesToPptx(pages: readonly RenderedPage[]): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  const first = pages[0]?.page;
  pptx.defineLayout({ name: 'KETU', width: inch(first?.widthMm ?? 338.67), height: inch(first?.heightMm ?? 190.5) });
  pptx.layout = 'KETU';
  pptx.author = 'KeTu 客图';
  pptx.title = first?.title ?? 'KeTu';
  for (const { page, mapPng } of pages) {
    const g = pageGeometry(page);
    const slide = pptx.addSlide();
    const el = page.elements;
    const titleH = g.titleMm * 1.5;
    if (el.title) slide.addText(page.title, { ...pos({ ...g.header, h: titleH }), fontFace: FONT, fontSize: pt(g.titleMm), bold: true, margin: 0, valign: 'top' });
    if (el.subtitle) slide.addText(page.subtitle, { ...pos({ ...g.header, y: g.header.y + (el.title ? titleH : 0), h: g.textMm * 1.7 }), fontFace: FONT, fontSize: pt(g.textMm), color: '444444', margin: 0, valign: 'top' });
    if (el.date) slide.addText(page.date, { ...pos({ x: g.header.x + g.header.w * 0.7, y: g.header.y, w: g.header.w * 0.3, h: g.textMm * 1.7 }), fontFace: FONT, fontSize: pt(g.textMm), color: '444444', align: 'right', margin: 0, valign: 'top' });
    if (g.frame !== null && page.map !== null && mapPng !== null) {
      slide.addImage({ data: `image/png;base64,${Buffer.from(mapPng).toString('base64')}`, ...pos(g.frame) });
      if (el.legend && page.map.legends.length > 0) {
        const runs: TextProps[] = [];
        for (const l of page.map.legends) {
          runs.push({ text: l.title, options: { bold: true, breakLine: true } });
          for (const e of l.entries) {
            runs.push({ text: '● ', options: { color: e.color.slice(1) } });
            runs.push({ text: e.count === null ? e.label : `${e.label}  ${e.count.toLocaleString('zh-CN')}`, options: { breakLine: true } });
          }
        }
        const w = Math.min(g.frame.w * 0.3, g.textMm * 20);
        const h = Math.min(g.frame.h - 6, runs.filter((r) => r.options?.breakLine === true).length * g.textMm * 1.35 + 4);
        const at = page.placements.legend;
        const x = at !== undefined ? g.frame.x + at.x * g.frame.w : page.legendPosition.endsWith('right') ? g.frame.x + g.frame.w - w - 3 : g.frame.x + 3;
        const y = at !== undefined ? g.frame.y + at.y * g.frame.h : page.legendPosition.startsWith('top') ? g.frame.y + 3 : g.frame.y + g.frame.h - h - 3;
        slide.addText(runs, { ...pos({ x, y, w, h }), fontFace: FONT, fontSize: pt(g.textMm * 0.85), fill: { color: 'FFFFFF', transparency: 8 }, line: { color: '888888', width: 0.5 }, valign: 'top', margin: 4 });
      }
      if (el.scaleBar) {
        const s = page.map.scale;
        const at = page.placements.scaleBar;
        const y = at !== undefined ? g.frame.y + at.y * g.frame.h : g.frame.y + g.frame.h - 10 * g.scale;
        const x = at !== undefined ? g.frame.x + at.x * g.frame.w : g.frame.x + 4;
        slide.addShape(pptx.ShapeType.rect, { ...pos({ x, y, w: s.widthMm, h: 1.6 * g.scale }), fill: { color: '222222' }, line: { color: '222222', width: 0.5 } });
        slide.addText(`0 — ${s.label}`, { ...pos({ x, y: y + 1.8 * g.scale, w: Math.max(s.widthMm, 30), h: g.textMm * 1.5 }), fontFace: FONT, fontSize: pt(g.textMm * 0.9), margin: 0 });
      }
      if (el.northArrow) {
        const at = page.placements.northArrow;
        const x = at !== undefined ? g.frame.x + at.x * g.frame.w : page.legendPosition === 'top-right' ? g.frame.x + 4 : g.frame.x + g.frame.w - 12 * g.scale;
        slide.addText('▲\nN', { ...pos({ x, y: at !== undefined ? g.frame.y + at.y * g.frame.h : g.frame.y + 3, w: 8 * g.scale, h: 12 * g.scale }), fontFace: FONT, fontSize: pt(g.textMm * 1.2), bold: true, align: 'center', margin: 0 });
      }
    }
    const inset = page.map?.overview;
    if (g.frame !== null && el.overview && inset !== undefined) {
      // The overview inset as a picture with the frame's extent as a red box, where the print view puts it.
      const size = overviewMm(g.frame);
      const at = page.placements.overview;
      const c = frameCorners(page.legendPosition).overview;
      const x = at !== undefined ? g.frame.x + at.x * g.frame.w : c.endsWith('right') ? g.frame.x + g.frame.w - size.w - 3 : g.frame.x + 3;
      const y = at !== undefined ? g.frame.y + at.y * g.frame.h : c.startsWith('top') ? g.frame.y + 3 : g.frame.y + g.frame.h - size.h - 3;
      slide.addImage({ data: inset.image.replace(/^data:/, ''), ...pos({ x, y, ...size }) });
      const [w, s, e, n] = inset.bounds;
      const px = (lng: number): number => x + ((lng - w) / (e - w)) * size.w;
      const py = (lat: number): number => y + ((mercatorY(n) - mercatorY(lat)) / (mercatorY(n) - mercatorY(s))) * size.h;
      const [fw, fs, fe, fn] = inset.frame;
      const bw = Math.max(1.5, px(fe) - px(fw));
      const bh = Math.max(1.5, py(fs) - py(fn));
      slide.addShape(pptx.ShapeType.rect, { ...pos({ x: (px(fw) + px(fe)) / 2 - bw / 2, y: (py(fn) + py(fs)) / 2 - bh / 2, w: bw, h: bh }), fill: { color: 'E15759', transparency: 88 }, line: { color: 'D62728', width: 1 } });
    }
    const side = g.side;
    if (side !== null) {
      const charts = page.charts;
      const tableShare = page.tables.length === 0 ? 0 : charts.length === 0 ? 1 : 0.5;
      const chartH = (side.h * (1 - tableShare)) / Math.max(1, charts.length);
      const across = page.template === '排名' && charts.length > 1;
      charts.forEach((c, i) => {
        const r = across ? { x: side.x + (side.w / charts.length) * i, y: side.y, w: side.w / charts.length - 4, h: side.h } : { x: side.x, y: side.y + chartH * i, w: side.w, h: chartH - 2 };
        slide.addChart(pptx.ChartType.bar, [{ name: c.title, labels: c.rows.map((row) => row.label).reverse(), values: c.rows.map((row) => row.count).reverse() }], {
          ...pos(r),
          barDir: 'bar',
          showTitle: true,
          title: c.title,
          titleFontFace: FONT,
          titleFontSize: pt(g.textMm),
          showValue: true,
          dataLabelFontSize: pt(g.textMm * 0.7),
          catAxisLabelFontFace: FONT,
          catAxisLabelFontSize: pt(g.textMm * 0.7),
          valAxisHidden: true,
          chartColors: ['4C78A8'],
          showLegend: false,
        });
      });
      // Tables one under another, each given room by its rows (an atlas page's list, the revision's tables).
      const tables = page.tables.map((t) => ({ t, rows: t.rows.slice(0, 18) }));
      const lines = tables.reduce((s, { rows }) => s + rows.length + 3.5, 0);
      let y = side.y + side.h * (1 - tableShare);
      for (const { t, rows } of tables) {
        const h = (side.h * tableShare * (rows.length + 3.5)) / Math.max(1, lines);
        slide.addText(t.title, { ...pos({ x: side.x, y, w: side.w, h: g.textMm * 2.2 }), fontFace: FONT, fontSize: pt(g.textMm), bold: true, margin: 0 });
        const cells = [t.columns.map((c) => ({ text: c, options: { bold: true } })), ...rows.map((r) => r.map((v) => ({ text: v })))];
        slide.addTable(cells, { ...pos({ x: side.x, y: y + g.textMm * 2.4, w: side.w, h: Math.max(g.textMm * 2, h - g.textMm * 2.4) }), fontFace: FONT, fontSize: pt(g.textMm * 0.7), border: { type: 'solid', pt: 0.5, color: 'BBBBBB' }, autoPage: false });
        y += h;
      }
      if (page.sections.length > 0) {
        const runs: TextProps[] = page.sections.flatMap((sec): TextProps[] => [
          { text: sec.heading, options: { bold: true, fontSize: pt(g.textMm * 1.2), breakLine: true } },
          ...sec.lines.map((line): TextProps => ({ text: line, options: { bullet: true, breakLine: true } })),
        ]);
        slide.addText(runs, { ...pos(side), fontFace: FONT, fontSize: pt(g.textMm), valign: 'top', margin: 0, paraSpaceAfter: 4 });
      }
    }
    const footer = [el.sourceNote ? page.sourceNote : '', el.compiler ? page.compiler : '', el.pageNumber ? `第 ${page.pageNumber} 页 / 共 ${page.pageCount} 页` : ''];
    footer.forEach((text, i) => {
      if (text === '') return;
      slide.addText(text, { ...pos({ x: g.footer.x + (g.footer.w / 3) * i, y: g.footer.y, w: g.footer.w / 3, h: g.footer.h }), fontFace: FONT, fontSize: pt(g.textMm * 0.85), color: '444444', align: i === 0 ? 'left' : i === 1 ? 'center' : 'right', margin: 0, valign: 'bottom' });
    });
    slide.addNotes(`${page.title}\n${page.subtitle}\n${page.sourceNote}`);
  }
  const out = await pptx.write({ outputType: 'nodebuffer' });
  return out instanceof Uint8Array ? out : new Uint8Array(out as ArrayBuffer);
}
