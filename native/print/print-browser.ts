import type { Browser, Page } from 'playwright-core';
import { KetuError } from '../contract/errors.js';
import { mmToCssPx, overviewMm, pageGeometry } from '../contract/print-layout.js';
import type { PrintLegend, PrintPage } from '../contract/print-layout.js';
import { launchChromium } from '../export/headless-chromium.js';
import { overviewView } from './overview-view.js';
import { areaLegend } from './page-jobs.js';
import type { MapRequest, PageJob } from './page-jobs.js';
import { scaleBar } from './scale-bar.js';

/** The workbench hook's print frame, as seen from Node (renderer/map/ketu-hook.ts). */
interface FrameResult {
  png: string;
  width: number;
  height: number;
  bounds: [number, number, number, number];
  centerLat: number;
  zoom: number;
  metresPerPixel: number;
  legends: PrintLegend[];
  basemapLabels: string[];
  mapLabels: Array<{ text: string; box: [number, number, number, number] }>;
}

interface HookWindow {
  __ketu?: { state: 'loading' | 'ready' | 'error'; printFrame(request: MapRequest & { ratio: number }): Promise<FrameResult> };
  __ketuPrint?: (page: PrintPage) => Promise<void>;
}

/** A laid-out page: its data (for the PPTX), the map picture, and the map frame's facts (for tests). */
export interface RenderedPage {
  page: PrintPage;
  mapPng: Uint8Array | null;
  frame: { bounds: [number, number, number, number]; centerLat: number; zoom: number; metresPerPixel: number; basemapLabels: string[]; mapLabels: FrameResult['mapLabels'] } | null;
}

const TIMEOUT_MS = 300_000;

/**
 * One headless Chromium for a whole document: a workbench page (`?view=map`) that draws each map frame at
 * the page's dpi, and a print page (`?view=print`) that lays each page out in millimetres. `openUrl` is the
 * served workbench with its token (the CLI and the engine start an HTTP host for it).
 */
export class PrintBrowser {
  private mapPage: Page | null = null;
  /** The print view, loading from the start while the first map frame draws (it needs no map). */
  private readonly printPage: Promise<Page>;

  private constructor(
    private readonly browser: Browser,
    private readonly openUrl: string,
  ) {
    this.printPage = this.openPrintView();
    // Awaited by the first page laid out; a failure before then is not an unhandled rejection.
    this.printPage.catch(() => undefined);
  }

  static async start(openUrl: string): Promise<PrintBrowser> {
    return new PrintBrowser(await launchChromium(), openUrl);
  }

