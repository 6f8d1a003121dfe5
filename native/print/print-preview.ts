import type { CallContext } from '../contract/handler-types.js';
import { KetuError } from '../contract/errors.js';
import { mmToCssPx, pageGeometry } from '../contract/print-layout.js';
import type { PrintLayout, PrintPage } from '../contract/print-layout.js';
import type { ProjectStore } from '../store/project-store.js';
import { pageJobs } from './page-jobs.js';
import type { PageJob, PageRequest, PrintOverrides } from './page-jobs.js';
import { PrintBrowser } from './print-browser.js';
import type { PrintEnv, ServedWorkbench, ServeWorkbench } from './print-documents.js';
import { today } from './print-documents.js';

type MapPart = NonNullable<PrintPage['map']>;

/**
 * Map pictures already drawn, by what decides them (template, filter, fit, frame size, dpi): a preview that
 * only changes texts, switches or the legend's place lays the page out again without a new Chromium.
 * Per open project, a few entries.
 */
const drawn = new WeakMap<ProjectStore, Map<string, MapPart>>();
const KEEP = 6;

/**
 * One headless Chromium kept warm for the previews of one open project: a preview after a paper or
 * orientation change draws one frame on an already loaded workbench instead of starting Chromium again.
 * Closed after a minute without previews, or when another project is previewed.
 */
interface Warm {
  store: ProjectStore;
  host: ServedWorkbench;
  browser: PrintBrowser;
}
let warm: Warm | null = null;
let idle: ReturnType<typeof setTimeout> | null = null;
/** Previews draw one after another on the one warm workbench. */
let queue: Promise<unknown> = Promise.resolve();
const IDLE_MS = 60_000;

async function closeWarm(): Promise<void> {
  const w = warm;
  warm = null;
  if (w === null) return;
  await w.browser.close().catch(() => undefined);
  await w.host.close().catch(() => undefined);
}

async function warmBrowser(store: ProjectStore, serve: ServeWorkbench): Promise<PrintBrowser> {
  if (warm !== null && warm.store !== store) await closeWarm();
  if (warm === null) {
    const host = await serve();
    try {
      warm = { store, host, browser: await PrintBrowser.start(host.openUrl) };
    } catch (e) {
      await host.close();
      throw e;
    }
  }
  return warm.browser;
}

function frameKey(job: PageJob): string | null {
  const g = pageGeometry(job.page);
  if (job.map === null || g.frame === null) return null;
  return JSON.stringify([job.map, Math.round(mmToCssPx(g.frame.w)), Math.round(mmToCssPx(g.frame.h)), job.page.dpi, job.areas.map((a) => [a.area.id, a.count]), job.overview ?? null]);
}

/**
 * `print.preview`: pages as the export lays them out (same page jobs, same map frame), returned as data.
 * `dpi` replaces the layout's for the map picture only; the page's millimetres stay those of its paper.
 */
export async function previewPages(store: ProjectStore, env: PrintEnv, requests: readonly PageRequest[], overrides: PrintOverrides, draft: PrintLayout | undefined, dpi: number | undefined, ctx: CallContext): Promise<PrintPage[]> {
  if (requests.length === 0) throw new KetuError('EXPORT_FAILED', '没有可出图的页面（区域图册需要至少一个目标区域）');
  const jobs = pageJobs(store, requests, overrides, today(), env.resourcesDir, draft).map((j) => (dpi === undefined ? j : { ...j, page: { ...j.page, dpi } }));
  let cache = drawn.get(store);
  if (cache === undefined) drawn.set(store, (cache = new Map<string, MapPart>()));
  const known = cache;
  const run = queue.then(() => drawPages(store, env.serve, jobs, known, ctx));
  queue = run.catch(() => undefined);
  return run;
}

async function drawPages(store: ProjectStore, serve: ServeWorkbench, jobs: readonly PageJob[], cache: Map<string, MapPart>, ctx: CallContext): Promise<PrintPage[]> {
  if (idle !== null) clearTimeout(idle);
  const pages: PrintPage[] = [];
  try {
    for (const job of jobs) {
      if (ctx.signal.aborted) throw new KetuError('CANCELLED', '预览已取消');
      ctx.progress('page', pages.length, jobs.length);
      const key = frameKey(job);
      const known = key === null ? undefined : cache.get(key);
      if (key === null || known !== undefined) {
        pages.push({ ...job.page, map: known ?? null });
        continue;
      }
      let page: PrintPage;
      try {
        page = (await (await warmBrowser(store, serve)).drawFrame(job)).page;
      } catch (e) {
        // A failed draw may have left the workbench in any state: the next preview starts afresh.
        await closeWarm();
        throw e;
      }
      if (page.map !== null) {
        cache.set(key, page.map);
        if (cache.size > KEEP) cache.delete(cache.keys().next().value ?? key);
      }
      pages.push(page);
    }
    ctx.progress('page', pages.length, jobs.length);
  } finally {
    idle = setTimeout(() => void closeWarm(), IDLE_MS);
    idle.unref();
  }
  return pages;
}
