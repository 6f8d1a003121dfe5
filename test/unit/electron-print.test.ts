import { describe, expect, it } from 'vitest';
import { dialogOptions, parsePrintRequest, pdfOptions } from '../../electron/print-options.js';
import { pageGeometry, paperMm } from '../../native/contract/print-layout.js';
import { samplePrintPage } from '../support/print-page.js';

const a3 = samplePrintPage('排名', 420, 297);

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
    // The shell writes the PDF itself: never over a project, its journal or anything not named .pdf.
    for (const path of ['/tmp/demo.ketu', '/tmp/demo.ketu-wal', '/tmp/a.pdf.bak']) expect(() => parsePrintRequest([a3], { kind: 'pdf', path })).toThrow(/\.pdf/);
    expect(parsePrintRequest([a3], { kind: 'pdf', path: '/tmp/出图.PDF' }).target).toEqual({ kind: 'pdf', path: '/tmp/出图.PDF' });
  });

  it('prints a 16:9 slide and an A4 portrait page at their own sizes', () => {
    const slide = pdfOptions(samplePrintPage('地图1', paperMm({ paper: 'slide', landscape: true }).width, paperMm({ paper: 'slide', landscape: true }).height));
    // 338.67 × 190.5 mm: PowerPoint's 13.333 × 7.5 in widescreen slide.
    expect(slide.pageSize.width).toBeCloseTo(13.333, 3);
    expect(slide.pageSize.height).toBeCloseTo(7.5, 3);
    const a4 = paperMm({ paper: 'A4', landscape: false });
    expect(dialogOptions(samplePrintPage('排名', a4.width, a4.height)).pageSize).toEqual({ width: 210_000, height: 297_000 });
  });
});
