import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerHeader, sha256, tempDir, writeXlsx } from '../support/files.js';
import type { Cell } from '../support/files.js';
import { countNear, distinctColours, Workbench } from './workbench-page.js';

const demo = fileURLToPath(new URL('../../resources/demo/demo.ketu', import.meta.url));

function countPlaces(path: string): number {
  const db = new Database(path, { readonly: true });
  const n = db.prepare('SELECT count(*) FROM places').pluck().get() as number;
  db.close();
  return n;
}

describe('workbench on the demo project', () => {
  const dir = tempDir('ketu-e2e-');
  const project = dir.file('demo.ketu');
  let wb: Workbench;
  let demoPlaces = 0;

  beforeAll(async () => {
    if (!existsSync(demo)) throw new Error('run `npm run build` first: it generates resources/demo/demo.ketu');
    copyFileSync(demo, project);
    demoPlaces = countPlaces(project);
    wb = await Workbench.start(project);
    await wb.waitReady(demoPlaces);
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('opens in Chinese with the project, its counts and points drawn on the map', async () => {
    const { page } = wb;
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.getByTestId('project-name').innerText()).toContain('云栖江澜府');
    expect(await page.getByTestId('open-button').innerText()).toContain('打开');
    expect((await page.getByTestId('point-count').innerText()).replace(/[^\d]/g, '')).toBe(String(demoPlaces));

    // Pixels, not only the DOM: the home colour covers the map, and hiding 住家 removes it.
    const home = await wb.swatchRgb('home');
    const withHomes = countNear(await wb.mapPixels(), home);
    expect(withHomes).toBeGreaterThan(400);
    await wb.toggleLayer('home');
    await wb.waitReady();
    await expect.poll(async () => countNear(await wb.mapPixels(), home), { timeout: 60_000 }).toBeLessThan(withHomes / 5);
    await wb.toggleLayer('home');
    await wb.waitReady();
    await expect.poll(async () => countNear(await wb.mapPixels(), home), { timeout: 60_000 }).toBeGreaterThan(withHomes * 0.8);
  });

  it('shows cursor coordinates and a scale in the status bar', async () => {
    const { page } = wb;
    const box = await page.getByTestId('map').boundingBox();
    if (box === null) throw new Error('map not laid out');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.getByTestId('cursor-coords').innerText()).toMatch(/1[12]\d\.\d{5}.*[23]\d\.\d{5}/);
    expect(await page.getByTestId('map-scale').innerText()).toMatch(/\d/);
  });

  it('switches to English and back', async () => {
    const { page } = wb;
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByTestId('import-button').innerText()).toMatch(/Import/);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('import-button').innerText()).toContain('导入');
  });

  it('imports a small .xlsx with coordinates and draws the new points', async () => {
    const { page } = wb;
    const xlsx = dir.file('来访客户.xlsx');
    const rows: Cell[][] = [];
    for (let i = 0; i < 15; i++) rows.push([`来访${i}`, `1390000${String(1000 + i)}`, '桂花城', 120.13 + i * 0.001, 30.28, '阿里巴巴', '信息传输、软件和信息技术服务业', 120.02, 30.28]);
    await writeXlsx(xlsx, [customerHeader.slice(0, 9), ...rows]);
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-path').fill(xlsx);
    await page.getByTestId('crs-wgs84').check();
    await page.getByTestId('import-preview').click();
    await expect.poll(() => page.getByTestId('preview-usable').innerText()).toContain('15');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('toast').innerText(), { timeout: 60_000 }).toContain('15');
    await wb.waitReady(demoPlaces + 30);
    expect((await page.getByTestId('point-count').innerText()).replace(/[^\d]/g, '')).toBe(String(demoPlaces + 30));
    expect(countPlaces(project)).toBe(demoPlaces + 30);
  });

  it('reports a bad row in Chinese and leaves the project file unchanged', async () => {
    const { page } = wb;
    const xlsx = dir.file('坏数据.xlsx');
    await writeXlsx(xlsx, [['姓名', '经度', '纬度'], ['甲', 120.1, 30.2], ['乙', '一百二十', 30.2]]);
    await wb.dispatcher.call('project.close', {});
    const before = sha256(project);
    await wb.dispatcher.call('project.open', { path: project });
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-path').fill(xlsx);
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('dialog-error').innerText(), { timeout: 30_000 }).toContain('第 3 行');
    expect(await page.getByTestId('import-problems').innerText()).toContain('经度不是数字');
    await page.keyboard.press('Escape');
    await wb.dispatcher.call('project.close', {});
    expect(sha256(project)).toBe(before);
    await wb.dispatcher.call('project.open', { path: project });
  });

  it('exports the map view as a PNG at 2× pixel ratio, not blank', async () => {
    const { page } = wb;
    await page.reload();
    await wb.waitReady(demoPlaces + 30);
    const out = dir.file('地图导出.png');
    const map = await page.getByTestId('map').boundingBox();
    if (map === null) throw new Error('map not laid out');
    await page.getByTestId('export-button').click();
    await page.getByTestId('export-ratio').selectOption('2');
    await page.getByTestId('export-path').fill(out);
    await page.getByTestId('export-submit').click();
    await expect.poll(() => page.getByTestId('export-result').innerText(), { timeout: 90_000 }).toContain('.png');
    const png = PNG.sync.read(readFileSync(out));
    expect(png.width).toBe(Math.round(map.width) * 2);
    expect(png.height).toBe(Math.round(map.height) * 2);
    expect(distinctColours(png)).toBeGreaterThan(50);
    expect(countNear(png, await wb.swatchRgb('home'))).toBeGreaterThan(1600);

    // The same view without the legend differs only where the legend sits on screen: the PNG carries
    // the legend the planner sees, at the same place, and nothing else moves.
    const legend = await page.getByTestId('map-legend').boundingBox();
    if (legend === null) throw new Error('legend not shown');
    const bare = dir.file('无图例.png');
    await page.getByTestId('export-legend').uncheck();
    await page.getByTestId('export-path').fill(bare);
    await page.getByTestId('export-submit').click();
    await expect.poll(() => page.getByTestId('export-result').innerText(), { timeout: 90_000 }).toContain('无图例.png');
    const without = PNG.sync.read(readFileSync(bare));
    const box = { left: Infinity, right: -1, top: Infinity, bottom: -1, count: 0 };
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const i = 4 * (y * png.width + x);
        if (Math.abs((png.data[i] ?? 0) - (without.data[i] ?? 0)) + Math.abs((png.data[i + 1] ?? 0) - (without.data[i + 1] ?? 0)) + Math.abs((png.data[i + 2] ?? 0) - (without.data[i + 2] ?? 0)) < 12) continue;
        box.count++;
        box.left = Math.min(box.left, x);
        box.right = Math.max(box.right, x);
        box.top = Math.min(box.top, y);
        box.bottom = Math.max(box.bottom, y);
      }
    }
    const onScreen = { left: (legend.x - map.x) * 2, right: (legend.x - map.x + legend.width) * 2, bottom: (legend.y - map.y + legend.height) * 2 };
    expect(box.count).toBeGreaterThan(5000);
    expect(Math.abs(box.left - onScreen.left)).toBeLessThan(6);
    expect(Math.abs(box.bottom - onScreen.bottom)).toBeLessThan(6);
    expect(box.right).toBeLessThan(onScreen.right + 6);
    expect(countNear(without, await wb.swatchRgb('home'))).toBeGreaterThan(1600);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('export-result').count()).toBe(0);
  });

  it('names a non-project file in the open dialog', async () => {
    const { page } = wb;
    const bogus = dir.file('不是项目.ketu');
    await writeXlsx(bogus, [['x']]);
    const before = sha256(bogus);
    await page.getByTestId('open-button').click();
    await page.getByTestId('open-path').fill(bogus);
    await page.getByTestId('open-submit').click();
    await expect.poll(() => page.getByTestId('dialog-error').innerText()).toContain('不是 KeTu 项目文件');
    expect(sha256(bogus)).toBe(before);
    await page.keyboard.press('Escape');
  });
});
