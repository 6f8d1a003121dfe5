// Print: an A3 300 dpi PDF of 地图1 against the PNG export of the same map at the same pixel size, in the
// same run; and a 10-page pack against the same ten pages exported one by one.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mmToCssPx, pageGeometry, defaultPrintLayout, paperMm } from '../../native/contract/print-layout.js';
import { launchChromium } from '../../native/export/headless-chromium.js';
import { captureMapPng } from '../../native/export/map-png.js';
import { startHttpHost } from '../../native/host/http-host.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { PrintBrowser } from '../../native/print/print-browser.js';
import { engineCall } from '../support/engine-call.js';
import { generateProject } from './first-frame.js';

export interface PrintReport {
  points: number;
  pdf: { ms: number; bytes: number; mapPx: number; phases: Array<[string, number]> };
  /** The same 地图1 frame (its layers, bounds and density) captured as a PNG by the workbench, Chromium start included. */
  png: { ms: number; bytes: number; widthPx: number };
  /** The workbench's current view with its default layers at the same pixel size (the first baseline of this bench). */
  view: { ms: number; bytes: number };
  pack: { ms: number; pages: number } | null;
  singles: { ms: number; pages: number } | null;
}

type Method = (...args: never[]) => Promise<unknown>;

/** The workbench hook's print frame (renderer/map/ketu-hook.ts), as the bench calls it. */
interface FrameWindow {
  __ketu?: { state: string; printFrame(request: { template: 'map1'; filter: Record<string, never>; fit: [number, number, number, number] | null; padding: number; ratio: number }): Promise<{ png: string }> };
}

/**
 * Times PrintBrowser's steps while `run` runs (Chromium start, the map frame, the page layout, page.pdf):
 * where a PDF's time goes beyond the PNG's map capture.
 */
async function withPhases<T>(run: () => Promise<T>): Promise<[T, Array<[string, number]>]> {
  const phases = new Map<string, number>();
  const add = (name: string, ms: number): void => void phases.set(name, (phases.get(name) ?? 0) + ms);
  const proto = PrintBrowser.prototype as unknown as Record<string, Method>;
  const statics = PrintBrowser as unknown as Record<string, Method>;
  const wrap = (target: Record<string, Method>, key: string, name: string): (() => void) => {
    const original = target[key];
    if (original === undefined) throw new Error(`PrintBrowser.${key} missing`);
    target[key] = async function (this: unknown, ...args: never[]): Promise<unknown> {
      const t0 = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        add(name, performance.now() - t0);
      }
    };
    return () => void (target[key] = original);
  };
  const undo = [wrap(statics, 'start', 'Chromium start'), wrap(proto, 'drawFrame', 'map frame (workbench load, template, fit, capture)'), wrap(proto, 'layOut', 'print view (page, image, fonts)'), wrap(proto, 'pdf', 'page.pdf'), wrap(proto, 'close', 'Chromium close')];
  try {
    const t0 = performance.now();
    const value = await run();
    const total = performance.now() - t0;
    add('rest (page jobs, host, merge, write)', total - [...phases.values()].reduce((a, b) => a + b, 0));
    return [value, [...phases]];
  } finally {
    for (const u of undo) u();
  }
}

const AREAS = 7;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await run();
  return [value, performance.now() - t0];
}

