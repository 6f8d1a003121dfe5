// The recolour benchmark: with N places drawn, recolour by another field and apply a filter, each to the
// next drawn frame, in the workbench (through the layer registry and the filter bar) and in a bare deck.gl
// page given the resulting colour arrays, in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { FieldColumn, LayerConfig } from '../../native/contract/layers.js';
import { MISSING_CODE } from '../../native/contract/layers.js';
import { launchChromium } from '../../native/export/headless-chromium.js';
import { startHttpHost } from '../../native/host/http-host.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { encodeBareArrays } from './bare-page/arrays-format.js';
import type { BrowserMemory } from './first-frame.js';
import { benchCacheDir, browserMemory, buildBarePage, cachedProject, frameTimeoutMs, readColumns, readDeckPixel, roleFillColors, serveBarePage, VIEWPORT } from './first-frame.js';
import { engineCall } from '../support/engine-call.js';

const LAYER_ID = 'by-field';

/** The workbench's one layer: every place coloured by a category field (the registry's places-field type). */
function fieldLayer(field: string): LayerConfig {
  return { id: LAYER_ID, name: '按字段着色', type: 'places-field', visible: true, opacity: 0.86, roles: ['home', 'work', 'leisure'], field, scheme: 'categorical', classes: 5, palette: 'category10', radiusPixels: 3.5, sizeField: null };
}

/** category10, as the registry's palette; the bare page needs colour arrays of the same size and kind. */
const CATEGORY10: ReadonlyArray<readonly [number, number, number]> = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
];

function categoryColors(column: FieldColumn, keep: (i: number) => boolean = () => true): Uint8Array {
  if (column.kind !== 'category') throw new Error(`${column.field} is not a category`);
  const out = new Uint8Array(column.codes.length * 4);
  column.codes.forEach((c, i) => {
    if (!keep(i)) return;
    const rgb = c === MISSING_CODE ? [170, 170, 170] : (CATEGORY10[c % CATEGORY10.length] ?? [0, 0, 0]);
    out.set([rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0, 255], i * 4);
  });
  return out;
}

export interface RecolourStep {
  label: string;
  /** Workbench: the change in the page (select / click) → a 1-pixel readPixels after the frame that drew it. */
  workbenchMs: number;
  /** Bare deck.gl, the same layer given the resulting colour array, mean of two runs; null = no baseline. */
  bareMs: number | null;
  bareRuns: number[];
  note: string;
}

/** One page's first frame (untimed by the headline, printed beside it) and its browser's peak memory after every step. */
export interface RecolourPage {
  firstFrameMs: number;
  memory: BrowserMemory | null;
}

export interface RecolourReport {
  points: number;
  writeMs: number;
  /** The project came from the bench cache (benchCacheDir) rather than being written in this run. */
  cached: boolean;
  /** The engine's project.open of the file (integrity check included) and each places.field, in this process. */
  engine: { openMs: number; fieldMs: Record<string, number> };
  steps: RecolourStep[];
  filtered: number;
  workbench: RecolourPage;
  bare: RecolourPage[];
}

/** Runs in the page: a change (select value or click), then waits for the frame that drew it, ready, and syncs. */
async function timedChange(page: Page, change: { selector: string; value?: string }): Promise<number> {
  return page.evaluate(async ({ selector, value }) => {
    const hook = window.__ketu;
    const el = document.querySelector(selector);
    if (hook === undefined || el === null) throw new Error(`no hook or no ${selector}`);
    const before = hook.frames.layersSet;
    const t0 = performance.now();
    if (value !== undefined && el instanceof HTMLSelectElement) {
      el.value = value;
      // A value the select does not offer leaves it empty, and the wait below would never end.
      if (el.value !== value) throw new Error(`${selector} offers no ${value}`);
      el.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (el instanceof HTMLElement) el.click();
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const f = hook.frames;
        if (f.layersSet > before && f.layersDrawn === f.layersSet && hook.state === 'ready') resolve();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    for (const canvas of Array.from(document.querySelectorAll('canvas'))) {
      if (canvas.classList.contains('maplibregl-canvas')) continue;
      canvas.getContext('webgl2')?.readPixels(0, 0, 1, 1, WebGL2RenderingContext.RGBA, WebGL2RenderingContext.UNSIGNED_BYTE, new Uint8Array(4));
    }
    return performance.now() - t0;
  }, change);
}

/** One bare page: first frame (untimed here), then each colour array in turn, timed to the drawn frame. */
async function bareRecolours(url: string, points: number, arrays: number): Promise<{ runs: number[]; page: RecolourPage }> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    await page.goto(url);
    await page.waitForFunction(() => window.__bare?.state === 'armed', undefined, { polling: 20, timeout: frameTimeoutMs(points) });
    const first = await page.evaluate(async () => {
      if (window.__startBare === undefined) throw new Error('bare page not armed');
      return (await window.__startBare()).syncedMs;
    });
    const out: number[] = [];
    for (let k = 0; k < arrays; k++) {
      out.push(
        await page.evaluate(async (i) => {
          if (window.__recolourBare === undefined) throw new Error('bare page has no recolour');
          return window.__recolourBare(i);
        }, k),
      );
    }
    if (points <= 0) throw new Error('no points');
    return { runs: out, page: { firstFrameMs: first, memory: browserMemory() } };
  } finally {
    await browser.close();
  }
}

