import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KetuError } from '../contract/errors.js';
import type { CallContext } from '../contract/handler-types.js';
import { pageGeometry } from '../contract/print-layout.js';
import type { PrintFormat, PrintFrameFacts, PrintLayout } from '../contract/print-layout.js';
import { placesInArea } from '../analysis/area-analysis.js';
import { customerListTable } from '../export/customer-list.js';
import { filterWords } from '../export/filter-words.js';
import { checkOutputPath, writeOutputFile } from '../export/output-path.js';
import { pngSize, withDpi } from '../export/png-file.js';
import { writeXlsxTables } from '../export/xlsx-table.js';
import type { XlsxTable } from '../export/xlsx-table.js';
import { maskPhone } from '../import/values/index.js';
import type { ProjectStore } from '../store/project-store.js';
import { pageJobs } from './page-jobs.js';
import type { PageRequest, PrintOverrides } from './page-jobs.js';
import { mergePdfs } from './pdf-merge.js';
import { PrintBrowser } from './print-browser.js';
import type { RenderedPage } from './print-browser.js';
import { pagesToPptx } from './pptx.js';

/** A served workbench for headless Chromium (the host starts one on the engine's own dispatcher). */
export interface ServedWorkbench {
  openUrl: string;
  close(): Promise<void>;
}
export type ServeWorkbench = () => Promise<ServedWorkbench>;

/** What printing needs from the host: a served workbench, and the bundled resources (the revision's cell names). */
export interface PrintEnv {
  serve: ServeWorkbench;
  resourcesDir: string;
}

export interface Printed {
  pages: RenderedPage[];
  pdf: Uint8Array | null;
  /** The first page as a PNG at its dpi (pHYs written), when asked. */
  png: Uint8Array | null;
}

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The facts of every map frame printed (print.export's and print.pack's `frames`). */
function frameFacts(pages: readonly RenderedPage[]): PrintFrameFacts[] {
  return pages.flatMap(({ page, frame }) => {
    const g = pageGeometry(page).frame;
    if (frame === null || page.map === null || g === null) return [];
    return [{ pageNumber: page.pageNumber, ...frame, frameMm: { w: g.w, h: g.h }, image: { widthPx: page.map.widthPx, heightPx: page.map.heightPx }, scale: page.map.scale, legends: page.map.legends }];
  });
}

function checkCancel(ctx: CallContext): void {
  if (ctx.signal.aborted) throw new KetuError('CANCELLED', '出图已取消');
}

/**
 * Renders the pages in one headless Chromium: each page's map frame at its dpi, each page laid out and
 * printed to a one-page PDF (or a PNG for the first page), progress 'page' after each. Cancel stops
 * between pages.
 */
export async function printPages(store: ProjectStore, env: PrintEnv, requests: readonly PageRequest[], overrides: PrintOverrides, want: { pdf: boolean; png: boolean }, ctx: CallContext, draft?: PrintLayout): Promise<Printed> {
  if (requests.length === 0) throw new KetuError('EXPORT_FAILED', '没有可出图的页面（区域图册需要至少一个目标区域）');
  const jobs = pageJobs(store, requests, overrides, today(), env.resourcesDir, draft);
  const host = await env.serve();
  const browser = await PrintBrowser.start(host.openUrl);
  const pages: RenderedPage[] = [];
  const pdfs: Uint8Array[] = [];
  let png: Uint8Array | null = null;
  try {
    ctx.progress('page', 0, jobs.length);
    for (const job of jobs) {
      checkCancel(ctx);
      const rendered = await browser.render(job);
      pages.push(rendered);
      if (want.pdf) pdfs.push(await browser.pdf(rendered.page));
      if (want.png && png === null) png = withDpi(await browser.png(rendered.page), rendered.page.dpi);
      ctx.progress('page', pages.length, jobs.length);
    }
  } finally {
    await browser.close();
    await host.close();
  }
  checkCancel(ctx);
  return { pages, pdf: want.pdf ? await mergePdfs(pdfs) : null, png };
}

async function writeBytes(out: string, what: string, bytes: Uint8Array, overwrite: boolean): Promise<string> {
  const path = checkOutputPath(out);
  if (!overwrite && existsSync(path)) throw new KetuError('FILE_EXISTS', `文件已存在：${path}`, { file: path });
  return writeOutputFile(path, what, (tmp) => writeFileSync(tmp, bytes));
}

