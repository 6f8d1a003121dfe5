import { KetuError } from '../contract/errors.js';
import { launchChromium } from './headless-chromium.js';

export interface MapPngOptions {
  ratio: number;
  width: number;
  height: number;
  /** Paint the legend over the map, as the workbench's export dialog does by default. */
  legend?: boolean;
  timeoutMs?: number;
}

/** The workbench's readiness and capture hook (renderer/app/ketu-hook.ts), as seen from Node. */
interface KetuWindow {
  __ketu?: { state: 'loading' | 'ready' | 'error'; renderedPoints: number; exportPng(ratio: number, legend?: boolean): Promise<string> };
}

/** Refuses sizes and ratios the capture cannot honour, before anything starts. */
export function checkMapPngOptions(opts: MapPngOptions): void {
  if (!Number.isFinite(opts.ratio) || opts.ratio < 1 || opts.ratio > 4) throw new KetuError('INVALID_PARAMS', `--ratio 应在 1 到 4 之间；收到：${opts.ratio}`);
  if (!Number.isInteger(opts.width) || !Number.isInteger(opts.height) || opts.width < 200 || opts.height < 200 || opts.width > 4000 || opts.height > 4000) {
    throw new KetuError('INVALID_PARAMS', `--width/--height 应为 200 到 4000 之间的整数；收到：${opts.width}×${opts.height}`);
  }
}

/**
 * `ketu export png`: the workbench served at `workbenchUrl` renders the map in headless Chromium and
 * captures it at the requested pixel ratio, so CLI output is the same picture a planner exports from
 * the UI. The caller serves the workbench (the CLI starts the HTTP host) and writes the bytes.
 */
export async function captureMapPng(workbenchUrl: string, opts: MapPngOptions): Promise<Uint8Array<ArrayBuffer>> {
  checkMapPngOptions(opts);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: opts.width, height: opts.height }, deviceScaleFactor: 1 });
    await page.goto(workbenchUrl.replace('/#', '/?view=map#'));
    // window.__ketu is the workbench's own readiness and capture hook (renderer/app).
    // Function predicates, not strings: the workbench's CSP forbids eval, which string predicates need.
    await page.waitForFunction(() => {
      const state = (globalThis as unknown as KetuWindow).__ketu?.state;
      return state === 'ready' || state === 'error';
    }, undefined, { timeout: opts.timeoutMs ?? 180_000 });
    const state = await page.evaluate(() => (globalThis as unknown as KetuWindow).__ketu?.state);
    if (state !== 'ready') throw new KetuError('EXPORT_FAILED', '工作台未能加载地图，无法导出');
    const base64 = await page.evaluate(
      ({ ratio, legend }) => {
        const hook = (globalThis as unknown as KetuWindow).__ketu;
        if (hook === undefined) throw new Error('workbench hook missing');
        return hook.exportPng(ratio, legend);
      },
      { ratio: opts.ratio, legend: opts.legend ?? true },
    );
    return new Uint8Array(Buffer.from(base64, 'base64'));
  } finally {
    await browser.close();
  }
}
