import type { KetuBridge } from '../../../native/contract/bridge.js';
import type { Params, PrintPage } from '../../../native/contract/index.js';
import type { EngineClient } from '../../engine/engine-client.js';

/** What the print part of the export dialog asks for: pages of templates, with the draft layout and paper. */
export type PrintRequest = Pick<Params<'print.export'>, 'templates' | 'layout' | 'overrides'>;

/** How pages reached paper or a file: Electron's print view (printToPDF or the system dialog), or the engine's headless Chromium. */
export type PrintRoute = 'electron-pdf' | 'electron-dialog' | 'engine-pdf';

export interface Printed {
  route: PrintRoute;
  pages: number;
  /** The PDF written; null when the pages went to the system print dialog. */
  path: string | null;
}

/** The pages as the print view lays them out, at the layout's dpi (print.preview without a dpi), with progress and cancel under `taskId`. */
async function pagesOf(client: EngineClient, req: PrintRequest & { taskId?: string }): Promise<PrintPage[]> {
  return (await client.call('print.preview', { templates: req.templates, layout: req.layout, overrides: req.overrides, taskId: req.taskId })).pages;
}

/**
 * 导出 PDF: in Electron the shell's own Chromium prints the print view with printToPDF (the bridge's
 * printPages; the desktop has no other Chromium); in the browser host the engine writes it, with progress
 * by page under `taskId`.
 */
export async function exportPdf(client: EngineClient, bridge: KetuBridge | null, req: PrintRequest & { out: string; taskId?: string }): Promise<Printed> {
  const printer = bridge?.printPages;
  if (printer === undefined) {
    const r = await client.call('print.export', { format: 'pdf', templates: req.templates, out: req.out, layout: req.layout, overrides: req.overrides, taskId: req.taskId });
    return { route: 'engine-pdf', pages: r.pages, path: r.path };
  }
  const pages = await pagesOf(client, req);
  await printer(pages, { kind: 'pdf', path: req.out });
  return { route: 'electron-pdf', pages: pages.length, path: req.out };
}

/** 打印…: the system print dialog in Electron; the browser host has none, so the same button writes the PDF to `out`. */
export async function printOnPaper(client: EngineClient, bridge: KetuBridge | null, req: PrintRequest & { out: string; taskId?: string }): Promise<Printed> {
  const printer = bridge?.printPages;
  if (printer === undefined) return exportPdf(client, null, req);
  const pages = await pagesOf(client, req);
  await printer(pages, { kind: 'dialog' });
  return { route: 'electron-dialog', pages: pages.length, path: null };
}
