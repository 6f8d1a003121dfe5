import { defaultPrintLayout } from '../../native/contract/print-layout.js';
import type { PrintPage, PrintTemplate } from '../../native/contract/print-layout.js';

/** A laid-out page as print.preview returns it, without a map: what the renderer hands the Electron shell. */
export function samplePrintPage(template: PrintTemplate, widthMm: number, heightMm: number, pageNumber = 1, pageCount = 1): PrintPage {
  return {
    template,
    widthMm,
    heightMm,
    dpi: 300,
    elements: defaultPrintLayout(template).elements,
    legendPosition: 'top-right',
    placements: {},
    title: template,
    subtitle: '',
    date: '',
    sourceNote: '',
    compiler: '',
    pageNumber,
    pageCount,
    map: null,
    charts: [],
    tables: [],
    part: null,
    sections: [],
  };
}