export async function recolourBench(points: number, opts: { keep?: boolean; log?: (line: string) => void } = {}): Promise<RecolourReport> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const dir = mkdtempSync(join(tmpdir(), 'ketu-bench-recolour-'));
  try {
    log(`${points.toLocaleString('en')} places with product, gender and stage (cached in ${benchCacheDir()}, copied to ${dir}) …`);
    const project = cachedProject(join(dir, 'bench.ketu'), points, undefined, { attributes: true });
    log(`  ${project.cached ? 'from the cache' : `written in ${(project.writeMs / 1000).toFixed(1)} s`}, copied in ${(project.copyMs / 1000).toFixed(1)} s (${(project.bytes / 1e6).toFixed(0)} MB)`);

    const { dispatcher, engine } = createEngineHost();
    const call = engineCall(dispatcher);
    const timed = async <T,>(work: () => Promise<T>): Promise<[T, number]> => {
      const t = performance.now();
      const out = await work();
      return [out, performance.now() - t];
    };
    const [, openMs] = await timed(() => call('project.open', { path: project.path }));
    await call('layers.save', { layers: [fieldLayer('product')] });
    await call('map.save', { filter: {} });
    const [product, productMs] = await timed(() => call('places.field', { field: 'product' }));
    const [gender, genderMs] = await timed(() => call('places.field', { field: 'gender' }));
    const [stage, stageMs] = await timed(() => call('places.field', { field: 'stage' }));
    log(`  engine: project.open ${(openMs / 1000).toFixed(1)} s; places.field product ${(productMs / 1000).toFixed(1)} s, gender ${(genderMs / 1000).toFixed(1)} s, stage ${(stageMs / 1000).toFixed(1)} s`);
    if (stage.kind !== 'category') throw new Error('stage is not a category');
    const deals = stage.labels.indexOf('deals');
    const isDeal = (i: number): boolean => stage.codes[i] === deals;
    let filtered = 0;
    for (const c of stage.codes) if (c === deals) filtered++;

    // The arrays the bare page uploads: the colours each step ends with (the filter hides with alpha 0).
    const cols = readColumns(project.path);
    const recolours = [gender, product, product].map((col, k) => categoryColors(col, k === 2 ? isDeal : undefined));
    const recolourBin = new Uint8Array(recolours.reduce((n, a) => n + a.byteLength, 0));
    recolours.reduce((at, a) => (recolourBin.set(a, at), at + a.byteLength), 0);
    const arrays = encodeBareArrays({ count: cols.columns.count, bounds: cols.bounds, positions: cols.columns.positions, colors: roleFillColors(cols.columns.roles) });

    log('building the bare deck.gl page …');
    await buildBarePage();
    const bare = await serveBarePage(arrays, { '/recolour.bin': recolourBin });
    const host = await startHttpHost(dispatcher);
    try {
      // Warm-up run of the baseline page is the first of the two; they bracket the workbench.
      log('bare deck.gl #1 …');
      const bare1 = await bareRecolours(bare.url, points, recolours.length);
      global.gc?.();

      log('workbench …');
      const TIMEOUT_MS = frameTimeoutMs(points);
      const browser = await launchChromium();
      const steps: Array<Omit<RecolourStep, 'bareMs' | 'bareRuns'>> = [];
      let workbench: RecolourPage;
      try {
        const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
        const t = performance.now();
        await page.goto(host.openUrl);
        await page.waitForFunction((n: number) => window.__ketu?.state === 'ready' && window.__ketu.renderedPoints === n, points, { polling: 50, timeout: TIMEOUT_MS });
        await page.evaluate(readDeckPixel);
        const firstFrameMs = performance.now() - t;
        log(`  first frame ${(firstFrameMs / 1000).toFixed(1)} s`);
        // The layer's properties, open before any clock starts.
        // Selecting the row opens its properties.
        // Software WebGL at 1M points takes seconds a frame: Playwright's stability checks need frames.
        await page.getByTestId(`layer-${LAYER_ID}`).click({ timeout: TIMEOUT_MS });
        await page.getByTestId('prop-field').waitFor({ timeout: TIMEOUT_MS });
        // The select offers the project's fields once places.fields answers (summarised off the engine's
        // thread, so after the first frame): a change before that would pick a field that is not offered.
        await page.locator('[data-testid="prop-field"] option[value="gender"]').waitFor({ state: 'attached', timeout: TIMEOUT_MS });
        log('  recolour product → gender (column fetched from the engine) …');
        steps.push({ label: 'recolour → gender, column not loaded', workbenchMs: await timedChange(page, { selector: '[data-testid="prop-field"]', value: 'gender' }), note: 'includes places.field over HTTP' });
        log('  recolour gender → product (column loaded) …');
        steps.push({ label: 'recolour → product, column loaded', workbenchMs: await timedChange(page, { selector: '[data-testid="prop-field"]', value: 'product' }), note: 'headline' });
        // The stage column arrives when the popover opens, as it does for a planner, before the click.
        await page.getByTestId('filter-group-stage').click({ timeout: TIMEOUT_MS });
        await page.locator('[data-testid^="filter-stage-"][data-value="deals"]').waitFor({ timeout: TIMEOUT_MS });
        log('  filter stage = deals …');
        steps.push({ label: 'filter 成交客户 (stage = deals)', workbenchMs: await timedChange(page, { selector: '[data-testid^="filter-stage-"][data-value="deals"] input' }), note: 'headline' });
        const shown = await page.evaluate(() => window.__ketu?.renderedPoints ?? -1);
        if (shown !== filtered) throw new Error(`the filter left ${shown} points drawn, expected ${filtered}`);
        workbench = { firstFrameMs, memory: browserMemory() };
      } finally {
        await browser.close();
      }
      global.gc?.();
      log('bare deck.gl #2 …');
      const bare2 = await bareRecolours(bare.url, points, recolours.length);
      return {
        points,
        writeMs: project.writeMs,
        cached: project.cached,
        engine: { openMs, fieldMs: { product: productMs, gender: genderMs, stage: stageMs } },
        filtered,
        workbench,
        bare: [bare1.page, bare2.page],
        steps: steps.map((st, k) => {
          const runs = [bare1.runs[k], bare2.runs[k]].filter((v): v is number => v !== undefined);
          return { ...st, bareRuns: runs, bareMs: runs.length === 0 ? null : runs.reduce((a, b) => a + b, 0) / runs.length };
        }),
      };
    } finally {
      await host.close();
      await bare.close();
      engine.close();
    }
  } finally {
    if (opts.keep === true) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export function formatRecolour(r: RecolourReport): string {
  const s = (ms: number | null): string => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`);
  const n = r.points.toLocaleString('en');
  const mb = (m: BrowserMemory | null, key: keyof BrowserMemory): string => (m === null ? '—' : `${(m[key] / 1024 / 1024).toFixed(0)} MB`);
  const bareFirst = r.bare.reduce((sum, b) => sum + b.firstFrameMs, 0) / Math.max(1, r.bare.length);
  const lines = [
    `\nrecolour, ${n} places, viewport 1280×800, headless Chromium + SwiftShader; filter keeps ${r.filtered.toLocaleString('en')}`,
    `  project ${r.cached ? 'from the bench cache' : 'written in this run'} (write ${s(r.writeMs)}); engine project.open ${s(r.engine.openMs)}; places.field ${Object.entries(r.engine.fieldMs).map(([f, ms]) => `${f} ${s(ms)}`).join(', ')}`,
    `  first frame (goto -> drawn): workbench ${s(r.workbench.firstFrameMs)}, bare deck.gl ${s(bareFirst)} (${r.bare.map((b) => s(b.firstFrameMs)).join(', ')}; arrays already in the page), ratio ${(r.workbench.firstFrameMs / bareFirst).toFixed(2)}`,
    `  peak RSS after the steps: workbench renderer ${mb(r.workbench.memory, 'rendererBytes')}, GPU process ${mb(r.workbench.memory, 'gpuBytes')} (goal: renderer < 2 GB); bare page renderer ${mb(r.bare[0]?.memory ?? null, 'rendererBytes')}, GPU ${mb(r.bare[0]?.memory ?? null, 'gpuBytes')}`,
  ];
  for (const st of r.steps) {
    const ratio = st.bareMs === null ? '—' : (st.workbenchMs / st.bareMs).toFixed(2);
    lines.push(`  ${st.label.padEnd(40)} workbench ${s(st.workbenchMs).padStart(8)}   bare deck.gl ${s(st.bareMs).padStart(8)} (${st.bareRuns.map((v) => s(v)).join(', ')})   ratio ${ratio}   ${st.note}`);
  }
  return lines.join('\n');
}