export async function printBench(points: number, opts: { keep?: boolean; pdfOnly?: boolean; log?: (line: string) => void } = {}): Promise<PrintReport> {
  const log = opts.log ?? ((): void => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'ketu-print-bench-'));
  try {
    const project = join(dir, 'bench.ketu');
    generateProject(project, points);
    const { dispatcher, engine } = createEngineHost();
    const call = engineCall(dispatcher);
    try {
      await call('project.open', { path: project });
      log(`print: ${points.toLocaleString('en')} places; A3 300 dpi PDF of 地图1`);
      const [[pdf, phases], pdfMs] = await timed(() => withPhases(() => call('print.export', { format: 'pdf', templates: ['地图1'], out: join(dir, 'map1.pdf'), overrides: { paper: 'A3', landscape: true, dpi: 300 } })));
      // Logged at once: the baselines that follow take minutes.
      log(`print: PDF ${(pdfMs / 1000).toFixed(1)} s — ${phases.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join('; ')}`);
      // The PNG export of the same map: the workbench at the frame's CSS size, at the same device ratio.
      const layout = { ...defaultPrintLayout('地图1'), paper: 'A3' as const, landscape: true };
      const { width, height } = paperMm(layout);
      const frame = pageGeometry({ widthMm: width, heightMm: height, template: '地图1', elements: layout.elements }).frame;
      if (frame === null) throw new Error('no frame');
      log('print: PNG of the same 地图1 frame at the same pixel size');
      const cssW = Math.round(mmToCssPx(frame.w));
      const cssH = Math.round(mmToCssPx(frame.h));
      const bounds = pdf.frames[0]?.bounds ?? null;
      const [png, pngMs] = await timed(async () => {
        const host = await startHttpHost(dispatcher);
        const browser = await launchChromium();
        try {
          const page = await browser.newPage({ viewport: { width: cssW, height: cssH }, deviceScaleFactor: 1 });
          await page.goto(host.openUrl.replace('/#', '/?view=map#'));
          await page.waitForFunction(() => (globalThis as unknown as FrameWindow).__ketu?.state === 'ready', undefined, { timeout: 600_000 });
          const shot = await page.evaluate((request) => {
            const hook = (globalThis as unknown as FrameWindow).__ketu;
            if (hook === undefined) throw new Error('workbench hook missing');
            return hook.printFrame(request);
          }, { template: 'map1' as const, filter: {}, fit: bounds, padding: 0, ratio: 300 / 96 });
          return Buffer.from(shot.png, 'base64');
        } finally {
          await browser.close();
          await host.close();
        }
      });
      log('print: PNG of the workbench view (default layers) at the same pixel size');
      const [view, viewMs] = await timed(async () => {
        const host = await startHttpHost(dispatcher);
        try {
          return await captureMapPng(host.openUrl, { ratio: 300 / 96, width: Math.round(mmToCssPx(frame.w)), height: Math.round(mmToCssPx(frame.h)), legend: true });
        } finally {
          await host.close();
        }
      });
      const pdfReport = { ms: pdfMs, bytes: statSync(pdf.path).size, mapPx: pdf.frames[0]?.image.widthPx ?? 0, phases };
      const pngReport = { ms: pngMs, bytes: png.byteLength, widthPx: Math.round(mmToCssPx(frame.w) * (300 / 96)) };
      const viewReport = { ms: viewMs, bytes: view.byteLength };
      if (opts.pdfOnly === true) return { points, pdf: pdfReport, png: pngReport, view: viewReport, pack: null, singles: null };
      for (let i = 0; i < AREAS; i++) {
        await call('areas.add', { name: `片区${i + 1}`, shape: { kind: 'circle', lng: 120.0 + i * 0.06, lat: 30.25, radiusM: 2500 } });
      }
      const overrides = { paper: 'A4' as const, landscape: true, dpi: 150 as const };
      log('print: 10-page pack (地图1, 地图2, 排名, 7 atlas pages), A4 150 dpi');
      const [pack, packMs] = await timed(() => call('print.pack', { out: join(dir, 'pack'), areas: true, overrides }));
      log('print: the same ten pages one by one');
      const [singlePages, singlesMs] = await timed(async () => {
        let pages = 0;
        for (const t of ['地图1', '地图2', '排名'] as const) pages += (await call('print.export', { format: 'pdf', templates: [t], out: join(dir, `single-${t}.pdf`), overrides })).pages;
        for (let i = 0; i < AREAS; i++) pages += (await call('print.export', { format: 'pdf', templates: ['区域'], areas: [`片区${i + 1}`], out: join(dir, `single-area-${i}.pdf`), overrides })).pages;
        return pages;
      });
      return {
        points,
        pdf: pdfReport,
        png: pngReport,
        view: viewReport,
        pack: { ms: packMs, pages: pack.pages },
        singles: { ms: singlesMs, pages: singlePages },
      };
    } finally {
      engine.close();
    }
  } finally {
    if (opts.keep === true) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export function formatPrint(r: PrintReport): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const pack = r.pack === null || r.singles === null ? null : { pack: r.pack, singles: r.singles };
  return [
    `\nprint, ${r.points.toLocaleString('en')} places, headless Chromium + SwiftShader`,
    `  A3 300 dpi PDF of 地图1      ${s(r.pdf.ms)}  map ${r.pdf.mapPx} px across, ${(r.pdf.bytes / 1e6).toFixed(1)} MB`,
    ...r.pdf.phases.map(([name, ms]) => `    ${name.padEnd(52)} ${s(ms)}`),
    `  PNG of the same 地图1 frame   ${s(r.png.ms)}  ${r.png.widthPx} px across, ${(r.png.bytes / 1e6).toFixed(1)} MB`,
    `  PNG of the view, default layers ${s(r.view.ms)}  ${(r.view.bytes / 1e6).toFixed(1)} MB (PDF/this ${(r.pdf.ms / r.view.ms).toFixed(2)})`,
    ...(pack === null
      ? []
      : [`  10-page pack (PDF+PPTX)      ${s(pack.pack.ms)}  ${pack.pack.pages} pages`, `  ten single-page PDFs         ${s(pack.singles.ms)}  ${pack.singles.pages} pages`]),
    `print ${r.points}: PDF/PNG ratio ${(r.pdf.ms / r.png.ms).toFixed(2)} (goal ≤ 1.3)${pack === null ? '' : `; pack/singles ratio ${(pack.pack.ms / pack.singles.ms).toFixed(2)}`}`,
  ].join('\n');
}
