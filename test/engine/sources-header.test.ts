import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlainCell } from '../../native/import/cell-value.js';
import { detectHeader, isBlankRow, isSummaryRow, readTable } from '../../native/import/sources/header-detect.js';
import type { TableRead } from '../../native/import/sources/header-detect.js';
import { openTableSource } from '../../native/import/sources/table-source.js';
import type { SourceRow } from '../../native/import/sources/table-source.js';
import { tempDir } from '../support/files.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/sources/${name}`, import.meta.url));

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function temp(): (name: string) => string {
  const d = tempDir('ketu-header-');
  cleanups.push(d.remove);
  return d.file;
}

const rows = (...values: PlainCell[][]): SourceRow[] => values.map((v, i) => ({ number: i + 1, values: v }));

async function dataNumbers(table: TableRead): Promise<number[]> {
  const out: number[] = [];
  for await (const row of table.rows) out.push(row.number);
  return out;
}

describe('detectHeader', () => {
  it('skips a merged title, a date line and a merged group row', () => {
    const found = detectHeader(
      rows(
        ['云栖江澜府成交客户明细表'],
        ['导出日期：2026-03-01', null, null, null, '制表：渠道部'],
        [],
        ['客户信息', null, null, '居住信息'],
        ['姓名', '电话', '性别', '居住小区', '经度', '纬度', null],
        ['张三', '13800000000', '男', '桂花城', 120.1, 30.2],
      ),
    );
    expect(found).toEqual({ headerRow: 5, headers: ['姓名', '电话', '性别', '居住小区', '经度', '纬度'] });
  });

  it('takes the lower row under a group row whose labels are themselves headers', () => {
    // '客户' and '工作单位' are recognised (name, employer), but the row below has more.
    const found = detectHeader(rows(['客户', null, null, '工作单位', null, null], ['姓名', '电话', '性别', '单位', '单位地址', '行业']));
    expect(found?.headerRow).toBe(2);
  });

  it('on equal scores prefers the row with more filled cells, then the earlier row', () => {
    expect(detectHeader(rows(['姓名', null, '电话'], ['姓名', '备用', '电话']))?.headerRow).toBe(2);
    expect(detectHeader(rows(['姓名', '电话', 'x'], ['姓名', '电话', 'y']))?.headerRow).toBe(1);
  });

  it('fills header cells merged down from the row above', () => {
    // 姓名 spans rows 1–2; 居住 is a group over 小区/经度/纬度.
    const found = detectHeader(rows(['姓名', '居住', null, null], [null, '小区', '经度', '纬度'], ['张三', '桂花城', 120.1, 30.2]));
    expect(found).toEqual({ headerRow: 2, headers: ['姓名', '小区', '经度', '纬度'] });
  });

  it('needs two recognised headers within the first 30 non-blank rows', () => {
    expect(detectHeader(rows(['姓名', '客户等级'], ['张三', 'A']))).toBeNull();
    const notes: PlainCell[][] = Array.from({ length: 30 }, (_, i) => [`说明 ${i + 1}`]);
    expect(detectHeader(rows(...notes, ['姓名', '电话']))).toBeNull();
    const withBlanks: PlainCell[][] = [...Array.from({ length: 29 }, (_, i): PlainCell[] => (i % 2 === 0 ? [null] : [`说明 ${i}`])), ['姓名', '电话']];
    expect(detectHeader(rows(...withBlanks))?.headerRow).toBe(30);
  });
});

describe('isSummaryRow / isBlankRow', () => {
  it('recognises 合计/小计/总计/总数 in the first two non-empty cells', () => {
    for (const r of [['合计'], ['合 计', 6], ['　小计：', null], ['总计(户)', 35], [null, '总数', 12], [1, '合计'], ['合计：128户'], ['共计', 3]] satisfies PlainCell[][]) {
      expect(isSummaryRow(r), JSON.stringify(r)).toBe(true);
    }
    for (const r of [['合计小区', '138'], ['张三', '李四', '合计'], [], [null, null], ['总数据部', 1]] satisfies PlainCell[][]) {
      expect(isSummaryRow(r), JSON.stringify(r)).toBe(false);
    }
  });

  it('treats rows of nulls and whitespace as blank', () => {
    expect(isBlankRow([])).toBe(true);
    expect(isBlankRow([null, ' ', null])).toBe(true);
    expect(isBlankRow([null, 0])).toBe(false);
  });
});

