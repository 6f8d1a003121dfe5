import type { Handlers } from '../contract/handler-types.js';
import { PRINT_LAYOUT_VERSION } from '../contract/print-layout.js';
import type { ProjectSession } from '../store/project-session.js';
import { packPages, printLayouts, templatePages } from './page-jobs.js';
import { exportPrint, printPack } from './print-documents.js';
import { previewPages } from './print-preview.js';
import type { PrintEnv } from './print-documents.js';

type PrintMethods = 'print.layouts.list' | 'print.layouts.save' | 'print.export' | 'print.pack' | 'print.preview';

/**
 * Print layouts, and the pages drawn from them by headless Chromium. `env.serve` starts a served workbench
 * for it: the host owns HTTP, this domain only asks for one.
 */
export function createPrintHandlers(session: ProjectSession, env: PrintEnv): Pick<Handlers, PrintMethods> {
  return {
    'print.layouts.list': () => printLayouts(session.current()),
    'print.layouts.save': (p) => {
      session.current().printLayouts.write(p.layout.id, { version: PRINT_LAYOUT_VERSION, layout: p.layout });
      return p.layout;
    },
    'print.export': (p, ctx) => {
      const store = session.current();
      return exportPrint(store, env, templatePages(store, p.templates, p.areas), p.format, p.out, p.overrides ?? {}, p.overwrite ?? true, ctx, p.layout);
    },
    'print.preview': async (p, ctx) => {
      const store = session.current();
      const requests = templatePages(store, p.templates).slice(0, p.maxPages);
      return { pages: await previewPages(store, env, requests, p.overrides ?? {}, p.layout, p.dpi, ctx) };
    },
    'print.pack': (p, ctx) => {
      const store = session.current();
      const areas = p.areas === true;
      return printPack(store, env, packPages(store, { products: p.products === true, bands: p.bands === true, areas, revision: p.revision === true }), p.out, p.overrides ?? {}, p.unmasked === true, areas, ctx, p.layout);
    },
  };
}
