import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { mmToCssPx } from '../../../native/contract/print-layout.js';
import type { PrintLayout, PrintPage, PrintPaper } from '../../../native/contract/index.js';
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
  /** Drawn over the page (drag handles); gets the page shown and the preview's scale (screen px per CSS px of the page). */
  overlay?(page: PrintPage, scale: number): ReactNode;
}

/**
 * The page the export writes, laid out by the same component (print-view.tsx) from the same engine page
 * (print.preview), scaled to the dialog. Switches and the legend's place apply at once; texts, paper and
 * orientation come back from the engine (its map picture is kept while the frame's size stays).
 */
export function PrintPreview({ layout, paper, landscape, overlay }: PrintPreviewProps): ReactNode {
  const { client } = useEngine();
  const { t, lang } = useI18n();
  const [page, setPage] = useState<PrintPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [width, setWidth] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const asked = useRef(0);

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
  const shown: PrintPage | null = page === null ? null : { ...page, elements: layout.elements, legendPosition: layout.legendPosition };
  const pagePx = shown === null ? 0 : mmToCssPx(shown.widthMm);
  const scale = pagePx === 0 ? 0 : width / pagePx;
  return (
    <div className="print-preview-wrap">
      <div className="small muted" data-testid="print-preview-state" data-state={loading ? 'loading' : error !== null ? 'error' : 'ready'}>
        {loading ? t('print.previewLoading') : t('print.preview')}
      </div>
      <div ref={box} className="print-preview" data-testid="print-preview" style={{ height: shown === null ? 120 : mmToCssPx(shown.heightMm) * scale }}>
        {shown === null || scale === 0 ? null : (
          <div style={{ position: 'absolute', left: 0, top: 0, transform: `scale(${scale})`, transformOrigin: '0 0' }}>
            <PrintPageView page={shown} />
            {overlay?.(shown, scale)}
          </div>
        )}
      </div>
      <ErrorBox message={error} />
    </div>
  );
}
