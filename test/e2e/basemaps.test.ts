import { renameSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../../native/contract/display-crs.js';
import { startFakeTileServer } from '../support/fake-tile-server.js';
import type { FakeTileServer } from '../support/fake-tile-server.js';
import { tempDir } from '../support/files.js';
import { ogrVectorMbtiles, solidPyramid, writePmtiles } from '../support/tile-archives.js';
import type { Rgb } from '../support/tile-archives.js';
import { countNear, Workbench } from './workbench-page.js';
import { createOneCustomerProject } from '../support/demo-engine.js';

/** The one place of the project, WGS-84, by West Lake. */
const PLACE: [number, number] = [120.15507, 30.27408];
const MAGENTA: Rgb = [200, 60, 180];
/** The generic vector style's water fill (renderer/map/basemaps.ts). */
const WATER: Rgb = [0xb9, 0xd3, 0xe6];

type Match = (r: number, g: number, b: number) => boolean;
const near = (rgb: Rgb, tolerance = 40): Match => (r, g, b) => Math.hypot(r - rgb[0], g - rgb[1], b - rgb[2]) <= tolerance;
const far = (rgb: Rgb): Match => (r, g, b) => Math.hypot(r - rgb[0], g - rgb[1], b - rgb[2]) > 60;

/**
 * Centre of the matching pixels in the middle of the map (the fitted place is there; the filter bar,
 * legend and zoom buttons lie outside it).
 */
function blobCentre(png: PNG, match: Match): { x: number; y: number; n: number } {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = Math.round(png.height * 0.2); y < png.height * 0.8; y++) {
    for (let x = Math.round(png.width * 0.2); x < png.width * 0.8; x++) {
      const i = 4 * (y * png.width + x);
      if (match(png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0)) {
        sx += x;
        sy += y;
        n++;
      }
    }
  }
  return { x: sx / Math.max(1, n), y: sy / Math.max(1, n), n };
}

