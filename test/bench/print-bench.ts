// Print: an A3 300 dpi PDF of 地图1 against the PNG export of the same map at the same pixel size, in the
// same run; and a 10-page pack against the same ten pages exported one by one.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mmToCssPx, pageGeometry, defaultPrintLayout, paperMm } from '../../native/contract/print-layout.js';
import { captureMapPng } from '../../native/export/map-png.js';
import { startHttpHost } from '../../native/host/http-host.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { engineCall } from '../support/engine-call.js';
import { generateProject } from './first-frame.js';

export interface PrintReport {
  points: number;
  pdf: { ms: number; bytes: number; mapPx: number };
  png: { ms: number; bytes: number; widthPx: number };
  pack: { ms: number; pages: number };
  singles: { ms: number; pages: number };
}

const AREAS = 7;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await run();
  return [value, performance.now() - t0];
}

export async function printBench(points: number, opts: { keep?: boolean; log?: (line: string) => void } = {}): Promise<PrintReport> {
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
      const [pdf, pdfMs] = await timed(() => call('print.export', { format: 'pdf', templates: ['地图1'], out: join(dir, 'map1.pdf'), overrides: { paper: 'A3', landscape: true, dpi: 300 } }));
      // The PNG export of the same map: the workbench at the frame's CSS size, at the same device ratio.
      const layout = { ...defaultPrintLayout('地图1'), paper: 'A3' as const, landscape: true };
      const { width, height } = paperMm(layout);
      const frame = pageGeometry({ widthMm: width, heightMm: height, template: '地图1', elements: layout.elements }).frame;
      if (frame === null) throw new Error('no frame');
      log('print: PNG of the same map at the same pixel size');
      const [png, pngMs] = await timed(async () => {
        const host = await startHttpHost(dispatcher);
        try {
          return await captureMapPng(host.openUrl, { ratio: 300 / 96, width: Math.round(mmToCssPx(frame.w)), height: Math.round(mmToCssPx(frame.h)), legend: true });
        } finally {
          await host.close();
        }
      });
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
        pdf: { ms: pdfMs, bytes: statSync(pdf.path).size, mapPx: pdf.frames[0]?.image.widthPx ?? 0 },
        png: { ms: pngMs, bytes: png.byteLength, widthPx: Math.round(mmToCssPx(frame.w) * (300 / 96)) },
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
  return [
    `\nprint, ${r.points.toLocaleString('en')} places, headless Chromium + SwiftShader`,
    `  A3 300 dpi PDF of 地图1      ${s(r.pdf.ms)}  map ${r.pdf.mapPx} px across, ${(r.pdf.bytes / 1e6).toFixed(1)} MB`,
    `  PNG of the same map          ${s(r.png.ms)}  ${r.png.widthPx} px across, ${(r.png.bytes / 1e6).toFixed(1)} MB`,
    `  10-page pack (PDF+PPTX)      ${s(r.pack.ms)}  ${r.pack.pages} pages`,
    `  ten single-page PDFs         ${s(r.singles.ms)}  ${r.singles.pages} pages`,
    `print ${r.points}: PDF/PNG ratio ${(r.pdf.ms / r.png.ms).toFixed(2)} (goal ≤ 1.3); pack/singles ratio ${(r.pack.ms / r.singles.ms).toFixed(2)}`,
  ].join('\n');
}