/** `print.export`: the pages as one PDF, PNG (first page) or PPTX. */
export async function exportPrint(store: ProjectStore, env: PrintEnv, requests: readonly PageRequest[], format: PrintFormat, out: string, overrides: PrintOverrides, overwrite: boolean, ctx: CallContext, draft?: PrintLayout): Promise<{ path: string; pages: number; bytes: number; widthPx?: number; heightPx?: number; frames: PrintFrameFacts[] }> {
  checkOutputPath(out);
  // Slides are 16:9 unless a paper is named: every slide of a deck has one size.
  const o: PrintOverrides = format === 'pptx' && overrides.paper === undefined ? { ...overrides, paper: 'slide' } : overrides;
  // A PNG is one page: the first one asked for.
  const printed = await printPages(store, env, format === 'png' ? requests.slice(0, 1) : requests, o, { pdf: format === 'pdf', png: format === 'png' }, ctx, draft);
  if (format === 'png') {
    const png = printed.png ?? new Uint8Array();
    const size = pngSize(png);
    const path = await writeBytes(out, ' PNG 文件', png, overwrite);
    return { path, pages: 1, bytes: png.byteLength, widthPx: size.width, heightPx: size.height, frames: frameFacts(printed.pages.slice(0, 1)) };
  }
  const bytes = format === 'pdf' ? (printed.pdf ?? new Uint8Array()) : await pagesToPptx(printed.pages);
  const path = await writeBytes(out, format === 'pdf' ? ' PDF 文件' : ' PPTX 文件', bytes, overwrite);
  return { path, pages: printed.pages.length, bytes: bytes.byteLength, frames: frameFacts(printed.pages) };
}

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique within the workbook. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 28) || '区域';
  let n = base;
  for (let k = 2; taken.has(n); k++) n = `${base}-${k}`;
  taken.add(n);
  return n;
}

/** The N份清单 as one workbook, one sheet per visible target area holding customers (phones masked unless `unmasked`). */
export async function writeAreaLists(store: ProjectStore, out: string, unmasked: boolean): Promise<number> {
  const filter = store.mapSettings.read().filter;
  const filterText = filterWords(filter);
  const taken = new Set<string>();
  const sheets: XlsxTable[] = [];
  for (const area of store.areas.list().filter((a) => !a.hidden)) {
    const rows = store.areas.listRows(placesInArea(store, area, filter));
    const customers = new Set(rows.map((r) => r.customer)).size;
    if (customers === 0) continue;
    const title = `${area.name} 客户清单（${customers} 位客户，区域内地点 ${rows.length} 个${filterText === '' ? '' : `，筛选：${filterText}`}）`;
    sheets.push(customerListTable(rows, { title, filterText, mask: unmasked ? null : maskPhone, rowsPer: 'customer' }, sheetName(area.name, taken)));
  }
  if (sheets.length === 0) return 0;
  await writeXlsxTables(out, '客户清单', sheets);
  return sheets.length;
}

/** The output folder of a pack: made when missing; a file there is refused. */
export function packFolder(dir: string): string {
  const path = resolve(dir);
  if (existsSync(path) && !statSync(path).isDirectory()) throw new KetuError('OUTPUT_REFUSED', `不能写入 ${path}：这不是文件夹`, { file: path });
  mkdirSync(path, { recursive: true });
  return path;
}

/** `print.pack` (一键出图): the pages as one PDF and one PPTX, and the lists, into `dir`. */
export async function printPack(store: ProjectStore, env: PrintEnv, requests: readonly PageRequest[], dir: string, overrides: PrintOverrides, unmasked: boolean, lists: boolean, ctx: CallContext, draft?: PrintLayout): Promise<{ dir: string; pages: number; files: string[]; frames: PrintFrameFacts[] }> {
  const folder = packFolder(dir);
  const name = store.info().name.replace(/[\\/:*?"<>|]/g, '_');
  const pdfPath = join(folder, `${name}-出图.pdf`);
  const pptxPath = join(folder, `${name}-出图.pptx`);
  const xlsxPath = join(folder, `${name}-区域清单.xlsx`);
  for (const p of [pdfPath, pptxPath, xlsxPath]) checkOutputPath(p);
  // One paper for every page: a deck's slides share one size, and the PDF and PPTX show the same pages.
  const o: PrintOverrides = { paper: 'A3', landscape: true, ...overrides };
  const printed = await printPages(store, env, requests, o, { pdf: true, png: false }, ctx, draft);
  const files = [await writeBytes(pdfPath, ' PDF 文件', printed.pdf ?? new Uint8Array(), true)];
  checkCancel(ctx);
  files.push(await writeBytes(pptxPath, ' PPTX 文件', await pagesToPptx(printed.pages), true));
  if (lists && (await writeAreaLists(store, xlsxPath, unmasked)) > 0) files.push(xlsxPath);
  return { dir: folder, pages: printed.pages.length, files, frames: frameFacts(printed.pages) };
}
