import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlNumber } from '../support/sql-oracle.js';
import { demoCopy, Workbench } from './workbench-page.js';

/** The drawers' width (renderer/shell/workbench.tsx RANKINGS_WIDTH, styles.css .rankings-panel). */
const DRAWER = 400;

type Box = { x: number; y: number; width: number; height: number };

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (b === null) throw new Error('not laid out');
  return b;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function shot(page: Page, name: string): Promise<void> {
  const folder = process.env.KETU_SHOTS;
  if (folder === undefined) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: `${folder}/layout-${name}.png` });
}

describe('layout: drawers beside the map, filter bar clear of the zoom buttons, long names in full', () => {
  const { dir, project } = demoCopy('ketu-e2e-layout-');
  let wb: Workbench;

  beforeAll(async () => {
    const places = sqlNumber(project, 'SELECT count(*) FROM places');
    wb = await Workbench.start(project);
    await wb.waitReady(places);
  });
  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  /** The filter bar, the zoom buttons and an open drawer never cover one another. */
  async function clearOfEachOther(drawer: Locator | null): Promise<void> {
    const bar = await box(wb.page.getByTestId('filter-bar'));
    const zoom = await box(wb.page.locator('.maplibregl-ctrl-top-right .maplibregl-ctrl-group'));
    expect(overlaps(bar, zoom), `filter bar ${JSON.stringify(bar)} / zoom ${JSON.stringify(zoom)}`).toBe(false);
    if (drawer !== null) {
      const d = await box(drawer);
      expect(overlaps(bar, d)).toBe(false);
      expect(overlaps(zoom, d)).toBe(false);
    }
  }

  for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
    it(`at ${width}×${height}: a drawer moves the map's centre left by half its width`, async () => {
      const { page, map } = wb;
      await page.setViewportSize({ width, height });
      await wb.frames(3);
      await clearOfEachOther(null);
      const m = await map.box();
      const centre = await map.lngLatAt(m.width / 2, m.height / 2);
      // Degrees per pixel here, read off the status bar as the planner would.
      const right = await map.lngLatAt(m.width / 2 + 200, m.height / 2);
      const perPx = (right[0] - centre[0]) / 200;

      for (const which of ['rankings', 'areas'] as const) {
        await map.afterFlight(() => page.getByTestId(`${which}-button`).click());
        const drawer = page.getByTestId(`${which}-panel`);
        await drawer.waitFor();
        expect((await box(drawer)).width).toBe(DRAWER);
        // What was in the middle of the map is now in the middle of the part left uncovered.
        const moved = await map.lngLatAt(m.width / 2 - DRAWER / 2, m.height / 2);
        expect(Math.abs(moved[0] - centre[0]) / Math.abs(perPx)).toBeLessThan(3);
        expect(Math.abs(moved[1] - centre[1]) / Math.abs(perPx)).toBeLessThan(3);
        await clearOfEachOther(drawer);
        await shot(page, `${which}-${width}`);
        await map.afterFlight(() => page.getByTestId(`${which}-button`).click());
        expect(await drawer.count()).toBe(0);
        const back = await map.lngLatAt(m.width / 2, m.height / 2);
        expect(Math.abs(back[0] - centre[0]) / Math.abs(perPx)).toBeLessThan(3);
      }
    });
  }

  it('long industry names wrap in the filter and show in full on hover', async () => {
    const { page } = wb;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('filter-group-field').click();
    await page.getByTestId('filter-field-select').selectOption('industry');
    const labels = page.locator('[data-testid="filter-popover-field"] .filter-option-label');
    await expect.poll(() => labels.count()).toBeGreaterThan(3);
    const texts = await labels.allInnerTexts();
    const longest = texts.reduce((a, b) => (b.length > a.length ? b : a), '');
    expect(longest.length).toBeGreaterThan(10);
    for (const el of await labels.all()) {
      const { cut, title, text } = await el.evaluate((e) => ({ cut: e.scrollWidth > e.clientWidth + 1, title: e.getAttribute('title'), text: (e as HTMLElement).innerText }));
      expect(cut, text).toBe(false);
      expect(title).toBe(text);
    }
    await shot(page, 'industry-filter');
    await page.keyboard.press('Escape');
  });
});
