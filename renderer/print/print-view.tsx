// Static Noto Sans SC faces: Chromium embeds them in a PDF as CID TrueType subsets, the variable face as Type 3.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import { useEffect, useRef, useState } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import { frameCorners, mercatorY, overviewMm, pageGeometry } from '../../native/contract/print-layout.js';
import type { MmRect, PlaceableElement, PrintChart, PrintLegend, PrintPage, PrintTable } from '../../native/contract/print-layout.js';

declare global {
  interface Window {
    /** `?view=print`: lays out one page and resolves once its fonts and map picture are drawn. */
    __ketuPrint?: (page: PrintPage) => Promise<void>;
    /** Electron's printing (electron/print-pages.ts): every page, one per sheet, resolved once all are drawn. */
    __ketuPrintAll?: (pages: PrintPage[]) => Promise<void>;
  }
}

const FONT = "'Noto Sans SC', sans-serif";
const numberFormat = new Intl.NumberFormat('zh-CN');

function box(r: MmRect): CSSProperties {
  return { position: 'absolute', left: `${r.x}mm`, top: `${r.y}mm`, width: `${r.w}mm`, height: `${r.h}mm` };
}

function Swatch({ shape, color, size }: { shape: string; color: string; size: number }): ReactNode {
  const s = `${size}mm`;
  const c = size / 2;
  return (
    <svg width={s} height={s} viewBox={`0 0 ${size} ${size}`} style={{ flex: 'none' }}>
      {shape === 'square' ? <rect x={0} y={0} width={size} height={size} fill={color} /> : null}
      {shape === 'line' ? <line x1={0} y1={c} x2={size} y2={c} stroke={color} strokeWidth={size / 5} /> : null}
      {shape === 'ring' ? <circle cx={c} cy={c} r={c * 0.8} fill="none" stroke={color} strokeWidth={size / 8} /> : null}
      {shape === 'dot' || shape === 'text' ? <circle cx={c} cy={c} r={c * 0.75} fill={color} /> : null}
    </svg>
  );
}

