import { useEffect, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent, ReactNode } from 'react';
import { mmToCssPx } from '../../../native/contract/print-layout.js';
import { placeableElements } from '../../../native/contract/index.js';
import type { PlaceableElement, PrintLayout, PrintPage, PrintPaper, PrintPlacement } from '../../../native/contract/index.js';
import { useEngine } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import { PrintPageView } from '../../print/print-view.js';
import { ErrorBox } from '../../ui/modal.js';

/** The map picture of a preview: the frame's own CSS pixels (the export draws the same view at dpi/96 per pixel). */
const PREVIEW_DPI = 96;
/** Edits closer together than this (typing a title) ask the engine once. */
const SETTLE_MS = 300;

export interface PrintPreviewProps {
  layout: PrintLayout;
  paper: PrintPaper;
  landscape: boolean;
  /** An element was dropped at a new place in the map frame (fractions of the frame). */
  onPlace?(element: PlaceableElement, at: PrintPlacement): void;
}

interface Drag {
  element: PlaceableElement;
  /** Pointer offset from the element's top-left corner, screen px. */
  dx: number;
  dy: number;
  at: PrintPlacement;
}

const clamp = (v: number, max: number): number => Math.min(Math.max(0, max), Math.max(0, v));
const isPlaceable = (v: string | undefined): v is PlaceableElement => placeableElements.some((e) => e === v);

/**
 * The page the export writes, laid out by the same component (print-view.tsx) from the same engine page
 * (print.preview), scaled to the dialog. Switches and the legend's place apply at once; texts, paper and
 * orientation come back from the engine (its map picture is kept while the frame's size stays).
 */
export function PrintPreview({ layout, paper, landscape, onPlace }: PrintPreviewProps): ReactNode {
  const { client } = useEngine();
  const { t, lang } = useI18n();
  const [page, setPage] = useState<PrintPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [width, setWidth] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const asked = useRef(0);
  const [drag, setDrag] = useState<Drag | null>(null);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const id = ++asked.current;
    setLoading(true);
    const timer = setTimeout(() => {
      client
        .call('print.preview', { templates: [layout.template], layout, overrides: { paper, landscape }, dpi: PREVIEW_DPI, maxPages: 1 })
        .then(
          (r) => {
            if (id !== asked.current) return;
            setPage(r.pages[0] ?? null);
            setError(null);
          },
          (e: unknown) => {
            if (id === asked.current) setError(errorMessage(e, lang));
          },
        )
        .finally(() => {
          if (id === asked.current) setLoading(false);
        });
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [client, layout, paper, landscape, lang]);

  // What the layout decides without the engine shows at once; the engine's answer brings the rest.
  const placements = drag === null ? layout.placements : { ...layout.placements, [drag.element]: drag.at };
  const shown: PrintPage | null = page === null ? null : { ...page, elements: layout.elements, legendPosition: layout.legendPosition, placements };

  /** The element's place for the pointer at (x, y), kept wholly inside the frame. */
  const placeAt = (target: HTMLElement, x: number, y: number, dx: number, dy: number): PrintPlacement | null => {
    const frame = box.current?.querySelector('[data-testid="print-frame"]')?.getBoundingClientRect();
    if (frame === undefined || frame.width === 0 || frame.height === 0) return null;
    const el = target.getBoundingClientRect();
    const r = (v: number): number => Math.round(v * 10_000) / 10_000;
    return { x: r(clamp((x - dx - frame.left) / frame.width, 1 - el.width / frame.width)), y: r(clamp((y - dy - frame.top) / frame.height, 1 - el.height / frame.height)) };
  };
  const dragged = useRef<HTMLElement | null>(null);
  const down = (e: ReactPointerEvent<HTMLDivElement>): void => {
    if (onPlace === undefined || e.button !== 0) return;
    const target = (e.target as HTMLElement).closest<HTMLElement>('[data-place]');
    const element = target?.dataset.place;
    if (target === null || !isPlaceable(element)) return;
    const r = target.getBoundingClientRect();
    const dx = e.clientX - r.left;
    const dy = e.clientY - r.top;
    const at = placeAt(target, e.clientX, e.clientY, dx, dy);
    if (at === null) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    dragged.current = target;
    setDrag({ element, dx, dy, at });
  };
  const move = (e: ReactPointerEvent<HTMLDivElement>): void => {
    const target = dragged.current;
    if (drag === null || target === null) return;
    const at = placeAt(target, e.clientX, e.clientY, drag.dx, drag.dy);
    if (at !== null) setDrag({ ...drag, at });
  };
  const up = (): void => {
    if (drag !== null) onPlace?.(drag.element, drag.at);
    dragged.current = null;
    setDrag(null);
  };
  const pagePx = shown === null ? 0 : mmToCssPx(shown.widthMm);
  const scale = pagePx === 0 ? 0 : width / pagePx;
  return (
    <div className="print-preview-wrap">
      <div className="small muted" data-testid="print-preview-state" data-state={loading ? 'loading' : error !== null ? 'error' : 'ready'}>
        {loading ? t('print.previewLoading') : t('print.preview')}
      </div>
      <div ref={box} className="print-preview" data-testid="print-preview" style={{ height: shown === null ? 120 : mmToCssPx(shown.heightMm) * scale }} onPointerDown={down} onPointerMove={move} onPointerUp={up} onPointerCancel={up}>
        {shown === null || scale === 0 ? null : (
          <div style={{ position: 'absolute', left: 0, top: 0, transform: `scale(${scale})`, transformOrigin: '0 0' }}>
            <PrintPageView page={shown} />
          </div>
        )}
      </div>
      <ErrorBox message={error} />
    </div>
  );
}