  private async openPrintView(): Promise<Page> {
    const page = await this.browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
    const base = this.openUrl.split('#')[0] ?? this.openUrl;
    await page.goto(`${base}?view=print`);
    await page.waitForFunction(() => (globalThis as unknown as HookWindow).__ketuPrint !== undefined, undefined, { timeout: TIMEOUT_MS });
    return page;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  private async workbench(width: number, height: number): Promise<Page> {
    if (this.mapPage === null) {
      const page = await this.browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
      await page.goto(this.openUrl.replace('/#', '/?view=map#'));
      // Function predicates: the workbench's CSP forbids eval, which string predicates need.
      await page.waitForFunction(() => {
        const s = (globalThis as unknown as HookWindow).__ketu?.state;
        return s === 'ready' || s === 'error';
      }, undefined, { timeout: TIMEOUT_MS });
      if ((await page.evaluate(() => (globalThis as unknown as HookWindow).__ketu?.state)) !== 'ready') throw new KetuError('EXPORT_FAILED', '工作台未能加载地图，无法出图');
      this.mapPage = page;
    } else {
      const size = this.mapPage.viewportSize();
      if (size?.width !== width || size.height !== height) await this.mapPage.setViewportSize({ width, height });
    }
    return this.mapPage;
  }

  /** Lays one page out: draws its map frame (if any) at the page's dpi and hands the page to the print view. */
  async render(job: PageJob): Promise<RenderedPage> {
    const rendered = await this.drawFrame(job);
    await this.layOut(rendered.page);
    return rendered;
  }

  /** The page with its map frame drawn at the page's dpi, not yet laid out (the live preview lays it out itself). */
  async drawFrame(job: PageJob): Promise<RenderedPage> {
    const g = pageGeometry(job.page);
    let page: PrintPage = { ...job.page, map: null };
    let mapPng: Uint8Array | null = null;
    let frame: RenderedPage['frame'] = null;
    if (job.map !== null && g.frame !== null) {
      const cssW = Math.round(mmToCssPx(g.frame.w));
      const cssH = Math.round(mmToCssPx(g.frame.h));
      const ratio = job.page.dpi / 96;
      const wb = await this.workbench(cssW, cssH);
      const shot = await wb.evaluate(({ request }) => {
        const hook = (globalThis as unknown as HookWindow).__ketu;
        if (hook === undefined) throw new Error('workbench hook missing');
        return hook.printFrame(request);
      }, { request: { ...job.map, ratio } });
      // Never upscaled: a frame MapLibre had to draw smaller (its canvas limit) is refused, not stretched.
      if (shot.width < Math.floor(cssW * ratio) - 2) {
        throw new KetuError('EXPORT_FAILED', `地图在 ${job.page.dpi} dpi 下需要 ${Math.floor(cssW * ratio)} 像素宽，浏览器只能绘制 ${shot.width} 像素：请选较低的 dpi 或较小的纸张`);
      }
      mapPng = new Uint8Array(Buffer.from(shot.png, 'base64'));
      frame = { bounds: shot.bounds, centerLat: shot.centerLat, zoom: shot.zoom, metresPerPixel: shot.metresPerPixel, basemapLabels: shot.basemapLabels, mapLabels: shot.mapLabels };
      const areas = areaLegend(job.areas, shot.bounds);
      const counted = areas === null ? shot.legends : [...shot.legends, areas];
      const overview = job.overview === undefined || job.overview === null ? undefined : await this.overview(job, job.overview, shot.bounds, ratio, g.frame);
      page = {
        ...page,
        map: {
          image: `data:image/png;base64,${shot.png}`,
          widthPx: shot.width,
          heightPx: shot.height,
          legends: [...counted, ...job.legends],
          scale: scaleBar(shot.metresPerPixel, g.frame.w * 0.2),
          ...(overview === undefined ? {} : { overview }),
        },
      };
    }
    return { page, mapPng, frame };
  }

  /** Hands a page to the print view and waits until its fonts and map picture are drawn. */
  async layOut(page: PrintPage): Promise<void> {
    const print = await this.printView(page);
    await print.evaluate(async ({ p }) => {
      const hook = (globalThis as unknown as HookWindow).__ketuPrint;
      if (hook === undefined) throw new Error('print view missing');
      await hook(p);
    }, { p: page });
  }

  /**
   * The overview inset: the same template drawn small over the frame widened 3× and the whole city of the
   * page's customers (`city`), so the page shows where its frame lies.
   */
  private async overview(job: PageJob, city: [number, number, number, number], frameBounds: [number, number, number, number], ratio: number, frameMm: { w: number; h: number }): Promise<NonNullable<NonNullable<PrintPage['map']>['overview']>> {
    const size = overviewMm({ x: 0, y: 0, ...frameMm });
    const wb = await this.workbench(Math.round(mmToCssPx(size.w)), Math.round(mmToCssPx(size.h)));
    const request = { template: job.map?.template ?? 'map1', filter: job.map?.filter ?? {}, siteMarker: false, areas: [], inset: true, fit: overviewView(frameBounds, city), padding: 6, ratio };
    const shot = await wb.evaluate(({ r }) => {
      const hook = (globalThis as unknown as HookWindow).__ketu;
      if (hook === undefined) throw new Error('workbench hook missing');
      return hook.printFrame(r);
    }, { r: request });
    return { image: `data:image/png;base64,${shot.png}`, widthPx: shot.width, heightPx: shot.height, bounds: shot.bounds, frame: frameBounds };
  }

  private async printView(page: PrintPage): Promise<Page> {
    const view = await this.printPage;
    const size = { width: Math.ceil(mmToCssPx(page.widthMm)), height: Math.ceil(mmToCssPx(page.heightMm)) };
    const now = view.viewportSize();
    if (now?.width !== size.width || now.height !== size.height) await view.setViewportSize(size);
    return view;
  }

  /** The page last rendered, as a one-page PDF of its paper size (vector text, embedded fonts). */
  async pdf(page: PrintPage): Promise<Uint8Array> {
    const p = await this.printPage;
    await p.emulateMedia({ media: 'print' });
    return new Uint8Array(await p.pdf({ width: `${page.widthMm}mm`, height: `${page.heightMm}mm`, printBackground: true, margin: { top: '0', right: '0', bottom: '0', left: '0' }, pageRanges: '1' }));
  }

  /** The page last rendered, as a PNG at its dpi (device pixels = mm / 25.4 × dpi). */
  async png(page: PrintPage): Promise<Uint8Array> {
    const p = await this.printPage;
    // A second context at the page's device scale: Chromium lays out the same millimetres with more pixels.
    const ctx = await this.browser.newContext({ viewport: p.viewportSize() ?? { width: 800, height: 600 }, deviceScaleFactor: page.dpi / 96 });
    try {
      const hi = await ctx.newPage();
      await hi.goto(p.url());
      await hi.waitForFunction(() => (globalThis as unknown as HookWindow).__ketuPrint !== undefined, undefined, { timeout: TIMEOUT_MS });
      await hi.evaluate(async ({ pg }) => {
        const hook = (globalThis as unknown as HookWindow).__ketuPrint;
        if (hook === undefined) throw new Error('print view missing');
        await hook(pg);
      }, { pg: page });
      const el = await hi.$('[data-testid="print-page"]');
      if (el === null) throw new Error('print page missing');
      return new Uint8Array(await el.screenshot({ type: 'png' }));
    } finally {
      await ctx.close();
    }
  }
}
