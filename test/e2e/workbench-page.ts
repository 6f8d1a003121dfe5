import { copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../../native/export/headless-chromium.js';
import { startHttpHost } from '../../native/host/http-host.js';
import type { HttpHost } from '../../native/host/http-host.js';
import { createEngineHost } from '../../native/host/in-process.js';
import type { Dispatcher } from '../../native/host/dispatch.js';
import type { RecentsOptions } from '../../native/project/recents.js';
import type { ProjectSession } from '../../native/store/project-session.js';
import { tempDir } from '../support/files.js';
import { AreasPage } from './pages/areas-page.js';
import { BasemapPage } from './pages/basemap-page.js';
import { ExportPage } from './pages/export-page.js';
import { FiltersPage } from './pages/filters-page.js';
import { afterFrames } from './pages/frames.js';
import { ImportPage } from './pages/import-page.js';
import { LayersPage } from './pages/layers-page.js';
import { MapPage } from './pages/map-page.js';
import { RankingsPage } from './pages/rankings-page.js';
import { ReviewPage } from './pages/review-page.js';
import { RevisionPage } from './pages/revision-page.js';
import { ShellPage } from './pages/shell-page.js';

const demo = fileURLToPath(new URL('../../resources/demo/demo.ketu', import.meta.url));

/** A fresh copy of the demo project in a temp dir of its own: no test file shares a project with another. */
export function demoCopy(prefix: string): { dir: ReturnType<typeof tempDir>; project: string } {
  if (!existsSync(demo)) throw new Error('run `npm run build` first: it generates resources/demo/demo.ketu');
  const dir = tempDir(prefix);
  const project = dir.file('demo.ketu');
  copyFileSync(demo, project);
  return { dir, project };
}

/**
 * A test file's workbench on a demo copy of its own: started and drawn before the file's tests, closed (and the
 * copy removed) after them. `wb` is there from the first test on.
 */
export function demoWorkbench(prefix: string): { dir: ReturnType<typeof tempDir>; project: string; readonly wb: Workbench } {
  const { dir, project } = demoCopy(prefix);
  let started: Workbench | null = null;
  beforeAll(async () => {
    started = await Workbench.start(project);
    await started.waitReady();
  });
  afterAll(async () => {
    await started?.close();
    dir.remove();
  });
  return {
    dir,
    project,
    get wb(): Workbench {
      if (started === null) throw new Error('the workbench starts in beforeAll');
      return started;
    },
  };
}

/** What the page reports in `window.__ketu` (renderer/app/ketu-hook.ts), as plain data. */
export interface HookState {
  state: string;
  pointCount: number;
  renderedPoints: number;
  frames: { layersSet: number; layersDrawn: number };
}

/**
 * The workbench served by the real localhost host, in Debian's Chromium: the page model e2e tests use.
 * Each panel has its page object (./pages/): tests say what a planner does, the page objects know the testids.
 */
export class Workbench {
  readonly shell: ShellPage;
  readonly map: MapPage;
  readonly layers: LayersPage;
  readonly filters: FiltersPage;
  readonly areas: AreasPage;
  readonly rankings: RankingsPage;
  readonly review: ReviewPage;
  readonly imports: ImportPage;
  readonly basemap: BasemapPage;
  readonly exports: ExportPage;
  readonly revision: RevisionPage;

  private constructor(
    readonly page: Page,
    readonly host: HttpHost,
    readonly dispatcher: Dispatcher,
    private readonly engine: ProjectSession,
    private readonly browser: Browser,
  ) {
    this.shell = new ShellPage(page);
    this.map = new MapPage(page);
    this.layers = new LayersPage(page);
    this.filters = new FiltersPage(page);
    this.areas = new AreasPage(page);
    this.rankings = new RankingsPage(page);
    this.review = new ReviewPage(page, this.map);
    this.imports = new ImportPage(page);
    this.basemap = new BasemapPage(page);
    this.exports = new ExportPage(page);
    this.revision = new RevisionPage(page);
  }

  /** `viaLaunchCode` opens the page as `ketu serve --open` does: with a one-time code, not the token. */
  /** `recents`: the recent-projects file and default folder, as the window hosts keep them (none by default). */
  static async start(project: string | null, opts: { viaLaunchCode?: boolean; recents?: RecentsOptions } = {}): Promise<Workbench> {
    const { dispatcher, engine } = createEngineHost(undefined, undefined, opts.recents ?? null);
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

  async hook(): Promise<HookState> {
    return this.page.evaluate(() => {
      const h = window.__ketu;
      return { state: h?.state ?? 'missing', pointCount: h?.pointCount ?? -1, renderedPoints: h?.renderedPoints ?? -1, frames: { ...(h?.frames ?? { layersSet: -1, layersDrawn: -1 }) } };
    });
  }

  /** Resolves after the page has painted `n` more frames (see pages/frames.ts). */
  async frames(n = 2): Promise<void> {
    await afterFrames(this.page, n);
  }

  /** Text of an element, '' while it is not shown (innerText alone would wait for it to appear). */
  async textOf(testId: string): Promise<string> {
    const el = this.page.getByTestId(testId);
    return (await el.count()) === 0 ? '' : el.innerText();
  }

  /** The toast's text ('' when none is shown). */
  toast(): Promise<string> {
    return this.textOf('toast');
  }

  /** The open dialog's error line ('' when none). */
  dialogError(): Promise<string> {
    return this.textOf('dialog-error');
  }

  /** Presses keys on the workbench itself, not in a text field that keeps its own undo. */
  async press(keys: string): Promise<void> {
    await this.page.getByTestId('map-scale').click();
    await this.page.keyboard.press(keys);
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
