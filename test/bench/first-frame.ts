// Benchmark 1: N places from a project file to the first workbench frame with all
// points drawn, against a bare deck.gl page given the same arrays already in memory, in the same run.
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import type { PlaceColumns, PlaceRole } from '../../native/contract/methods.js';
import { contentTypeOf, staticTarget } from '../../native/contract/static-paths.js';
import { launchChromium } from '../../native/export/headless-chromium.js';
import type { Dispatcher } from '../../native/host/dispatch.js';
import { startHttpHost } from '../../native/host/http-host.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { currentSchemaVersion } from '../../native/store/migrations/index.js';
import { ProjectStore } from '../../native/store/project-store.js';
import type { NewCustomer, NewPlace } from '../../native/store/records.js';
import { encodeBareArrays } from './bare-page/arrays-format.js';
import type { BareResult } from './bare-page/main.js';
import { seededRandom } from '../../native/demo/seeded-random.js';
import { divisionOf } from '../support/resources.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const barePageSource = join(repoRoot, 'test/bench/bare-page');
const barePageOut = join(repoRoot, 'dist/bench/bare-page');
/** The built workbench the HTTP host serves. */
export const rendererOut = join(repoRoot, 'dist/renderer');

export const VIEWPORT = { width: 1280, height: 800 } as const;
/**
 * Software WebGL draws 1M points in tens of seconds per frame; a stuck page still ends the run. 5,000,000
 * places took 8.5 minutes to the first frame on the loaded 2-core machine, so the limit grows with N.
 */
export const frameTimeoutMs = (points: number): number => 10 * 60_000 * Math.max(1, points / 1_000_000);

// ---------------------------------------------------------------------------------------------
// Project file


const HANGZHOU = { west: 119.9, east: 120.5, south: 30.0, north: 30.5 };

export interface GeneratedProject {
  path: string;
  places: number;
  customers: number;
  writeMs: number;
  bytes: number;
}

const BENCH_PRODUCTS = ['洋房', '别墅', '商铺', '公寓'] as const;
const BENCH_STAGES = ['visitors', 'deals', 'competitors'] as const;

/**
 * N places over Hangzhou: 60 % clustered round 40 centres (real customer data clusters by
 * neighbourhood), the rest uniform; each customer has a home, most a work place, some leisure.
 * Written in batches of 100k places so the generator's own memory does not set the peak RSS.
 */
export function generateProject(path: string, n: number, seed = 20240601, opts: { attributes?: boolean } = {}): GeneratedProject {
  const rand = seededRandom(seed);
  // Record fields for the recolour bench, from their own stream so the places stay those of first-frame.
  const attrRand = seededRandom(seed + 1);
  const pick = <T,>(list: readonly T[]): T | undefined => list[Math.floor(attrRand() * list.length)];
  const attributes = (): Record<string, string | number> => ({ product: pick(BENCH_PRODUCTS) ?? '洋房', gender: attrRand() < 0.52 ? '男' : '女', area: 60 + Math.round(attrRand() * 140) });
  const span = { lng: HANGZHOU.east - HANGZHOU.west, lat: HANGZHOU.north - HANGZHOU.south };
  const centres = Array.from({ length: 40 }, () => ({ lng: HANGZHOU.west + span.lng * (0.1 + 0.8 * rand()), lat: HANGZHOU.south + span.lat * (0.1 + 0.8 * rand()) }));
  const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
  const place = (role: PlaceRole): NewPlace => {
    if (rand() < 0.6) {
      const c = centres[Math.floor(rand() * centres.length)] ?? centres[0];
      // Sum of two uniforms: a cheap bell around the centre, about ±3 km.
      const dx = (rand() + rand() - 1) * 0.03;
      const dy = (rand() + rand() - 1) * 0.03;
      return { role, lng: clamp((c?.lng ?? 120.16) + dx, HANGZHOU.west, HANGZHOU.east), lat: clamp((c?.lat ?? 30.27) + dy, HANGZHOU.south, HANGZHOU.north) };
    }
    return { role, lng: HANGZHOU.west + span.lng * rand(), lat: HANGZHOU.south + span.lat * rand() };
  };

  const started = performance.now();
  const store = ProjectStore.create(path, { name: `bench ${n} places`, site: { lng: 120.16, lat: 30.27 }, overwrite: true, createdAt: '2024-06-01T00:00:00.000Z' });
  let written = 0;
  let customers = 0;
  try {
    const BATCH = 100_000;
    while (written < n) {
      const batch: NewCustomer[] = [];
      let inBatch = 0;
      const target = Math.min(BATCH, n - written);
      while (inBatch < target) {
        const roles: PlaceRole[] = ['home'];
        if (rand() < 0.7) roles.push('work');
        if (rand() < 0.3) roles.push('leisure');
        const places = roles.slice(0, target - inBatch).map(place);
        inBatch += places.length;
        customers++;
        batch.push({ name: `客户${customers}`, phone: null, places, ...(opts.attributes === true ? { attributes: attributes() } : {}) });
      }
      const stage = opts.attributes === true ? (BENCH_STAGES[Math.floor(written / BATCH) % BENCH_STAGES.length] ?? null) : null;
      store.insertBatch({ sourceFile: 'bench.xlsx', sheet: null, stage, crs: 'WGS84', mapping: {}, rowsRead: batch.length, customers: batch, createdAt: '2024-06-01T00:00:00.000Z' }, divisionOf);
      written += inBatch;
    }
  } finally {
    store.close();
  }
  return { path, places: written, customers, writeMs: performance.now() - started, bytes: statSync(path).size };
}

