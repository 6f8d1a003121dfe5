import type { WebContentsPrintOptions } from 'electron';
import { printTargetSchema } from '../native/contract/bridge.js';
import type { PrintTarget } from '../native/contract/bridge.js';
import { printPageSchema } from '../native/contract/print-layout.js';
import type { PrintPage } from '../native/contract/print-layout.js';

// Pure (types only from electron): unit-tested without the Electron binary, as app-menu.ts is.

/** printToPDF's options for pages of this size: the paper in inches, no margins, backgrounds printed. */
export function pdfOptions(page: Pick<PrintPage, 'widthMm' | 'heightMm'>): { pageSize: { width: number; height: number }; margins: { top: 0; bottom: 0; left: 0; right: 0 }; printBackground: true; preferCSSPageSize: true } {
  return { pageSize: { width: page.widthMm / 25.4, height: page.heightMm / 25.4 }, margins: { top: 0, bottom: 0, left: 0, right: 0 }, printBackground: true, preferCSSPageSize: true };
}

/** The system print dialog's options: the paper in microns (what webContents.print takes), no margins. */
export function dialogOptions(page: Pick<PrintPage, 'widthMm' | 'heightMm'>): WebContentsPrintOptions {
  return { silent: false, printBackground: true, margins: { marginType: 'none' }, pageSize: { width: Math.round(page.widthMm * 1000), height: Math.round(page.heightMm * 1000) } };
}

/**
 * What the sandboxed page sent, checked before a window is opened for it. A PDF goes only to a `.pdf` name: the
 * shell writes it itself, without the engine's output checks, so it can never replace a project or its journal.
 */
export function parsePrintRequest(pages: unknown, target: unknown): { pages: PrintPage[]; target: PrintTarget } {
  const p = printPageSchema.array().min(1).parse(pages);
  const t = printTargetSchema.parse(target);
  if (t.kind === 'pdf' && !/\.pdf$/i.test(t.path)) throw new Error(`a PDF is written only to a .pdf file, not ${t.path}`);
  return { pages: p, target: t };
}
