import { describe, expect, it } from 'vitest';
import { parsePrintRequest, pdfOptions } from '../../electron/print-options.js';
import type { KetuBridge, PrintTarget } from '../../native/contract/bridge.js';
import type { PrintPage } from '../../native/contract/print-layout.js';
import { bridgeTransport, EngineClient } from '../../renderer/engine/engine-client.js';
import type { Transport } from '../../renderer/engine/engine-client.js';
import { exportPdf, printOnPaper } from '../../renderer/features/export/print-route.js';
import { samplePrintPage } from '../support/print-page.js';

const pages = [samplePrintPage('地图1', 420, 297, 1, 2), samplePrintPage('排名', 420, 297, 2, 2)];

/** An engine answering print.preview with two A3 pages and print.export with a written PDF; it records what it was sent. */
function engine(): { request: Transport['request']; sent: Array<{ method: string; params: unknown }> } {
  const sent: Array<{ method: string; params: unknown }> = [];
  return {
    sent,
    request: (method, params) => {
      sent.push({ method, params });
      if (method === 'print.preview') return Promise.resolve({ ok: true, result: { pages } });
      if (method === 'print.export') return Promise.resolve({ ok: true, result: { path: (params as { out: string }).out, pages: 2, bytes: 1000, frames: [] } });
      return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: `unexpected ${method}` } });
    },
  };
}

/** Electron's preload bridge as the renderer sees it (connect.ts), its printPages recording what the shell got. */
function electronBridge(request: Transport['request']): { bridge: KetuBridge; printed: Array<{ pages: PrintPage[]; target: PrintTarget }> } {
  const printed: Array<{ pages: PrintPage[]; target: PrintTarget }> = [];
  const bridge: KetuBridge = {
    request,
    onEvent: () => () => undefined,
    pickOpenPath: () => Promise.resolve(null),
    pickSavePath: () => Promise.resolve(null),
    printPages: (p, target) => {
      printed.push({ pages: p, target });
      return Promise.resolve();
    },
  };
  return { bridge, printed };
}

const req = { templates: ['地图1' as const, '排名' as const], out: '/tmp/云栖-出图.pdf', overrides: { paper: 'A3' as const, landscape: true, dpi: 300 as const }, taskId: 't1' };

/* The export dialog's PDF and 打印… buttons: which way the pages go in Electron (bridge) and in the browser host (none). */
describe('where printed pages go', () => {
  it('in Electron, 导出 PDF lays the pages out in the shell and prints them with printToPDF at their paper size', async () => {
    const e = engine();
    const { bridge, printed } = electronBridge(e.request);
    const r = await exportPdf(new EngineClient(bridgeTransport(bridge)), bridge, req);
    expect(r).toEqual({ route: 'electron-pdf', pages: 2, path: '/tmp/云栖-出图.pdf' });
    // The engine only lays the pages out (at the layout's dpi: no preview dpi); it writes no PDF of its own.
    expect(e.sent.map((s) => s.method)).toEqual(['print.preview']);
    // Under the dialog's task, so its progress bar and 取消 follow the layout, the slow part.
    expect(e.sent[0]?.params).toEqual({ templates: req.templates, layout: undefined, overrides: req.overrides, taskId: 't1' });
    expect(printed).toHaveLength(1);
    // What the shell's main process checks and hands to printToPDF for what it got.
    const got = parsePrintRequest(printed[0]?.pages, printed[0]?.target);
    expect(got.target).toEqual({ kind: 'pdf', path: '/tmp/云栖-出图.pdf' });
    expect(got.pages.map((p) => p.pageNumber)).toEqual([1, 2]);
    expect(pdfOptions(got.pages[0] ?? pages[0] ?? samplePrintPage('地图1', 1, 1)).pageSize).toEqual({ width: 420 / 25.4, height: 297 / 25.4 });
  });

  it('in the browser host, 导出 PDF is written by the engine with progress under the task', async () => {
    const e = engine();
    const r = await exportPdf(new EngineClient({ request: e.request, subscribe: () => () => undefined }), null, req);
    expect(r).toEqual({ route: 'engine-pdf', pages: 2, path: '/tmp/云栖-出图.pdf' });
    expect(e.sent).toEqual([{ method: 'print.export', params: { format: 'pdf', templates: req.templates, out: req.out, layout: undefined, overrides: req.overrides, taskId: 't1' } }]);
  });

  it('打印… opens the system print dialog in Electron and writes the PDF in the browser host', async () => {
    const e = engine();
    const { bridge, printed } = electronBridge(e.request);
    expect(await printOnPaper(new EngineClient(bridgeTransport(bridge)), bridge, req)).toEqual({ route: 'electron-dialog', pages: 2, path: null });
    expect(printed.map((p) => p.target)).toEqual([{ kind: 'dialog' }]);
    const browser = engine();
    expect((await printOnPaper(new EngineClient({ request: browser.request, subscribe: () => () => undefined }), null, req)).route).toBe('engine-pdf');
    expect(browser.sent.map((s) => s.method)).toEqual(['print.export']);
  });

  it('an Electron without printPages (an older preload) falls back to the engine', async () => {
    const e = engine();
    const { bridge } = electronBridge(e.request);
    const older: KetuBridge = { ...bridge };
    delete older.printPages;
    expect((await exportPdf(new EngineClient(bridgeTransport(older)), older, req)).route).toBe('engine-pdf');
  });
});