/** Bump when generateProject writes other places or attributes for the same arguments: old cache files are then ignored. */
const GENERATOR_VERSION = 1;

/** Where generated projects are kept between runs (`KETU_BENCH_CACHE` overrides): 5M places take a quarter hour to write. */
export const benchCacheDir = (): string => process.env.KETU_BENCH_CACHE ?? join(tmpdir(), 'ketu-bench-cache');

/**
 * generateProject, written once per (N, seed, attributes, schema, generator) into the cache and copied to `path`
 * on every run: the benches open the copy read-write (layers.save, map.save), so the cached file stays as written.
 * `writeMs` is that of the original write; `cached` says whether this run wrote it.
 */
export function cachedProject(path: string, n: number, seed = 20240601, opts: { attributes?: boolean } = {}): GeneratedProject & { cached: boolean; copyMs: number } {
  const dir = benchCacheDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `places-${n}-seed${seed}${opts.attributes === true ? '-attrs' : ''}-schema${currentSchemaVersion}-gen${GENERATOR_VERSION}.ketu`);
  const info = `${file}.json`;
  const cached = existsSync(file) && existsSync(info);
  let generated: GeneratedProject;
  if (cached) generated = { ...(JSON.parse(readFileSync(info, 'utf8')) as GeneratedProject), path: file };
  else {
    // Written under another name and renamed when whole: a run killed mid-write leaves no cache entry.
    const partial = `${file}.partial`;
    generated = generateProject(partial, n, seed, opts);
    // Closing the last connection checkpoints the WAL into the file: a -wal left behind would be lost in the copy.
    if (existsSync(`${partial}-wal`)) throw new Error(`${partial}-wal left after close`);
    renameSync(partial, file);
    writeFileSync(info, JSON.stringify({ ...generated, path: file }));
  }
  const t = performance.now();
  copyFileSync(file, path);
  return { ...generated, path, cached, copyMs: performance.now() - t };
}

/**
 * Two places at the corners of the same box: the workbench fits the same camera and loads the same
 * basemap, so its time is the fixed cost of the page (app, MapLibre, basemap), nearly without points.
 */
export function generateCornersProject(path: string): GeneratedProject {
  const started = performance.now();
  const store = ProjectStore.create(path, { name: 'bench corners', site: { lng: 120.16, lat: 30.27 }, overwrite: true, createdAt: '2024-06-01T00:00:00.000Z' });
  try {
    const places: NewPlace[] = [
      { role: 'home', lng: HANGZHOU.west, lat: HANGZHOU.south },
      { role: 'work', lng: HANGZHOU.east, lat: HANGZHOU.north },
    ];
    store.insertBatch({ sourceFile: 'bench.xlsx', sheet: null, stage: null, crs: 'WGS84', mapping: {}, rowsRead: 1, customers: [{ name: '客户1', phone: null, places }], createdAt: '2024-06-01T00:00:00.000Z' }, divisionOf);
  } finally {
    store.close();
  }
  return { path, places: 2, customers: 1, writeMs: performance.now() - started, bytes: statSync(path).size };
}

