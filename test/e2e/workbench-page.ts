import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../native/export/headless-chromium.js';
import { startHttpHost } from '../../native/host/http-host.js';
import type { HttpHost } from '../../native/host/http-host.js';
import { createEngineHost } from '../../native/host/in-process.js';
import type { Dispatcher } from '../../native/host/dispatch.js';
import type { ProjectSession } from '../../native/store/project-session.js';

/** The workbench served by the real localhost host, in Debian's Chromium: the page model e2e tests use. */
export class Workbench {
  private constructor(
    readonly page: Page,
    readonly host: HttpHost,
    readonly dispatcher: Dispatcher,
    private readonly engine: ProjectSession,
    private readonly browser: Browser,
  ) {}

  /** `viaLaunchCode` opens the page as `ketu serve --open` does: with a one-time code, not the token. */
  static async start(project: string | null, opts: { viaLaunchCode?: boolean } = {}): Promise<Workbench> {
    const { dispatcher, engine } = createEngineHost();
    if (project !== null) {
      const reply = await dispatcher.call('project.open', { path: project });
      if (!reply.ok) throw new Error(reply.error.message);
    }
    const host = await startHttpHost(dispatcher);
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(opts.viaLaunchCode === true ? host.launchUrl() : host.openUrl);
    return new Workbench(page, host, dispatcher, engine, browser);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.host.close();
    this.engine.close();
  }

  /** Waits on the workbench's own signal that the project's points were drawn in a frame. */
  async waitReady(points?: number): Promise<void> {
    // A function predicate: the workbench's CSP forbids the eval that string predicates need.
    await this.page.waitForFunction(
      (n) => {
        const hook = (window as unknown as { __ketu?: { state: string; renderedPoints: number } }).__ketu;
        return hook?.state === 'ready' && (n === null || hook.renderedPoints === n);
      },
      points ?? null,
      { timeout: 150_000, polling: 250 },
    );
  }

  async mapPixels(): Promise<PNG> {
    return PNG.sync.read(await this.page.getByTestId('map').screenshot());
  }

  async swatchRgb(layer: string): Promise<[number, number, number]> {
    const css = await this.page.getByTestId(`layer-${layer}`).locator('.swatch').evaluate((el) => getComputedStyle(el).backgroundColor);
    const m = /rgba?\((\d+)[ ,]+(\d+)[ ,]+(\d+)/.exec(css);
    if (m === null) throw new Error(`unexpected swatch colour ${css}`);
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  }

  async toggleLayer(layer: string): Promise<void> {
    await this.page.getByTestId(`layer-${layer}`).locator('input[type=checkbox]').click();
  }
}

/** Pixels within `tolerance` of a colour: how much of the map a layer actually covers. */
export function countNear(png: PNG, [r, g, b]: [number, number, number], tolerance = 40): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const dr = (png.data[i] ?? 0) - r;
    const dg = (png.data[i + 1] ?? 0) - g;
    const db = (png.data[i + 2] ?? 0) - b;
    if (dr * dr + dg * dg + db * db <= tolerance * tolerance) n++;
  }
  return n;
}

/** How many distinct colours (quantised) a picture has: a blank or single-colour export has very few. */
export function distinctColours(png: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) {
    seen.add((((png.data[i] ?? 0) >> 3) << 10) | (((png.data[i + 1] ?? 0) >> 3) << 5) | ((png.data[i + 2] ?? 0) >> 3));
  }
  return seen.size;
}
