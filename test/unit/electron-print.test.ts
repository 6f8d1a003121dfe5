import { describe, expect, it } from 'vitest';
import { dialogOptions, parsePrintRequest, pdfOptions } from '../../electron/print-options.js';
import { defaultPrintLayout, pageGeometry } from '../../native/contract/print-layout.js';
import type { PrintPage } from '../../native/contract/print-layout.js';

const a3: PrintPage = {
  template: '排名',
  widthMm: 420,
  heightMm: 297,
  dpi: 300,
  elements: defaultPrintLayout('排名').elements,
  legendPosition: 'top-right',
  placements: {},
  title: '排名',
  subtitle: '',
  date: '',
  sourceNote: '',
  compiler: '',
  pageNumber: 1,
  pageCount: 1,
  map: null,
  charts: [],
  tables: [],
  part: null,
  sections: [],
};

/* What the Electron shell hands to printToPDF and the system print dialog for the pages the renderer sends. */
describe('Electron printing options', () => {
  it('prints an A3 landscape page on A3 landscape paper without margins', () => {
    expect(pageGeometry(a3).frame).toBeNull();
    const pdf = pdfOptions(a3);
    // printToPDF takes inches: 420 × 297 mm = 16.54 × 11.69 in.
    expect(pdf.pageSize.width).toBeCloseTo(16.535, 3);
    expect(pdf.pageSize.height).toBeCloseTo(11.693, 3);
    expect(pdf).toMatchObject({ printBackground: true, margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    // webContents.print takes microns.
    expect(dialogOptions(a3)).toMatchObject({ silent: false, printBackground: true, margins: { marginType: 'none' }, pageSize: { width: 420_000, height: 297_000 } });
  });

  it('refuses what a page could send that is not pages and a target', () => {
    expect(parsePrintRequest([a3], { kind: 'pdf', path: '/tmp/a.pdf' }).target).toEqual({ kind: 'pdf', path: '/tmp/a.pdf' });
    expect(() => parsePrintRequest([], { kind: 'dialog' })).toThrow();
    expect(() => parsePrintRequest([{ ...a3, widthMm: 'wide' }], { kind: 'dialog' })).toThrow();
    expect(() => parsePrintRequest([a3], { kind: 'shell', command: 'rm' })).toThrow();
  });
});
