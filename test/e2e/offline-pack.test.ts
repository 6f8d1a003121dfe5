import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOneCustomerProject } from '../support/demo-engine.js';
import { startFakeTileServer } from '../support/fake-tile-server.js';
import type { FakeTileServer } from '../support/fake-tile-server.js';
import { tempDir } from '../support/files.js';
import { readMbtilesTiles } from '../support/tile-archives.js';
import { countNear, Workbench } from './workbench-page.js';

/** One place by West Lake, WGS-84. */
const PLACE: [number, number] = [120.15507, 30.27408];
/** The bundled map's district label colour (renderer/map/basemap-style.ts). */
const DISTRICT_TEXT: [number, number, number] = [0x59, 0x61, 0x6b];

/** Screenshots to look at, when KETU_SHOTS names a folder. */
async function shot(page: Page, name: string): Promise<void> {
  const folder = process.env.KETU_SHOTS;
  if (folder === undefined) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: `${folder}/offline-pack-${name}.png` });
}

/** Clicks a zoom button `n` times, each time until the camera is still again. */
async function zoom(page: Page, by: number): Promise<void> {
  for (let i = 0; i < Math.abs(by); i++) {
    await page.locator(by > 0 ? '.maplibregl-ctrl-zoom-in' : '.maplibregl-ctrl-zoom-out').click();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="map"]')?.dataset.moving === undefined, null, { polling: 50 });
  }
}

describe('离线底图包 in the workbench', () => {
  const dir = tempDir('ketu-e2e-pack-');
  const project = dir.file('西湖.ketu');
  let server: FakeTileServer;
  let wb: Workbench;

  beforeAll(async () => {
    server = await startFakeTileServer();
    await createOneCustomerProject(project, '离线包', PLACE);
    wb = await Workbench.start(project);
    await wb.waitReady(1);
  });

  afterAll(async () => {
    await wb.close();
    await server.close();
    dir.remove();
  });

  it('counts, downloads and keeps 高德 tiles beside the project; with the tile server gone the map draws the pack', async () => {
    const { page } = wb;
    await wb.basemap.setEndpoint('amap', server.templates.amap);
    await wb.basemap.option('amap').click();
    await wb.map.basemapShown('amap');
    const onlineAsks = server.served.length;

    await wb.basemap.openPicker();
    await page.getByTestId('pack-open').click();
    const dialog = page.getByTestId('pack-dialog');
    await dialog.waitFor();
    // Each provider's terms are named before anything is downloaded.
    expect(await page.getByTestId('pack-terms-amap').innerText()).toContain('高德地图开放平台服务协议');
    expect(await page.getByTestId('pack-terms-tianditu').innerText()).toContain('天地图服务条款');
    await page.getByTestId('pack-max-zoom').selectOption('15');
    await page.getByTestId('pack-margin').fill('5');
    const plan = page.getByTestId('pack-plan');
    await expect.poll(async () => (await plan.innerText()).match(/共 ([\d,]+) 张瓦片，还需下载约 [\d.]+ MB/)?.[1] ?? '').not.toBe('');
    const tiles = Number(await plan.getAttribute('data-tiles'));
    expect((await plan.innerText()).replaceAll(',', '')).toContain(`共 ${tiles} 张瓦片`);
    expect(await plan.innerText()).toContain(dir.file('西湖-高德地图离线底图.mbtiles'));
    expect(server.served.length).toBe(onlineAsks);
    await shot(page, 'dialog');

    await page.getByTestId('pack-download').click();
    await page.getByTestId('pack-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('pack-done').innerText()).toContain(`新下载 ${tiles.toLocaleString('zh-CN')} 张`);
    // Every tile the dialog counted is in the file (the online view before may have asked for some of them too).
    expect(readMbtilesTiles(dir.file('西湖-高德地图离线底图.mbtiles')).length).toBe(tiles);
    await shot(page, 'done');
    await dialog.getByRole('button', { name: '关闭' }).first().click();

    // Offline: the tile server is gone; asked anew, 高德 fails and the pack stands in for it.
    await server.close();
    await wb.basemap.choose('bundled');
    await wb.map.basemapShown('bundled');
    await wb.basemap.choose('amap');
    await wb.map.basemapShown('local:1');
    // The pack covers the places plus 5 km: the middle of the map (fitted to the place) is all 高德 streets.
    const png = await wb.map.pixels();
    const [cx, cy] = [Math.round(png.width / 2), Math.round(png.height / 2)];
    let streets = 0;
    for (let y = cy - 100; y < cy + 100; y++) {
      for (let x = cx - 100; x < cx + 100; x++) {
        const i = 4 * (y * png.width + x);
        const [r, g, b] = [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
        if (Math.hypot(r - server.colours.amap[0], g - server.colours.amap[1], b - server.colours.amap[2]) <= 12) streets++;
      }
    }
    expect(streets).toBeGreaterThan(200 * 200 * 0.8);
    expect(countNear(png, server.colours.amap, 12)).toBeGreaterThan(0);
    await expect.poll(() => wb.basemap.button().getAttribute('title')).toMatch(/正在使用离线底图包「高德地图离线底图」/);
    await shot(page, 'offline');
  });

  it('the bundled map names the districts at zoom 9, 12 and 15', async () => {
    const { page } = wb;
    await wb.basemap.choose('bundled');
    await wb.map.basemapShown('bundled');
    // Fitted to one place: zoom 12. Out to 9, then in to 15 (≈ 1:16,000 on a laptop screen).
    for (const [z, by] of [[12, 0], [9, -3], [15, 6]] as const) {
      await zoom(page, by);
      // Label glyphs in the district text colour (the labels come in as the map's tiles are laid out).
      await expect.poll(async () => countNear(await wb.map.pixels(), DISTRICT_TEXT, 24), { timeout: 20_000 }).toBeGreaterThan(40);
      await shot(page, `bundled-z${z}`);
    }
  });
});
