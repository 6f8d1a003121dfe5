import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { engineCall } from '../support/engine-call.js';
import { demoWorkbench } from './workbench-page.js';

const SHOTS = process.env.KETU_SHOTS;

/** Waits until the preview has the engine's answer for the last edit and shows `text`. */
async function previewShows(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid="print-preview-state"][data-state="ready"]').waitFor({ timeout: 150_000 });
  await page.getByTestId('print-preview').getByText(text, { exact: false }).first().waitFor({ timeout: 150_000 });
}

/** Width / height of the page drawn in the preview, in screen pixels. */
async function pageAspect(page: Page): Promise<number> {
  const b = await page.getByTestId('print-preview').getByTestId('print-page').boundingBox();
  if (b === null) throw new Error('no page in the preview');
  return b.width / b.height;
}

/** Where the preview's legend sits in its map frame, as fractions of the frame (left, top, right). */
async function legendInFrame(page: Page): Promise<{ x: number; y: number; right: number }> {
  const preview = page.getByTestId('print-preview');
  const f = await preview.getByTestId('print-frame').boundingBox();
  const l = await preview.getByTestId('print-legend').boundingBox();
  if (f === null || l === null) throw new Error('no frame or legend in the preview');
  return { x: (l.x - f.x) / f.width, y: (l.y - f.y) / f.height, right: (l.x + l.width - f.x) / f.width };
}

/** Drags the preview's legend so that its top-left corner lands at (x, y) of the frame (fractions). */
async function dragLegendTo(page: Page, x: number, y: number): Promise<void> {
  const preview = page.getByTestId('print-preview');
  await preview.scrollIntoViewIfNeeded();
  const f = await preview.getByTestId('print-frame').boundingBox();
  const l = await preview.getByTestId('print-legend').boundingBox();
  if (f === null || l === null) throw new Error('no frame or legend in the preview');
  const grab = { x: l.x + 10, y: l.y + 10 };
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(f.x + x * f.width + 10, f.y + y * f.height + 10, { steps: 8 });
  await page.mouse.up();
}

/*
 * The export dialog's live preview: the page the export writes (same component, same engine page), updated
 * as the planner switches elements, types texts and changes paper and orientation.
 */
