import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoCopy, Workbench } from './workbench-page.js';

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

/*
 * The export dialog's live preview: the page the export writes (same component, same engine page), updated
 * as the planner switches elements, types texts and changes paper and orientation.
 */
describe('live print preview in the export dialog', () => {
  const { dir, project } = demoCopy('ketu-e2e-preview-');
  let wb: Workbench;

  beforeAll(async () => {
    wb = await Workbench.start(project);
    await wb.waitReady();
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('shows 地图1 with its map picture and follows texts, switches and paper', async () => {
    const { page } = wb;
    await page.getByTestId('export-button').click();
    await page.getByTestId('export-kind').selectOption('pdf');
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
});
