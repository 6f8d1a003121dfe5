import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ExcelJS } from '../../native/export/exceljs.js';
import { openTableSource } from '../../native/import/sources/table-source.js';
import { tempDir } from '../support/files.js';

const ROWS = 20_000;
const words = ['杭州市西湖区文三路', '滨江区江南大道', '余杭区五常街道', '桂花城', '春江花月', '金色海岸', '信息传输、软件和信息技术服务业'];
const text = (i: number): string => `${words[i % words.length] ?? ''}${i}号${'楼'.repeat(i % 13)}`;

/** Chinese text in a big sheet: exceljs's own streaming reader damages some of it at chunk boundaries. */
describe('reading Chinese text from large .xlsx files', () => {
  const dir = tempDir();
  const file = dir.file('big.xlsx');
  afterAll(() => dir.remove());

  it('keeps every character (the unpatched exceljs reader does not, on the same file)', async () => {
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const ws = writer.addWorksheet('客户');
    ws.addRow(['姓名', '现居住地址', '经度', '纬度']).commit();
    for (let i = 0; i < ROWS; i++) ws.addRow([`客户${i}`, text(i), 120.1, 30.2]).commit();
    ws.commit();
    await writer.commit();

    // Control: plain exceljs in a fresh process, so the test data is known to trigger the upstream bug.
    const control = `
      const ExcelJS = require('exceljs');
      (async () => {
        let bad = 0;
        const reader = new ExcelJS.stream.xlsx.WorkbookReader(${JSON.stringify(file)}, { sharedStrings: 'cache', worksheets: 'emit' });
        for await (const ws of reader) for await (const row of ws) for (const v of row.values) if (typeof v === 'string' && v.includes('\\uFFFD')) bad++;
        process.stdout.write(String(bad));
      })();`;
    const damagedByPlainExceljs = Number(execFileSync(process.execPath, ['-e', control], { encoding: 'utf8', cwd: process.cwd() }));
    expect(damagedByPlainExceljs).toBeGreaterThan(0);

    const source = await openTableSource(file);
    let n = 0;
    let damaged = 0;
    for await (const row of source.rows()) {
      if (row.number === 1) continue;
      if (row.values[1] !== text(row.number - 2)) damaged++;
      n++;
    }
    expect(n).toBe(ROWS);
    expect(damaged).toBe(0);
  });
});