describe('live print preview in the export dialog', () => {
  const demo = demoWorkbench('ketu-e2e-preview-');

  it('shows 地图1 with its map picture and follows texts, switches and paper', async () => {
    const { page } = demo.wb;
    await demo.wb.exports.openPdf();
    await page.getByTestId('print-layout').locator('summary').click();
    await previewShows(page, '生活工作分布图');

    const preview = page.getByTestId('print-preview');
    // The map picture is the frame drawn by the workbench map, not a placeholder: it has pixels.
    const img = preview.getByTestId('print-frame').locator('img');
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(800);
    expect(await preview.getByTestId('print-legend').count()).toBe(1);
    // A3 landscape: 420 / 297.
    expect(await pageAspect(page)).toBeCloseTo(420 / 297, 2);
    if (SHOTS !== undefined) {
      mkdirSync(SHOTS, { recursive: true });
      await page.getByTestId('export-dialog').screenshot({ path: `${SHOTS}/preview-a3.png` });
    }

    await page.getByTestId('print-text-title').fill('云栖江澜府 试稿地图');
    await previewShows(page, '云栖江澜府 试稿地图');

    await page.getByTestId('print-element-legend').uncheck();
    await preview.getByTestId('print-legend').waitFor({ state: 'detached' });

    await page.getByTestId('print-paper').selectOption('A4');
    await page.getByTestId('print-landscape').uncheck();
    await page.waitForFunction(() => {
      const b = document.querySelector('[data-testid="print-preview"] [data-testid="print-page"]')?.getBoundingClientRect();
      return b !== undefined && Math.abs(b.width / b.height - 210 / 297) < 0.01;
    }, undefined, { timeout: 150_000 });
    await previewShows(page, '云栖江澜府 试稿地图');
    expect(await pageAspect(page)).toBeCloseTo(210 / 297, 2);
    if (SHOTS !== undefined) await page.getByTestId('export-dialog').screenshot({ path: `${SHOTS}/preview-a4-portrait.png` });
  });

  it('drags the legend anywhere in the frame, undoes the drag, and exports the page with the legend where it was dropped', async () => {
    const { page } = demo.wb;
    const preview = page.getByTestId('print-preview');
    // Fresh settings for this test: 地图1 on A4 landscape with its legend.
    await page.getByTestId('print-paper').selectOption('A4');
    await page.getByTestId('print-landscape').check();
    await page.getByTestId('print-element-legend').check();
    await page.getByTestId('print-text-title').fill('');
    await previewShows(page, '生活工作分布图');
    const start = await legendInFrame(page);
    expect(start.right).toBeGreaterThan(0.95);

    await dragLegendTo(page, 0.05, 0.45);
    const moved = await legendInFrame(page);
    expect(moved.x).toBeCloseTo(0.05, 1);
    expect(moved.y).toBeCloseTo(0.45, 1);

    // The drop is one step on the workbench's history: 撤销 puts the legend back in its corner.
    await page.getByTestId('print-layout-undo').click();
    await page.waitForFunction(() => {
      const f = document.querySelector('[data-testid="print-preview"] [data-testid="print-frame"]')?.getBoundingClientRect();
      const l = document.querySelector('[data-testid="print-preview"] [data-testid="print-legend"]')?.getBoundingClientRect();
      return f !== undefined && l !== undefined && (l.right - f.left) / f.width > 0.95;
    });

    await dragLegendTo(page, 0.05, 0.45);
    await page.getByTestId('print-layout-save').click();
    await page.getByText('已保存版式').waitFor();
    const saved = (await engineCall(demo.wb.dispatcher)('print.layouts.list', {})).find((l) => l.id === '地图1');
    expect(saved?.placements.legend?.x).toBeCloseTo(0.05, 1);
    expect(saved?.placements.legend?.y).toBeCloseTo(0.45, 1);
    if (SHOTS !== undefined) await page.getByTestId('export-dialog').screenshot({ path: `${SHOTS}/preview-legend-dragged.png` });

    // The PDF has the legend's title where it was dropped: left part of the page, below the middle of the frame.
    const legendTitle = (await preview.getByTestId('print-legend').locator('div > div').first().innerText()).trim();
    await page.getByTestId('print-template-地图2').uncheck();
    await page.getByTestId('print-dpi').selectOption('150');
    const out = demo.dir.file('拖动图例.pdf');
    await page.getByTestId('print-path').fill(out);
    await page.getByTestId('print-submit').click();
    await page.getByTestId('print-result').waitFor({ timeout: 170_000 });
    const html = execFileSync('pdftotext', ['-bbox', out, '-'], { encoding: 'utf8' });
    const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3] ?? '' }));
    const title = words.find((w) => w.text.startsWith(legendTitle.slice(0, 2)));
    expect(title, `legend title «${legendTitle}» in the PDF`).toBeDefined();
    // A4 landscape: 842 × 595 pt; the frame spans most of the page.
    expect(title?.x).toBeLessThan(842 * 0.25);
    expect(title?.y).toBeGreaterThan(595 * 0.4);
  });

  it('shows the overview inset, off by default, with the frame as a box inside the city', async () => {
    const { page } = demo.wb;
    const preview = page.getByTestId('print-preview');
    expect(await page.getByTestId('print-element-overview').isChecked()).toBe(false);
    await page.getByTestId('print-element-overview').check();
    await preview.getByTestId('print-overview').waitFor({ timeout: 170_000 });
    const inset = preview.getByTestId('print-overview');
    expect(await inset.locator('img').evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(100);
    const box = await inset.locator('rect').boundingBox();
    const outer = await inset.boundingBox();
    if (box === null || outer === null) throw new Error('no inset box');
    // The frame is a part of the city: its box lies inside the inset, a modest part of it (the inset shows 3× the frame).
    expect(box.x).toBeGreaterThanOrEqual(outer.x - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(outer.x + outer.width + 1);
    expect(Math.max(box.width / outer.width, box.height / outer.height)).toBeLessThan(0.4);
    expect((box.width * box.height) / (outer.width * outer.height)).toBeLessThan(0.15);
    if (SHOTS !== undefined) await page.getByTestId('export-dialog').screenshot({ path: `${SHOTS}/preview-overview.png` });
  });
});