// ---------------------------------------------------------------------------------------------
// The arrays both pages draw

/**
 * Mirrors the workbench's role palette (renderer/map/place-layers.ts roleColors); the workbench draws its
 * default layers at opacity 0.86 (≈ 220/255). The bench cannot import renderer/ (own TS project).
 */
const ROLE_RGBA: readonly (readonly [number, number, number, number])[] = [
  [37, 99, 235, 220],
  [234, 88, 12, 220],
  [22, 163, 74, 220],
];

export function roleFillColors(roles: Uint8Array): Uint8Array {
  const out = new Uint8Array(roles.length * 4);
  for (let i = 0; i < roles.length; i++) out.set(ROLE_RGBA[roles[i] ?? 0] ?? ROLE_RGBA[0] ?? [0, 0, 0, 0], i * 4);
  return out;
}

export interface EngineTimings {
  openMs: number;
  placeColumnsMs: number;
  columns: PlaceColumns;
  bounds: [number, number, number, number];
}

/** The engine half alone, in this process: what places.columns costs before any transport. */
export function readColumns(path: string): EngineTimings {
  let t = performance.now();
  const store = ProjectStore.open(path, { readonly: true });
  const openMs = performance.now() - t;
  try {
    t = performance.now();
    const columns = store.placeColumns();
    const placeColumnsMs = performance.now() - t;
    const bounds = store.info().bounds ?? [HANGZHOU.west, HANGZHOU.south, HANGZHOU.east, HANGZHOU.north];
    return { openMs, placeColumnsMs, columns, bounds };
  } finally {
    store.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Baseline: the bare deck.gl page

export async function buildBarePage(): Promise<number> {
  const t = performance.now();
  await build({
    root: barePageSource,
    base: './',
    logLevel: 'warn',
    configFile: false,
    build: { outDir: barePageOut, emptyOutDir: true, chunkSizeWarningLimit: 4000, reportCompressedSize: false },
  });
  return performance.now() - t;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A tiny static server for the built bare page plus /arrays.bin; 127.0.0.1 only, port chosen by the OS. */
export async function serveBarePage(arrays: Uint8Array, extra: Readonly<Record<string, Uint8Array>> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const binary = pathname === '/arrays.bin' ? arrays : extra[pathname];
    if (binary !== undefined) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': binary.byteLength, 'cache-control': 'no-store' });
      res.end(binary);
      return;
    }
    const full = normalize(join(barePageOut, pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1))));
    if (!full.startsWith(barePageOut + sep) || !existsSync(full) || !statSync(full).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': contentTypes[extname(full)] ?? 'application/octet-stream' });
    createReadStream(full).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface BaselineRun {
  /** Page load and the arrays fetch, before the start signal (not part of the baseline). */
  prepareMs: number;
  result: BareResult;
  memory: BrowserMemory | null;
}

/**
 * Peak resident memory (VmHWM) of the Chromium processes this node process started, read after the frame:
 * the page's renderer process (JS heap, the columns, deck's CPU-side arrays) and the GPU process (with
 * SwiftShader, every WebGL buffer and texture lives there). Linux /proc only; null elsewhere.
 */
export interface BrowserMemory {
  rendererBytes: number;
  gpuBytes: number;
}

export function browserMemory(): BrowserMemory | null {
  if (!existsSync('/proc/self/status')) return null;
  const parent = new Map<number, number>();
  const type = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      type.set(pid, /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? '');
    } catch {
      // Gone meanwhile.
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  const peak = (pid: number): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  const memory = { rendererBytes: 0, gpuBytes: 0 };
  for (const [pid, t] of type) {
    if (!ours(pid)) continue;
    try {
      if (t === 'renderer') memory.rendererBytes = Math.max(memory.rendererBytes, peak(pid));
      if (t === 'gpu-process') memory.gpuBytes = Math.max(memory.gpuBytes, peak(pid));
    } catch {
      // Gone meanwhile.
    }
  }
  return memory;
}

/** One baseline: a fresh browser (no shader cache shared with other runs), arrays fetched first, then timed. */
export async function runBaseline(url: string, expected: number): Promise<BaselineRun> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const errors = collectErrors(page);
    const t = performance.now();
    await page.goto(url);
    await page.waitForFunction(() => window.__bare !== undefined && window.__bare.state !== 'loading', undefined, { polling: 20, timeout: frameTimeoutMs(expected) });
    const armed = await page.evaluate(() => window.__bare ?? { state: 'error', count: 0, error: 'no window.__bare' });
    if (armed.state !== 'armed') throw new Error(`bare page: ${armed.error ?? armed.state}; ${errors.join(' | ')}`);
    if (armed.count !== expected) throw new Error(`bare page loaded ${armed.count} points, expected ${expected}`);
    const prepareMs = performance.now() - t;
    const result = await page.evaluate(async (): Promise<BareResult> => {
      if (window.__startBare === undefined) throw new Error('bare page not armed');
      return window.__startBare();
    });
    if (result.paintedPixels === 0) throw new Error('bare page drew no pixels');
    return { prepareMs, result, memory: browserMemory() };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The workbench

export interface RpcTiming {
  method: string;
  /** ms after the page navigation started (node clock, aligned to goto start). */
  at: number;
  ms: number;
}

/** Times every engine call the page makes; the HTTP host sees the same dispatcher. */
function timedDispatcher(inner: Dispatcher, log: RpcTiming[], origin: () => number): Dispatcher {
  return {
    async call(method, params) {
      const t = performance.now();
      const reply = await inner.call(method, params);
      log.push({ method, at: t - origin(), ms: performance.now() - t });
      return reply;
    },
    subscribe: (listener) => inner.subscribe(listener),
  };
}

/**
 * Observes the workbench's own readiness hook from inside the page: stamps performance.now() when
 * window.__ketu appears and when it first says 'ready' with every point, so the page-side time does
 * not depend on the bench's polling interval. Instruments; changes nothing the app reads.
 */
function hookMarksScript(expected: number): string {
  return `(() => {
    const marks = {};
    window.__benchMarks = marks;
    let hook;
    const check = (h) => {
      if (marks.ready === undefined && h.state === 'ready' && h.renderedPoints === ${expected}) marks.ready = performance.now();
      if (marks.firstError === undefined && h.state === 'error') marks.firstError = performance.now();
    };
    const instrument = (h) => {
      if (h === null || typeof h !== 'object') return;
      for (const key of ['state', 'renderedPoints']) {
        let value = h[key];
        Object.defineProperty(h, key, { configurable: true, enumerable: true,
          get: () => value, set: (v) => { value = v; check(h); } });
      }
      check(h);
    };
    Object.defineProperty(window, '__ketu', { configurable: true, get: () => hook,
      set: (h) => { hook = h; if (marks.hook === undefined) marks.hook = performance.now(); instrument(h); } });
  })();`;
}

interface PageMarks {
  hook?: number;
  ready?: number;
  firstError?: number;
}

// The page globals the bench reads: the workbench's hook (declared for real in renderer/map/ketu-hook.ts,
// another TS project) and the marks of hookMarksScript.
declare global {
  interface Window {
    __ketu?: { state: 'loading' | 'ready' | 'error'; pointCount: number; renderedPoints: number; frames: { layersSet: number; layersDrawn: number } };
    __benchMarks?: PageMarks;
  }
}

export interface WorkbenchRun {
  /** Node clock: page.goto start -> waitForFunction saw state 'ready' with renderedPoints === N. */
  wallMs: number;
  /** ... -> a 1-pixel readPixels on the deck canvas returned (the GPU has executed the frame). */
  syncedMs: number;
  /** Page clock, from navigation start: the hook installed (app code running), and ready. */
  hookMs: number | null;
  readyMs: number | null;
  /** The big /rpc response as the page saw it (resource timing): request start and response end. */
  columnsFetch: { startMs: number; endMs: number; bytes: number } | null;
  rpc: RpcTiming[];
  projectOpenMs: number;
  memory: BrowserMemory | null;
  /** deck.gl layer lists the map set before ready (each may upload and draw every point again). */
  layerLists: number | null;
}

/**
 * Serves the workbench's own files (html, js, css, fonts) from `dir` instead of the host's dist/renderer, so
 * two builds (before and after a change) are timed against the same engine in one run. Engine calls and the
 * basemap still go to the host. Both builds of a comparison go through this, so both pay its overhead.
 */
async function serveRendererFrom(page: Page, dir: string): Promise<void> {
  await page.route(
    (url) => staticTarget(url.pathname)?.root === 'renderer' && !['/rpc', '/events', '/upload', '/launch'].includes(url.pathname),
    async (route) => {
      const target = staticTarget(new URL(route.request().url()).pathname);
      const file = target === null ? null : join(dir, ...target.segments);
      if (file === null || !existsSync(file)) await route.fulfill({ status: 404 });
      else await route.fulfill({ path: file, contentType: contentTypeOf(file) });
    },
  );
}

/**
 * One workbench run: the engine opens the file (as `ketu serve FILE` does), then the page is timed from goto.
 * `rendererDir`: serve another build of the workbench (serveRendererFrom).
 */
export async function runWorkbench(projectPath: string, expected: number, rendererDir?: string): Promise<WorkbenchRun> {
  const { dispatcher } = createEngineHost();
  const t = performance.now();
  const opened = await dispatcher.call('project.open', { path: projectPath });
  if (!opened.ok) throw new Error(`project.open: ${opened.error.message}`);
  const projectOpenMs = performance.now() - t;
  const rpc: RpcTiming[] = [];
  let gotoStart = 0;
  const host = await startHttpHost(timedDispatcher(dispatcher, rpc, () => gotoStart));
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const errors = collectErrors(page);
    await page.addInitScript(hookMarksScript(expected));
    if (rendererDir !== undefined) await serveRendererFrom(page, rendererDir);
    gotoStart = performance.now();
    await page.goto(host.openUrl);
    // Predicates are functions, not strings: the workbench's CSP forbids eval, which string predicates use.
    await page.waitForFunction(
      (n: number) => {
        const h = window.__ketu;
        return h !== undefined && (h.state === 'error' || (h.state === 'ready' && h.renderedPoints === n));
      },
      expected,
      { polling: 20, timeout: frameTimeoutMs(expected) },
    );
    const wallMs = performance.now() - gotoStart;
    const state = await page.evaluate(() => window.__ketu?.state ?? 'missing');
    if (state !== 'ready') throw new Error(`workbench state ${state}; ${errors.join(' | ')}`);
    await page.evaluate(readDeckPixel);
    const syncedMs = performance.now() - gotoStart;
    const marks = await page.evaluate(() => window.__benchMarks ?? {});
    const columnsFetch = await page.evaluate(largestRpc);
    const layerLists = await page.evaluate(() => window.__ketu?.frames.layersSet ?? null);
    return { wallMs, syncedMs, hookMs: marks.hook ?? null, readyMs: marks.ready ?? null, columnsFetch, rpc, projectOpenMs, memory: browserMemory(), layerLists };
  } finally {
    await browser?.close();
    await host.close();
    await dispatcher.call('project.close', {});
  }
}

/** Runs in the page: readPixels on every WebGL canvas that is not MapLibre's, forcing the GPU to finish. */
export function readDeckPixel(): void {
  for (const canvas of Array.from(document.querySelectorAll('canvas'))) {
    if (canvas.classList.contains('maplibregl-canvas')) continue;
    const gl = canvas.getContext('webgl2');
    if (gl === null) continue;
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  }
}

/** Runs in the page: the largest /rpc response is places.columns (binary columns). */
function largestRpc(): { startMs: number; endMs: number; bytes: number } | null {
  const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  let best: PerformanceResourceTiming | null = null;
  for (const e of entries) if (e.name.endsWith('/rpc') && (best === null || e.encodedBodySize > best.encodedBodySize)) best = e;
  return best === null ? null : { startMs: best.startTime, endMs: best.responseEnd, bytes: best.encodedBodySize };
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

// ---------------------------------------------------------------------------------------------
// The whole benchmark

export interface FirstFrameReport {
  points: number;
  project: GeneratedProject;
  engine: Omit<EngineTimings, 'columns' | 'bounds'>;
  barePageBuildMs: number;
  baselines: [BaselineRun, BaselineRun];
  workbench: WorkbenchRun;
  /** The workbench on a 2-place project with the same camera: its fixed cost. */
  workbenchFixed: WorkbenchRun;
  peakRssBytes: number;
}

export async function firstFrameBench(points: number, opts: { keep?: boolean; log?: (line: string) => void } = {}): Promise<FirstFrameReport> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'ketu-bench-'));
  try {
    log(`generating ${points.toLocaleString('en')} places in ${dir} …`);
    const project = cachedProject(join(dir, 'bench.ketu'), points);
    log(`  written in ${(project.writeMs / 1000).toFixed(2)} s (${(project.bytes / 1e6).toFixed(1)} MB, ${project.customers.toLocaleString('en')} customers)`);

    const engine = readColumns(project.path);
    if (engine.columns.count !== points) throw new Error(`placeColumns returned ${engine.columns.count} places, expected ${points}`);
    const arrays = encodeBareArrays({ count: engine.columns.count, bounds: engine.bounds, positions: engine.columns.positions, colors: roleFillColors(engine.columns.roles) });

    log('building the bare deck.gl page …');
    const barePageBuildMs = await buildBarePage();
    const bare = await serveBarePage(arrays);
    try {
      log('baseline 1 (bare deck.gl) …');
      const first = await runBaseline(bare.url, points);
      log(`  ${(first.result.syncedMs / 1000).toFixed(2)} s`);
      global.gc?.();
      log('workbench …');
      const workbench = await runWorkbench(project.path, points);
      log(`  ${(workbench.syncedMs / 1000).toFixed(2)} s`);
      global.gc?.();
      log('baseline 2 (bare deck.gl) …');
      const second = await runBaseline(bare.url, points);
      log(`  ${(second.result.syncedMs / 1000).toFixed(2)} s`);
      log('workbench, 2 places (fixed cost) …');
      const workbenchFixed = await runWorkbench(generateCornersProject(join(dir, 'corners.ketu')).path, 2);
      log(`  ${(workbenchFixed.syncedMs / 1000).toFixed(2)} s`);
      return {
        points,
        project,
        engine: { openMs: engine.openMs, placeColumnsMs: engine.placeColumnsMs },
        barePageBuildMs,
        baselines: [first, second],
        workbench,
        workbenchFixed,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      };
    } finally {
      await bare.close();
    }
  } finally {
    if (opts.keep === true) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export interface FixedCostReport {
  beforeDir: string;
  /** Fixed cost (2-place project, goto -> drawn) of each build, in run order: before, this build, before, this build. */
  before: WorkbenchRun[];
  after: WorkbenchRun[];
}

/**
 * The workbench's fixed cost (page, app, MapLibre, basemap: the 2-place project) of an earlier build against
 * this one, alternating so a change in the machine's load hits both alike. Both are served the same way.
 */
export async function fixedCostBench(beforeDir: string, opts: { rounds?: number; log?: (line: string) => void } = {}): Promise<FixedCostReport> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const dir = mkdtempSync(join(tmpdir(), 'ketu-bench-'));
  try {
    const corners = generateCornersProject(join(dir, 'corners.ketu')).path;
    const report: FixedCostReport = { beforeDir, before: [], after: [] };
    for (let round = 0; round < (opts.rounds ?? 2); round++) {
      for (const [label, rendererDir, into] of [
        ['before', beforeDir, report.before],
        ['this build', rendererOut, report.after],
      ] as const) {
        log(`fixed cost, ${label} (${rendererDir}) …`);
        const run = await runWorkbench(corners, 2, rendererDir);
        log(`  ${(run.syncedMs / 1000).toFixed(2)} s`);
        into.push(run);
        global.gc?.();
      }
    }
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