/** The colour at a pixel. */
function pixel(png: PNG, x: number, y: number): Rgb {
  const i = 4 * (Math.round(y) * png.width + Math.round(x));
  return [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
}

/** Screenshots to look at, when KETU_SHOTS names a folder. */
async function shot(page: Page, name: string): Promise<void> {
  const folder = process.env.KETU_SHOTS;
  if (folder !== undefined) await page.screenshot({ path: `${folder}/basemap-${name}.png` });
}

function metres(a: readonly [number, number], b: readonly [number, number]): number {
  return Math.hypot((a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * 111_320);
}

describe('basemaps in the workbench', () => {
  const dir = tempDir('ketu-e2e-basemap-');
  const project = dir.file('西湖.ketu');
  const raster = dir.file('品红.pmtiles');
  let server: FakeTileServer;
  let wb: Workbench;
  /** The colour the place is drawn in, read off the first map. */
  let placeRgb: Rgb = [0, 0, 0];
  /** Every URL the page asked for: the CSP keeps tiles on the workbench's own origin. */
  const requested: string[] = [];

  const start = async (): Promise<void> => {
    wb = await Workbench.start(project);
    wb.page.on('request', (r) => requested.push(r.url()));
    await wb.waitReady(1);
  };

  beforeAll(async () => {
    server = await startFakeTileServer();
    await createOneCustomerProject(project, '底图测试', PLACE);
    writePmtiles(raster, solidPyramid(MAGENTA, 0, 5), { tileType: 2, tileCompression: 1 });
    await start();
  });

  afterAll(async () => {
    await wb.close();
    await server.close();
    dir.remove();
  });

  it('adds a local .pmtiles through the 底图 picker and draws its tiles under the place', async () => {
    const { page } = wb;
    expect(await wb.basemap.button().innerText()).toContain('内置离线底图');
    await wb.basemap.addArchive(raster, '品红测试底图');
    await wb.map.basemapShown('local:1');
    expect(await wb.basemap.button().innerText()).toContain('品红测试底图');
    const png = await wb.map.pixels();
    expect(countNear(png, MAGENTA, 12)).toBeGreaterThan(png.width * png.height * 0.8);
    expect(await wb.shell.crs().innerText()).toBe('WGS-84');
    await shot(page, 'local');

    // The place sits where the cursor reads its stored position (WGS-84 tiles: no shift).
    const notMagenta = blobCentre(png, far(MAGENTA));
    placeRgb = pixel(png, notMagenta.x, notMagenta.y);
    const blob = blobCentre(png, near(placeRgb));
    expect(blob.n).toBeGreaterThan(10);
    expect(metres(await wb.map.lngLatAt(blob.x, blob.y), PLACE)).toBeLessThan(120);
  });

  it('draws a vector archive with a generic style made from its layer list', async () => {
    const { page } = wb;
    const lake = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { name: '西湖' }, geometry: { type: 'Polygon', coordinates: [[[119.9, 30.0], [120.4, 30.0], [120.4, 30.5], [119.9, 30.5], [119.9, 30.0]]] } }],
    };
    writeFileSync(dir.file('lake.geojson'), JSON.stringify(lake));
    ogrVectorMbtiles(dir.file('湖.mbtiles'), dir.file('lake.geojson'), 'water', 6, 10);
    await wb.basemap.addArchive(dir.file('湖.mbtiles'), '矢量湖');
    await wb.map.basemapShown('local:2');
    const png = await wb.map.pixels();
    expect(countNear(png, WATER, 12)).toBeGreaterThan(png.width * png.height * 0.5);
    await shot(page, 'vector');
  });

  it('shows 高德 tiles from the tile server and draws the place shifted to GCJ-02; the cursor still reads WGS-84', async () => {
    const { page } = wb;
    // Back on the WGS-84 archive: where the place is drawn there, and how many degrees a pixel spans.
    await wb.basemap.choose('local:1');
    await wb.map.basemapShown('local:1');
    const before = blobCentre(await wb.map.pixels(), near(placeRgb));
    const a = await wb.map.lngLatAt(100, 100);
    const b = await wb.map.lngLatAt(300, 300);
    const perPx = { lng: (b[0] - a[0]) / 200, lat: (b[1] - a[1]) / 200 };

    await wb.basemap.setEndpoint('amap', server.templates.amap);
    await wb.basemap.option('amap').click();
    await wb.map.basemapShown('amap');
    const png = await wb.map.pixels();
    expect(countNear(png, server.colours.amap, 12)).toBeGreaterThan(png.width * png.height * 0.8);
    expect(server.served.length).toBeGreaterThan(0);
    expect(await wb.shell.crs().innerText()).toBe('WGS-84 · 底图 GCJ-02');
    await shot(page, 'amap');

    // Shifted by the GCJ-02 offset (≈ 500 m here), to the pixel.
    const after = blobCentre(png, near(placeRgb));
    const gcj = wgs84ToGcj02(PLACE[0], PLACE[1]);
    const expected = { x: (gcj[0] - PLACE[0]) / perPx.lng, y: (gcj[1] - PLACE[1]) / perPx.lat };
    expect(Math.hypot(expected.x, expected.y)).toBeGreaterThan(8);
    expect(Math.abs(after.x - before.x - expected.x)).toBeLessThan(2);
    expect(Math.abs(after.y - before.y - expected.y)).toBeLessThan(2);
    // Over the shifted place the status bar reads the stored position, not the GCJ-02 one.
    expect(metres(await wb.map.lngLatAt(after.x, after.y), PLACE)).toBeLessThan(120);

    // Every tile came through the engine: the page asked nothing of any other host.
    const origin = new URL(wb.host.url).origin;
    expect(requested.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  });

  it('天地图 needs a key; with one its street and label tiles are drawn, the place unshifted (WGS-84)', async () => {
    const { page } = wb;
    await wb.basemap.setEndpoint('tianditu', server.templates.tianditu);
    await wb.basemap.option('tianditu').click();
    expect(await wb.dialogError()).toContain('请先填写天地图 Key');
    await wb.basemap.tiandituKey().fill('test-tk');
    await wb.basemap.option('tianditu').click();
    await wb.map.basemapShown('tianditu');
    const png = await wb.map.pixels();
    expect(countNear(png, server.colours.vec, 12)).toBeGreaterThan(png.width * png.height * 0.7);
    // The label layer lies over the streets: its marks show at tile corners.
    expect(countNear(png, server.colours.cva, 6)).toBeGreaterThan(16 * 16);
    expect(server.served.some((t) => t.startsWith('tianditu/cva/'))).toBe(true);
    const blob = blobCentre(png, near(placeRgb));
    expect(blob.n).toBeGreaterThan(10);
    expect(metres(await wb.map.lngLatAt(blob.x, blob.y), PLACE)).toBeLessThan(120);
    expect(await wb.shell.crs().innerText()).toBe('WGS-84');
    await shot(page, 'tianditu');
  });

  it('offline: names the unreachable service and falls back to the bundled map', async () => {
    const { page } = wb;
    await server.close();
    // Choosing again asks anew (the old tiles are dropped).
    await wb.basemap.choose('local:1');
    await wb.map.basemapShown('local:1');
    await wb.basemap.choose('amap');
    await expect.poll(() => wb.toast()).toMatch(/无法连接高德地图瓦片服务.*可能处于离线状态/);
    await wb.map.basemapShown('bundled');
    await wb.basemap.openPicker();
    expect(await wb.basemap.problem().innerText()).toMatch(/无法连接高德地图瓦片服务/);
    expect(await wb.basemap.option('amap').isChecked()).toBe(true);
    await shot(page, 'offline');
  });

  it('keeps the chosen archive with the project across a restart', async () => {
    await wb.basemap.choose('local:1');
    await wb.map.basemapShown('local:1');
    await wb.close();
    await start();
    await wb.map.basemapShown('local:1');
    const png = await wb.map.pixels();
    expect(countNear(png, MAGENTA, 12)).toBeGreaterThan(png.width * png.height * 0.8);
  });

  it('a missing archive is named in Chinese and the bundled map is shown', async () => {
    await wb.close();
    renameSync(raster, dir.file('搬走了.pmtiles'));
    await start();
    const { page } = wb;
    await wb.map.basemapShown('bundled');
    // The toast may be gone by now (it shows while the project opens); the 底图 button keeps the warning.
    await expect.poll(() => wb.basemap.button().getAttribute('title')).toMatch(/找不到底图文件「品红测试底图」.*已改用内置离线底图/);
    expect(await wb.basemap.button().innerText()).toContain('⚠');
    expect(countNear(await wb.map.pixels(), MAGENTA, 12)).toBe(0);
    await wb.basemap.openPicker();
    expect(await wb.basemap.problem().innerText()).toContain(raster);
    await shot(page, 'missing');
  });
});