describe('readTable', () => {
  it('finds the header under title rows in the exceljs workbook and skips blank and 合计 rows', async () => {
    const source = await openTableSource(fixture('titled-two-sheets.xlsx'));
    const table = await readTable(source);
    expect(table).toMatchObject({ sheet: '成交客户', headerRow: 5, headers: ['姓名', '手机', '性别', '居住小区', '经度', '纬度', '成交日期', '总价（万元）'] });
    expect(await dataNumbers(table)).toEqual([6, 7, 9, 10]);
    expect(table.skipped).toEqual({ blank: 1, summary: [13], lastDataRow: 10 });
  });

  it('reads the chosen second sheet', async () => {
    const table = await readTable(await openTableSource(fixture('titled-two-sheets.xlsx')), '来访客户');
    expect(table).toMatchObject({ sheet: '来访客户', headerRow: 1, headers: ['姓名', '电话', '居住小区'] });
    expect(await dataNumbers(table)).toEqual([2, 3]);
  });

  it('does the same for UTF-8 and GBK CSV and the LibreOffice workbook', async () => {
    for (const name of ['customers-utf8.csv', 'customers-gbk.csv', 'libreoffice.xlsx']) {
      const table = await readTable(await openTableSource(fixture(name)));
      expect(table.headerRow, name).toBe(2);
      expect(table.headers, name).toEqual(['姓名', '电话', '性别', '居住小区', '经度', '纬度', '备注']);
      expect(await dataNumbers(table), name).toEqual([3, 4, 5, 6, 8, 9]);
      expect(table.skipped.summary, name).toEqual([10]);
    }
    const notes = await readTable(await openTableSource(fixture('notes-gbk-crlf.csv')));
    expect(await dataNumbers(notes)).toEqual([2, 3, 4]);
    expect(notes.skipped.summary).toEqual([5]);
  });

  it('skips a 小计 row inside the data and lets the caller see it came before data', async () => {
    const file = temp()('分组.csv');
    writeFileSync(file, '姓名,电话\n张三,1\n小计,1\n李四,2\n\n合计,2\n');
    const table = await readTable(await openTableSource(file));
    expect(await dataNumbers(table)).toEqual([2, 4]);
    expect(table.skipped).toEqual({ blank: 1, summary: [3, 6], lastDataRow: 4 });
    expect(table.skipped.summary.filter((n) => n < table.skipped.lastDataRow)).toEqual([3]);
  });

  it('reports a sheet without recognisable headers', async () => {
    const file = temp()('无表头.csv');
    writeFileSync(file, '说明\n甲,乙,丙\n1,2,3\n');
    await expect(readTable(await openTableSource(file))).rejects.toMatchObject({
      code: 'IMPORT_NO_HEADER',
      message: '工作表「无表头」的前 30 行中找不到可识别的表头（如 姓名、电话、居住小区、经度、纬度）：无表头.csv',
    });
  });

  it('stops with CANCELLED when the signal aborts mid-sheet', async () => {
    const file = temp()('big.csv');
    writeFileSync(file, '标题\n姓名,电话\n' + '张三,13800000000\n'.repeat(20_000));
    const controller = new AbortController();
    const table = await readTable(await openTableSource(file), undefined, controller.signal);
    const run = async (): Promise<void> => {
      for await (const row of table.rows) if (row.number === 500) controller.abort();
    };
    await expect(run()).rejects.toMatchObject({ code: 'CANCELLED', message: '导入已取消：big.csv' });
  });
});
