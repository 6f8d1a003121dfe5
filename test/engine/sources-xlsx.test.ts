import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ExcelJS } from '../../native/export/exceljs.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openTableSource } from '../../native/import/sources/table-source.js';
import type { SourceRow, TableSource } from '../../native/import/sources/table-source.js';
import { readZipDirectory } from '../../native/import/sources/zip-directory.js';
import { tempDir } from '../support/files.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/sources/${name}`, import.meta.url));

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function temp(): (name: string) => string {
  const d = tempDir('ketu-xlsx-');
  cleanups.push(d.remove);
  return d.file;
}

async function allRows(source: TableSource, sheet?: string, signal?: AbortSignal): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of source.rows(sheet, signal)) rows.push(row);
  return rows;
}

describe('xlsx source', () => {
  it('lists sheets in workbook order and reads the first by default', async () => {
    const source = await openTableSource(fixture('titled-two-sheets.xlsx'));
    expect(source.encoding).toBeUndefined();
    expect(await source.sheets()).toEqual(['成交客户', '来访客户']);
    expect(await source.defaultSheet()).toBe('成交客户');
    const rows = await allRows(source);
    // Row numbers are the sheet's own; rows exceljs never wrote (3, 11, 12) do not appear.
    expect(rows.map((r) => r.number)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 13]);
    expect(rows[0]).toEqual({ number: 1, values: ['云栖江澜府成交客户明细表'] });
    // Column F in row 2 with A–E empty: index 5, holes filled with null.
    expect(rows[1]).toEqual({ number: 2, values: ['导出日期：2026-03-01', null, null, null, null, '制表：渠道部'] });
    // Dates come back as dates (styles are read for their number formats), formulas as their results.
    expect(rows[4]).toEqual({ number: 6, values: ['张伟', 13800000001, '男', '桂花城', 120.1201, 30.2801, '2026-01-05', 312.5] });
    expect(rows[6]?.values).toEqual([null]);
    expect(rows[8]?.values.at(-1)).toBe(315);
    expect(rows[9]).toEqual({ number: 13, values: ['合计', null, null, null, null, null, null, 1320.5] });
  });

  it('reads the second sheet when it is chosen', async () => {
    const source = await openTableSource(fixture('titled-two-sheets.xlsx'));
    expect(await allRows(source, '来访客户')).toEqual([
      { number: 1, values: ['姓名', '电话', '居住小区'] },
      { number: 2, values: ['周婷', '13900000003', '翠苑一区'] },
      { number: 3, values: ['吴昊', '13900000004', '文鼎苑'] },
    ]);
  });

  it('reads a workbook written by LibreOffice (shared strings, different zip layout)', async () => {
    const source = await openTableSource(fixture('libreoffice.xlsx'));
    expect(await source.sheets()).toEqual(['libreoffice']);
    const rows = await allRows(source);
    expect(rows).toHaveLength(9);
    expect(rows[1]?.values).toEqual(['姓名', '电话', '性别', '居住小区', '经度', '纬度', '备注']);
    expect(rows[3]).toEqual({ number: 4, values: ['王芳', 13800000002, '女', '春江花月', 120.2102, 30.2402, '老带新,朋友推荐'] });
  });

  it('skips a hidden first sheet by default but can still read it', async () => {
    const file = temp()('hidden.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('参数', { state: 'hidden' }).addRow(['内部', '参数']);
    wb.addWorksheet('客户').addRow(['姓名', '电话']);
    await wb.xlsx.writeFile(file);
    const source = await openTableSource(file);
    expect(await source.sheets()).toEqual(['参数', '客户']);
    expect(await source.defaultSheet()).toBe('客户');
    expect((await allRows(source))[0]?.values).toEqual(['姓名', '电话']);
    expect((await allRows(source, '参数'))[0]?.values).toEqual(['内部', '参数']);
  });

  it('rejects a sheet name the workbook does not have, listing the real ones', async () => {
    const source = await openTableSource(fixture('titled-two-sheets.xlsx'));
    await expect(allRows(source, 'Sheet1')).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      message: 'titled-two-sheets.xlsx 中没有名为「Sheet1」的工作表（现有：成交客户、来访客户）',
    });
  });

  it('can stop early and read again', async () => {
    const source = await openTableSource(fixture('titled-two-sheets.xlsx'));
    for await (const row of source.rows()) if (row.number >= 2) break;
    expect(await allRows(source, '来访客户')).toHaveLength(3);
  });

  it('reports damage inside the sheet data as a damaged file', async () => {
    const file = temp()('damaged.xlsx');
    const bytes = readFileSync(fixture('titled-two-sheets.xlsx'));
    const sheet = (await readZipDirectory(fixture('titled-two-sheets.xlsx'))).entries.get('xl/worksheets/sheet1.xml');
    if (sheet === undefined) throw new Error('fixture has no sheet1');
    // Overwrite the compressed sheet data (after the local header) with junk: the directory stays valid.
    const start = sheet.localHeaderOffset + 30 + bytes.readUInt16LE(sheet.localHeaderOffset + 26) + bytes.readUInt16LE(sheet.localHeaderOffset + 28);
    bytes.fill(0xaa, start + 10, start + sheet.compressedSize - 10);
    writeFileSync(file, bytes);
    // The sheet is checked (inflate, CRC) while it streams, so the file opens and reading it fails.
    const source = await openTableSource(file);
    await expect(allRows(source)).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE', message: expect.stringMatching(/^damaged\.xlsx 文件已损坏或不完整/) as unknown });
  });

  it('stops with CANCELLED when the signal aborts', async () => {
    const source = await openTableSource(fixture('titled-two-sheets.xlsx'));
    const controller = new AbortController();
    const run = async (): Promise<number> => {
      let last = 0;
      for await (const row of source.rows(undefined, controller.signal)) {
        last = row.number;
        if (last === 4) controller.abort();
      }
      return last;
    };
    await expect(run()).rejects.toMatchObject({ code: 'CANCELLED', message: '导入已取消：titled-two-sheets.xlsx' });
  });

  it('streams a 100,000-row sheet without holding it in memory', async () => {
    // Forced collections make heapUsed measure what is retained, not garbage awaiting collection.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const file = temp()('big.xlsx');
    const ROWS = 100_000;
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const ws = wb.addWorksheet('客户');
    ws.addRow(['姓名', '手机', '居住小区', '经度', '纬度']).commit();
    for (let i = 0; i < ROWS; i++) ws.addRow([`客户${i}`, `138${String(i).padStart(8, '0')}`, `小区${i % 500}`, 120 + i / 1e6, 30 + i / 1e6]).commit();
    ws.commit();
    await wb.commit();
    let unpacked = 0;
    for (const entry of (await readZipDirectory(file)).entries.values()) unpacked += entry.size;

    const opened = performance.now();
    const source = await openTableSource(file);
    const openMs = performance.now() - opened;
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let last: SourceRow | undefined;
    for await (const row of source.rows()) {
      count++;
      last = row;
      if (count % 10_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      }
    }
    expect(count).toBe(ROWS + 1);
    expect(last).toEqual({ number: ROWS + 1, values: [`客户${ROWS - 1}`, '13800099999', '小区499', 120 + (ROWS - 1) / 1e6, 30 + (ROWS - 1) / 1e6] });
    console.info(`100k-row xlsx: ${(statSync(file).size / 1e6).toFixed(1)} MB zipped, ${(unpacked / 1e6).toFixed(1)} MB unpacked, peak retained heap growth ${(peak / 1e6).toFixed(1)} MB, open ${openMs.toFixed(0)} ms`);
    expect(peak).toBeLessThan(unpacked / 4);
  });
});
