import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../native/export/headless-chromium.js';
import { startHttpHost } from '../../native/host/http-host.js';
import type { HttpHost } from '../../native/host/http-host.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { readRenderCase, renderCaseNames, renderRoot } from '../support/render-cases.js';

/*
 * Render tests as folders (maplibre's model): test/render/<case>/layers.json + expected.png, with the shared
 * data/hangzhou-360.json unless the case has its own data.json. Each case is drawn by the workbench's
 * `?view=render` page in Chromium and compared with pixelmatch. UPDATE=1 rewrites expected.png.
 * test/unit/render-cases.test.ts checks that every layer type of the registry has a case.
 */

const cases = renderCaseNames();
const update = process.env.UPDATE === '1';
/** Per-pixel colour threshold (pixelmatch's 0..1) and the share of pixels allowed to differ (antialiasing, glyph edges). */
const THRESHOLD = 0.1;
const MAX_DIFF_SHARE = 0.005;

/** The `?view=render` page's entry point (renderer/render/render-view.tsx). */
type RenderWindow = Window & { __ketuRender?: (layers: unknown, data: unknown) => Promise<void> };

describe('render cases', () => {
  const { dispatcher, engine } = createEngineHost();
  const out = mkdtempSync(join(tmpdir(), 'ketu-render-'));
  let host: HttpHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    host = await startHttpHost(dispatcher);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 640, height: 480 }, deviceScaleFactor: 1 });
    await page.goto(`${new URL(host.openUrl).origin}/?view=render`);
    await page.waitForFunction(() => typeof (window as RenderWindow).__ketuRender === 'function', null, { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser.close();
    await host.close();
    engine.close();
  });

  for (const name of cases) {
    it(`draws ${name} as expected`, async () => {
      const dir = join(renderRoot, name);
      const { layers, data } = readRenderCase(name);
      await page.evaluate(async ([l, d]) => (window as RenderWindow).__ketuRender?.(l, d), [layers, data] as const);
      const actual = PNG.sync.read(await page.getByTestId('render-map').screenshot());
      const expectedPath = join(dir, 'expected.png');
      if (update || !existsSync(expectedPath)) {
        writeFileSync(expectedPath, PNG.sync.write(actual));
        if (!update) throw new Error(`${name}: no expected.png yet; wrote one from this run, look at it and run again`);
        return;
      }
      const expected = PNG.sync.read(readFileSync(expectedPath));
      expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
      const diff = new PNG({ width: expected.width, height: expected.height });
      const different = pixelmatch(expected.data, actual.data, diff.data, expected.width, expected.height, { threshold: THRESHOLD });
      if (different > MAX_DIFF_SHARE * expected.width * expected.height) {
        writeFileSync(join(out, `${name}-actual.png`), PNG.sync.write(actual));
        writeFileSync(join(out, `${name}-diff.png`), PNG.sync.write(diff));
      }
      expect(different, `${name}: ${different} pixels differ (actual and diff in ${out})`).toBeLessThanOrEqual(MAX_DIFF_SHARE * expected.width * expected.height);
    });
  }
});