function Legend({ legends, textMm }: { legends: readonly PrintLegend[]; textMm: number }): ReactNode {
  return (
    <div data-testid="print-legend" style={{ background: 'rgba(255,255,255,0.92)', border: '0.25mm solid #888', padding: `${textMm * 0.6}mm ${textMm * 0.8}mm`, fontSize: `${textMm}mm`, lineHeight: 1.35, maxWidth: `${textMm * 22}mm` }}>
      {legends.map((l) => (
        <div key={l.title} style={{ marginBottom: `${textMm * 0.3}mm` }}>
          <div style={{ fontWeight: 700 }}>{l.title}</div>
          {l.entries.map((e) => (
            <div key={`${e.label}-${e.color}`} style={{ display: 'flex', alignItems: 'center', gap: `${textMm * 0.5}mm` }}>
              <Swatch shape={e.shape} color={e.color} size={textMm * 0.9} />
              <span style={{ flex: 1 }}>{e.label}</span>
              {e.count === null ? null : <span style={{ fontVariantNumeric: 'tabular-nums', marginLeft: `${textMm}mm` }}>{numberFormat.format(e.count)}</span>}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

function NorthArrow({ sizeMm }: { sizeMm: number }): ReactNode {
  return (
    <svg data-testid="print-north" width={`${sizeMm}mm`} height={`${sizeMm * 1.4}mm`} viewBox="0 0 10 14">
      <polygon points="5,0 9,11 5,8.5 1,11" fill="#222" />
      <polygon points="5,0 5,8.5 1,11" fill="#fff" stroke="#222" strokeWidth="0.4" />
      <text x="5" y="14" fontSize="3.4" textAnchor="middle" fontFamily={FONT} fontWeight={700}>
        N
      </text>
    </svg>
  );
}

function ScaleBar({ widthMm, label, textMm }: { widthMm: number; label: string; textMm: number }): ReactNode {
  const h = textMm * 0.6;
  return (
    <div data-testid="print-scale" style={{ background: 'rgba(255,255,255,0.9)', padding: `${textMm * 0.4}mm ${textMm * 0.6}mm`, fontSize: `${textMm * 0.9}mm` }}>
      <svg width={`${widthMm}mm`} height={`${h}mm`} viewBox={`0 0 ${widthMm} ${h}`} style={{ display: 'block' }}>
        <rect x={0} y={0} width={widthMm / 2} height={h} fill="#222" />
        <rect x={widthMm / 2} y={0} width={widthMm / 2} height={h} fill="#fff" stroke="#222" strokeWidth={0.25} />
        <rect x={0} y={0} width={widthMm} height={h} fill="none" stroke="#222" strokeWidth={0.25} />
      </svg>
      <div style={{ display: 'flex', justifyContent: 'space-between' }}>
        <span>0</span>
        <span>{label}</span>
      </div>
    </div>
  );
}

/** A horizontal bar chart in plain SVG: label, bar, count and share. */
function BarChart({ chart, widthMm, textMm }: { chart: PrintChart; widthMm: number; textMm: number }): ReactNode {
  const row = textMm * 1.55;
  const labelW = widthMm * 0.34;
  const valueW = widthMm * 0.24;
  const barW = widthMm - labelW - valueW;
  const max = Math.max(1, ...chart.rows.map((r) => r.count));
  const h = row * chart.rows.length;
  return (
    <div style={{ marginBottom: `${textMm}mm` }}>
      <div style={{ fontWeight: 700, fontSize: `${textMm * 1.1}mm`, marginBottom: `${textMm * 0.3}mm` }}>{chart.title}</div>
      <svg data-testid="print-chart" width={`${widthMm}mm`} height={`${h}mm`} viewBox={`0 0 ${widthMm} ${h}`} fontFamily={FONT} fontSize={textMm}>
        {chart.rows.map((r, i) => (
          <g key={r.label} transform={`translate(0 ${i * row})`}>
            <text x={labelW - textMm * 0.4} y={row * 0.7} textAnchor="end">
              {r.label.length > 12 ? `${r.label.slice(0, 11)}…` : r.label}
            </text>
            <rect x={labelW} y={row * 0.18} width={Math.max(0.3, (barW * r.count) / max)} height={row * 0.64} fill="#4c78a8" />
            <text x={labelW + (barW * r.count) / max + textMm * 0.4} y={row * 0.7}>
              {`${numberFormat.format(r.count)} ${chart.unit} · ${(r.share * 100).toFixed(1)}%`}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

function Table({ table, textMm }: { table: PrintTable; textMm: number }): ReactNode {
  const cell: CSSProperties = { border: '0.2mm solid #bbb', padding: `${textMm * 0.15}mm ${textMm * 0.3}mm`, textAlign: 'left', whiteSpace: 'nowrap', overflow: 'hidden', maxWidth: `${textMm * 12}mm` };
  return (
    <div style={{ marginBottom: `${textMm}mm` }}>
      <div style={{ fontWeight: 700, fontSize: `${textMm * 1.1}mm`, marginBottom: `${textMm * 0.3}mm` }}>{table.title}</div>
      <table data-testid="print-table" style={{ borderCollapse: 'collapse', fontSize: `${textMm * 0.85}mm` }}>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} style={{ ...cell, fontWeight: 700 }}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) => (
                <td key={j} style={cell}>
                  {v}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Headed paragraphs (the revision summary): a heading, then one line per finding. */
function Sections({ sections, textMm }: { sections: PrintPage['sections']; textMm: number }): ReactNode {
  return (
    <div data-testid="print-sections" style={{ width: '100%', fontSize: `${textMm}mm`, lineHeight: 1.55 }}>
      {sections.map((s) => (
        <section key={s.heading} style={{ marginBottom: `${textMm * 0.9}mm` }}>
          <div style={{ fontWeight: 700, fontSize: `${textMm * 1.15}mm`, borderBottom: '0.3mm solid #333', marginBottom: `${textMm * 0.3}mm` }}>{s.heading}</div>
          {s.lines.map((line) => (
            <div key={line} style={{ paddingLeft: `${textMm}mm`, textIndent: `-${textMm * 0.8}mm` }}>
              {`• ${line}`}
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}

/** The overview inset: the city's picture with the frame's extent as a red box (Web Mercator, as the picture is drawn). */
function OverviewInset({ overview, sizeMm, onImage }: { overview: NonNullable<NonNullable<PrintPage['map']>['overview']>; sizeMm: { w: number; h: number }; onImage?: () => void }): ReactNode {
  const [w, s, e, n] = overview.bounds;
  const x = (lng: number): number => ((lng - w) / (e - w)) * sizeMm.w;
  const y = (lat: number): number => ((mercatorY(n) - mercatorY(lat)) / (mercatorY(n) - mercatorY(s))) * sizeMm.h;
  const [fw, fs, fe, fn] = overview.frame;
  // A frame too small to see on the inset is marked by a box of at least 1.5 mm.
  const bw = Math.max(1.5, x(fe) - x(fw));
  const bh = Math.max(1.5, y(fs) - y(fn));
  const cx = (x(fw) + x(fe)) / 2;
  const cy = (y(fn) + y(fs)) / 2;
  return (
    <div data-testid="print-overview" style={{ position: 'relative', width: `${sizeMm.w}mm`, height: `${sizeMm.h}mm`, border: '0.3mm solid #333', background: '#fff', boxSizing: 'content-box' }}>
      <img src={overview.image} alt="" onLoad={onImage} style={{ position: 'absolute', left: 0, top: 0, width: '100%', height: '100%' }} />
      <svg width={`${sizeMm.w}mm`} height={`${sizeMm.h}mm`} viewBox={`0 0 ${sizeMm.w} ${sizeMm.h}`} style={{ position: 'absolute', left: 0, top: 0 }}>
        <rect x={cx - bw / 2} y={cy - bh / 2} width={bw} height={bh} fill="rgba(225,87,89,0.12)" stroke="#d62728" strokeWidth={0.5} />
      </svg>
    </div>
  );
}

const corner: Record<PrintPage['legendPosition'], CSSProperties> = {
  'top-left': { top: '3mm', left: '3mm' },
  'top-right': { top: '3mm', right: '3mm' },
  'bottom-left': { bottom: '3mm', left: '3mm' },
  'bottom-right': { bottom: '3mm', right: '3mm' },
};

/** A dragged element at its place in the frame, else at its corner; `data-place` names it for the preview's drag. */
function placed(page: PrintPage, element: PlaceableElement, atCorner: CSSProperties): CSSProperties {
  const at = page.placements[element];
  return at === undefined ? { position: 'absolute', ...atCorner } : { position: 'absolute', left: `${at.x * 100}%`, top: `${at.y * 100}%` };
}

/** One print page in CSS millimetres; the map picture is placed at its own pixels (the page's dpi). */
export function PrintPageView({ page, onImage, onOverview }: { page: PrintPage; onImage?: () => void; onOverview?: () => void }): ReactNode {
  const g = pageGeometry(page);
  const el = page.elements;
  // The north arrow takes the top corner the legend leaves free, the scale bar a bottom one, the inset the last.
  const corners = frameCorners(page.legendPosition);
  const at = (c: string): CSSProperties => corner[c as PrintPage['legendPosition']];
  const overview = el.overview ? page.map?.overview : undefined;
  // The rankings page sets its charts side by side on landscape paper, one under another on portrait.
  const columns = page.template === '排名' && page.widthMm > page.heightMm ? Math.max(1, page.charts.length) : 1;
  const columnGap = 8 * g.scale;
  const chartW = ((g.side?.w ?? 0) - columnGap * (columns - 1)) / columns;
  return (
    <div className="print-page" data-testid="print-page" style={{ position: 'relative', width: `${page.widthMm}mm`, height: `${page.heightMm}mm`, overflow: 'hidden', background: '#fff', color: '#111', fontFamily: FONT }}>
      <div style={box(g.header)}>
        {el.title ? <div style={{ fontSize: `${g.titleMm}mm`, fontWeight: 700, lineHeight: 1.3 }}>{page.title}</div> : null}
        {el.subtitle ? <div style={{ fontSize: `${g.textMm}mm`, color: '#444', lineHeight: 1.5 }}>{page.subtitle}</div> : null}
        {el.date ? <div style={{ position: 'absolute', right: 0, top: 0, fontSize: `${g.textMm}mm`, color: '#444' }}>{page.date}</div> : null}
      </div>
      {g.frame !== null && page.map !== null ? (
        <div data-testid="print-frame" style={{ ...box(g.frame), border: '0.3mm solid #333', boxSizing: 'border-box', overflow: 'hidden' }}>
          <img src={page.map.image} alt="" onLoad={onImage} style={{ position: 'absolute', left: 0, top: 0, width: '100%', height: '100%' }} />
          {el.legend && page.map.legends.length > 0 ? (
            <div data-place="legend" style={placed(page, 'legend', at(corners.legend))}>
              <Legend legends={page.map.legends} textMm={g.textMm * 0.9} />
            </div>
          ) : null}
          {el.northArrow ? (
            <div data-place="northArrow" style={placed(page, 'northArrow', at(corners.northArrow))}>
              <NorthArrow sizeMm={g.textMm * 2.4} />
            </div>
          ) : null}
          {el.scaleBar ? (
            <div data-place="scaleBar" style={placed(page, 'scaleBar', at(corners.scaleBar))}>
              <ScaleBar widthMm={page.map.scale.widthMm} label={page.map.scale.label} textMm={g.textMm} />
            </div>
          ) : null}
          {overview !== undefined && g.frame !== null ? (
            <div data-place="overview" style={placed(page, 'overview', at(corners.overview))}>
              <OverviewInset overview={overview} sizeMm={overviewMm(g.frame)} onImage={onOverview} />
            </div>
          ) : null}
        </div>
      ) : null}
      {g.side !== null ? (
        <div style={{ ...box(g.side), overflow: 'hidden', fontSize: `${g.textMm}mm`, display: 'flex', flexWrap: 'wrap', alignContent: 'flex-start', columnGap: `${columnGap}mm` }}>
          {page.charts.map((c) => (
            <BarChart key={c.title} chart={c} widthMm={chartW} textMm={g.textMm * (page.template === '排名' ? 1.3 : 0.9)} />
          ))}
          {page.tables.map((tb) => (
            <Table key={tb.title} table={tb} textMm={g.textMm * (page.template === '修订' ? 1.2 : 1)} />
          ))}
          {page.sections.length === 0 ? null : <Sections sections={page.sections} textMm={g.textMm * 1.25} />}
        </div>
      ) : null}
      <div style={{ ...box(g.footer), display: 'flex', alignItems: 'flex-end', justifyContent: 'space-between', fontSize: `${g.textMm * 0.85}mm`, color: '#444' }}>
        <span>{el.sourceNote ? page.sourceNote : ''}</span>
        <span>{el.compiler ? page.compiler : ''}</span>
        <span>{el.pageNumber ? `第 ${page.pageNumber} 页 / 共 ${page.pageCount} 页` : ''}</span>
      </div>
    </div>
  );
}

/**
 * `?view=print`: the page the CLI prints to PDF, screenshots to PNG and reads back for the PPTX. It has no
 * engine connection: the engine hands it the whole page (window.__ketuPrint), map picture included.
 */
export function PrintView(): ReactNode {
  const [page, setPage] = useState<PrintPage | null>(null);
  const [all, setAll] = useState<PrintPage[] | null>(null);
  const done = useRef<(() => void) | null>(null);
  const imageDone = useRef<(() => void) | null>(null);
  const overviewDone = useRef<(() => void) | null>(null);
  useEffect(() => {
    window.__ketuPrint = async (next) => {
      const image = next.map === null ? Promise.resolve() : new Promise<void>((resolve) => (imageDone.current = resolve));
      const inset = next.map?.overview === undefined || !next.elements.overview ? Promise.resolve() : new Promise<void>((resolve) => (overviewDone.current = resolve));
      await new Promise<void>((resolve) => {
        done.current = resolve;
        setPage(next);
      });
      await Promise.all([image, inset]);
      // Fonts start loading once the text is laid out: let two frames pass, then wait for them.
      for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      await document.fonts.ready;
    };
    window.__ketuPrintAll = async (pages) => {
      setAll(pages);
      // Two frames for React to lay them out, then every picture decoded and the fonts loaded.
      for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      await Promise.all([...document.images].map((img) => img.decode().catch(() => undefined)));
      await document.fonts.ready;
    };
    return () => {
      delete window.__ketuPrint;
      delete window.__ketuPrintAll;
    };
  }, []);
  useEffect(() => {
    done.current?.();
    done.current = null;
  }, [page]);
  if (all !== null) {
    const first = all[0];
    return (
      <>
        {first === undefined ? null : <style>{`@page { size: ${first.widthMm}mm ${first.heightMm}mm; margin: 0 }`}</style>}
        {all.map((p) => (
          <div key={p.pageNumber} style={{ breakAfter: 'page' }}>
            <PrintPageView page={p} />
          </div>
        ))}
      </>
    );
  }
  return page === null ? null : <PrintPageView key={`${page.template}-${page.pageNumber}`} page={page} onImage={() => imageDone.current?.()} onOverview={() => overviewDone.current?.()} />;
}
