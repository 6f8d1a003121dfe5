import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerHeader, sha256, writeXlsx } from '../support/files.js';
import type { Cell } from '../support/files.js';
import { countNear, demoCopy, distinctColours, Workbench } from './workbench-page.js';

function countPlaces(path: string): number {
  const db = new Database(path, { readonly: true });
  const n = db.prepare('SELECT count(*) FROM places').pluck().get() as number;
  db.close();
  return n;
}

describe('workbench on the demo project', () => {
  const { dir, project } = demoCopy('ketu-e2e-');
  let wb: Workbench;
  let demoPlaces = 0;

  beforeAll(async () => {
    demoPlaces = countPlaces(project);
    wb = await Workbench.start(project);
    await wb.waitReady(demoPlaces);
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('opens in Chinese with the project, its counts and points drawn on the map', async () => {
    const { shell } = wb;
    await expect.poll(() => shell.lang()).toBe('zh-CN');
    expect(await shell.projectName().innerText()).toContain('云栖江澜府');
    expect(await shell.openButton().innerText()).toContain('打开');
    expect(await shell.pointCount()).toBe(demoPlaces);

    // Pixels, not only the DOM: the home colour covers the map, and hiding 住家 removes it.
    const home = await wb.layers.swatchRgb('home');
    const withHomes = countNear(await wb.map.pixels(), home);
    expect(withHomes).toBeGreaterThan(400);
    await wb.layers.toggle('home');
    await wb.waitReady();
    await expect.poll(async () => countNear(await wb.map.pixels(), home), { timeout: 60_000 }).toBeLessThan(withHomes / 5);
    await wb.layers.toggle('home');
    await wb.waitReady();
    await expect.poll(async () => countNear(await wb.map.pixels(), home), { timeout: 60_000 }).toBeGreaterThan(withHomes * 0.8);
  });

  it('shows cursor coordinates and a scale in the status bar', async () => {
    const { shell, map } = wb;
    const box = await map.box();
    const [lng, lat] = await map.lngLatAt(box.width / 2, box.height / 2);
    expect(lng).toBeGreaterThan(110);
    expect(lng).toBeLessThan(130);
    expect(lat).toBeGreaterThan(20);
    expect(lat).toBeLessThan(40);
    expect(await shell.cursorCoords().innerText()).toMatch(/1[12]\d\.\d{5}.*[23]\d\.\d{5}/);
    expect(await shell.scale().innerText()).toMatch(/\d/);
  });

  it('switches to English and back', async () => {
    const { shell } = wb;
    await shell.langSwitch().click();
    await expect.poll(() => shell.lang()).toBe('en');
    expect(await shell.importButton().innerText()).toMatch(/Import/);
    await shell.langSwitch().click();
    await expect.poll(() => shell.importButton().innerText()).toContain('导入');
  });

  it('imports a small .xlsx with coordinates and draws the new points', async () => {
    const { imports } = wb;
    const xlsx = dir.file('来访客户.xlsx');
    const rows: Cell[][] = [];
    for (let i = 0; i < 15; i++) rows.push([`来访${i}`, `1390000${String(1000 + i)}`, '桂花城', 120.13 + i * 0.001, 30.28, '阿里巴巴', '信息传输、软件和信息技术服务业', 120.02, 30.28]);
    await writeXlsx(xlsx, [customerHeader.slice(0, 9), ...rows]);
    await imports.open(xlsx);
    await imports.crs('wgs84').check();
    await imports.askPreview();
    await expect.poll(() => imports.preview('usable').innerText()).toContain('15');
    await imports.commit();
    await expect.poll(() => wb.toast(), { timeout: 60_000 }).toContain('15');
    await wb.waitReady(demoPlaces + 30);
    expect(await wb.shell.pointCount()).toBe(demoPlaces + 30);
    expect(countPlaces(project)).toBe(demoPlaces + 30);
  });

  it('reports a bad row in Chinese and leaves the project file unchanged', async () => {
    const { page, imports } = wb;
    const xlsx = dir.file('坏数据.xlsx');
    await writeXlsx(xlsx, [['姓名', '经度', '纬度'], ['甲', 120.1, 30.2], ['乙', '一百二十', 30.2]]);
    await wb.dispatcher.call('project.close', {});
    const before = sha256(project);
    await wb.dispatcher.call('project.open', { path: project });
    await imports.open(xlsx);
    await imports.commit();
    await expect.poll(() => wb.dialogError(), { timeout: 30_000 }).toContain('第 3 行');
    expect(await imports.problems().innerText()).toContain('经度不是数字');
    await page.keyboard.press('Escape');
    await wb.dispatcher.call('project.close', {});
    expect(sha256(project)).toBe(before);
    await wb.dispatcher.call('project.open', { path: project });
  });

  it('exports the map view as a PNG at 2× pixel ratio, not blank', async () => {
    const { page, exports } = wb;
    await page.reload();
    await wb.waitReady(demoPlaces + 30);
    const out = dir.file('地图导出.png');
    const map = await wb.map.box();
    await exports.open();
    await exports.ratio().selectOption('2');
    await exports.path().fill(out);
    await exports.submit();
    await expect.poll(() => exports.result().innerText(), { timeout: 90_000 }).toContain('.png');
    const png = PNG.sync.read(readFileSync(out));
    expect(png.width).toBe(Math.round(map.width) * 2);
    expect(png.height).toBe(Math.round(map.height) * 2);
    expect(distinctColours(png)).toBeGreaterThan(50);
    expect(countNear(png, await wb.layers.swatchRgb('home'))).toBeGreaterThan(1600);

    // The same view without the legend differs only where the legend sits on screen: the PNG carries
    // the legend the planner sees, at the same place, and nothing else moves.
    const legend = await wb.shell.legend().boundingBox();
    if (legend === null) throw new Error('legend not shown');
    const bare = dir.file('无图例.png');
    await exports.legend().uncheck();
    await exports.path().fill(bare);
    await exports.submit();
    await expect.poll(() => exports.result().innerText(), { timeout: 90_000 }).toContain('无图例.png');
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
    expect(countNear(without, await wb.layers.swatchRgb('home'))).toBeGreaterThan(1600);
    await page.keyboard.press('Escape');
    await expect.poll(() => exports.result().count()).toBe(0);
  });

  it('names a non-project file in the open dialog', async () => {
    const bogus = dir.file('不是项目.ketu');
    await writeXlsx(bogus, [['x']]);
    const before = sha256(bogus);
    await wb.shell.open(bogus);
    await expect.poll(() => wb.dialogError()).toContain('不是 KeTu 项目文件');
    expect(sha256(bogus)).toBe(before);
    await wb.page.keyboard.press('Escape');
  });
});
