import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ExcelJS } from '../../native/export/exceljs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withEngine } from '../support/demo-engine.js';
import { tempDir, writeXlsx } from '../support/files.js';
import type { Cell } from '../support/files.js';
import { countNear, Workbench } from './workbench-page.js';

/** GBK bytes, as Chinese Excel saves a CSV (Node can decode GB18030 but not encode it). */
function gbk(text: string): Buffer {
  return execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: text });
}

describe('import dialog v2 on a fresh project', () => {
  const dir = tempDir('ketu-e2e-import-');
  const project = dir.file('导入测试.ketu');
  let wb: Workbench;

  async function batchOf(file: string): Promise<{ id: number; stage: string | null }> {
    const reply = await wb.dispatcher.call('imports.list', {});
    if (!reply.ok) throw new Error(reply.error.message);
    const batch = (reply.result as Array<{ id: number; file: string; stage: string | null }>).find((b) => b.file.endsWith(file));
    if (batch === undefined) throw new Error(`no batch for ${file}`);
    return batch;
  }

  beforeAll(async () => {
    await withEngine((call) => call('project.create', { path: project, name: '导入测试', site: { lng: 120.15, lat: 30.27 }, city: '杭州市' }));
    wb = await Workbench.start(project);
    await wb.waitReady(0);
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('imports a GBK CSV with a title row and a 合计 row, as 来访 customers with coordinates detected', async () => {
    const { imports } = wb;
    const csv = dir.file('来访登记.csv');
    const lines = ['云栖江澜府 来访客户登记表,,,,,', '姓名,手机,居住小区,经度,纬度,来访日期'];
    for (let i = 0; i < 6; i++) lines.push(`来访${i},1380000100${i},桂花城,${(120.13 + i * 0.002).toFixed(4)},30.28,2026/3/${i + 1}`);
    lines.push('合计,,,,,6');
    writeFileSync(csv, gbk(`${lines.join('\r\n')}\r\n`));

    await imports.previewFile(csv);
    await expect.poll(() => imports.preview('rows').innerText()).toBe('6');
    expect(await imports.crs('auto').isChecked()).toBe(true);
    expect(await imports.preview('usable').innerText()).toBe('6');
    expect(await imports.preview('skipped').innerText()).toContain('合计行 1');
    // Auto: plain 经度/纬度 headers mean GCJ-02, the usual source of copied coordinates.
    expect(await imports.preview('crs').innerText()).toContain('经度/纬度 → GCJ-02');
    expect(await imports.encoding().isVisible()).toBe(true);
    expect(await imports.previewSection().innerText()).toContain('GBK');
    expect(await imports.mapField('姓名').inputValue()).toBe('name');

    await imports.stage().selectOption({ label: '来访·意向客户' });
    await imports.commit();
    await expect.poll(() => wb.toast(), { timeout: 30_000 }).toBe('已导入 6 行（新客户 6，待核对 0）');
    await wb.waitReady(6);
    const { id, stage } = await batchOf('来访登记.csv');
    expect(stage).toBe('visitors');
    await expect.poll(() => imports.batch(id).innerText()).toContain('来访·意向客户');
    expect(await imports.batch(id).innerText()).toContain('6 行');
  });

  it('maps non-standard headers (坐标X/坐标Y) in the dialog with a live preview, and remembers the mapping', async () => {
    const { imports } = wb;
    const header: Cell[] = ['客户', '手机', '坐标X', '坐标Y', '居住小区'];
    const rows = (n: number, lng0: number): Cell[][] => Array.from({ length: n }, (_, i) => [`客户${i}`, `139000020${String(10 + i)}`, lng0 + i * 0.003, 30.3 + i * 0.001, `新开楼盘${i}`]);
    const first = dir.file('渠道表一.xlsx');
    await writeXlsx(first, [header, ...rows(8, 120.05)]);

    await imports.previewFile(first);
    // The coordinates hide under headers KeTu does not know: only the community names place the rows, at
    // the project city's centre at best, every one of them 待核对.
    await expect.poll(() => imports.preview('flagged').innerText()).toBe('8');
    expect(await imports.preview('rejected').innerText()).toBe('0');
    expect(await imports.mapField('坐标X').inputValue()).toBe('');
    await imports.mapField('坐标X').selectOption({ label: '经度' });
    await imports.mapField('坐标Y').selectOption({ label: '纬度' });
    await expect.poll(() => imports.preview('flagged').innerText(), { timeout: 15_000 }).toBe('0');
    expect(await imports.preview('usable').innerText()).toBe('8');
    expect(await imports.preview('rejected').innerText()).toBe('0');
    expect(await imports.preview('crs').innerText()).toContain('坐标X/坐标Y');
    expect(await imports.mappingRemembered().count()).toBe(0);

    await imports.commit();
    await expect.poll(() => wb.toast(), { timeout: 30_000 }).toContain('已导入 8 行');
    await wb.waitReady(14);

    const second = dir.file('渠道表二.xlsx');
    await writeXlsx(second, [header, ...rows(3, 120.0)]);
    await imports.previewFile(second);
    await imports.mappingRemembered().waitFor();
    expect(await imports.mappingRemembered().innerText()).toBe('已沿用上次的列对应');
    expect(await imports.mapField('坐标X').inputValue()).toBe('lng');
    expect(await imports.mapField('坐标Y').inputValue()).toBe('lat');
    expect(await imports.preview('usable').innerText()).toBe('3');
    await imports.commit();
    await expect.poll(() => wb.toast(), { timeout: 30_000 }).toContain('已导入 3 行');
    await wb.waitReady(17);
  });

  it('shows a swapped pair as 待核对, saves the full report, and imports the flagged row', async () => {
    const { imports } = wb;
    const xlsx = dir.file('外拓登记.xlsx');
    const rows: Cell[][] = [['姓名', '经度', '纬度']];
    // A cluster of its own to the north-east, so undoing it later visibly empties that part of the map.
    for (let i = 0; i < 12; i++) rows.push([`外拓${i}`, 120.3 + (i % 4) * 0.004, 30.36 + Math.floor(i / 4) * 0.004]);
    rows.push(['颠倒', 30.37, 120.31]);
    await writeXlsx(xlsx, rows);

    await imports.previewFile(xlsx);
    await expect.poll(() => imports.preview('flagged').innerText()).toBe('1');
    expect(await imports.preview('usable').innerText()).toBe('13');
    const flagRow = imports.problemRows('flag');
    expect(await flagRow.count()).toBe(1);
    expect(await flagRow.innerText()).toContain('待核对');
    expect(await flagRow.innerText()).toContain('经纬度颠倒');
    expect(await imports.problemRows('error').count()).toBe(0);

    // The report lands next to the data file by default.
    const report = dir.file('外拓登记-导入报告.xlsx');
    expect(await imports.reportPath().inputValue()).toBe(report);
    await imports.saveReport();
    await expect.poll(() => imports.reportSaved().count(), { timeout: 15_000 }).toBe(1);
    expect(existsSync(report)).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(report) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const cells: string[] = [];
    sheet?.eachRow((row) => cells.push((row.values as unknown[]).slice(1).map(String).join('|')));
    expect(cells.some((c) => c.includes('经纬度颠倒'))).toBe(true);

    await imports.stage().selectOption('field');
    await imports.commit();
    await expect.poll(() => wb.toast(), { timeout: 30_000 }).toBe('已导入 13 行（新客户 13，待核对 1）');
    await wb.waitReady(30);
  });

  it('undoes a batch from the batches panel after confirmation, and its points leave the map', async () => {
    const { imports } = wb;
    const { id } = await batchOf('外拓登记.xlsx');
    const home = await wb.layers.swatchRgb('home');
    const before = countNear(await wb.map.pixels(), home);
    expect(before).toBeGreaterThan(0);

    await imports.undoBatch(id);
    expect(await imports.confirmDialog().innerText()).toContain('外拓登记.xlsx');
    // Cancelling leaves everything in place.
    await imports.cancel();
    expect((await wb.hook()).pointCount).toBe(30);
    await imports.undoBatch(id);
    await imports.confirm();
    await expect.poll(() => wb.toast(), { timeout: 30_000 }).toContain('已撤销导入');
    await wb.waitReady(17);
    expect((await wb.hook()).pointCount).toBe(17);
    await expect.poll(() => imports.batch(id).count()).toBe(0);
    await expect.poll(async () => countNear(await wb.map.pixels(), home), { timeout: 30_000 }).toBeLessThan(before * 0.8);

    // Ctrl+Z offers the latest import (渠道表二, 3 places) and undoes it once confirmed.
    await wb.press('Control+z');
    await expect.poll(() => imports.confirmDialog().innerText()).toContain('撤销最近一次导入');
    expect(await imports.confirmDialog().innerText()).toContain('渠道表二.xlsx');
    await imports.confirm();
    await wb.waitReady(14);
    expect((await wb.hook()).renderedPoints).toBe(14);
  });
});
