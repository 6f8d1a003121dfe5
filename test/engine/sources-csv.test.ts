import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KetuError } from '../../native/contract/errors.js';
import { CsvParser, detectDelimiter, detectEncoding } from '../../native/import/sources/csv-source.js';
import { openTableSource } from '../../native/import/sources/table-source.js';
import type { SourceRow, TableSource } from '../../native/import/sources/table-source.js';
import { tempDir } from '../support/files.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/sources/${name}`, import.meta.url));

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function temp(): (name: string) => string {
  const d = tempDir('ketu-csv-');
  cleanups.push(d.remove);
  return d.file;
}

async function allRows(source: TableSource, sheet?: string, signal?: AbortSignal): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of source.rows(sheet, signal)) rows.push(row);
  return rows;
}

const expectedCustomers: SourceRow[] = [
  { number: 1, values: ['云栖江澜府来访客户明细', null, null, null, null, null, null] },
  { number: 2, values: ['姓名', '电话', '性别', '居住小区', '经度', '纬度', '备注'] },
  { number: 3, values: ['张伟', '13800000001', '男', '桂花城', '120.1201', '30.2801', null] },
  { number: 4, values: ['王芳', '13800000002', '女', '春江花月', '120.2102', '30.2402', '老带新,朋友推荐'] },
  { number: 5, values: ['李娜', '13800000003', '女', '金色海岸', '120.1503', '30.2603', null] },
  { number: 6, values: ['刘洋', '13800000004', '男', '桂花城', '120.1204', '30.2804', '说"再看看"'] },
  { number: 7, values: [null, null, null, null, null, null, null] },
  { number: 8, values: ['陈静', '13800000005', '女', '翠苑一区', '120.1305', '30.2905', null] },
  { number: 9, values: ['杨磊', '13800000006', '男', '春江花月', '120.2106', '30.2406', null] },
  { number: 10, values: ['合计', '6', null, null, null, null, null] },
];

describe('CSV source', () => {
  it('reads UTF-8 with BOM and CRLF; numbers stay text, empty cells are null', async () => {
    const source = await openTableSource(fixture('customers-utf8.csv'));
    expect(source.encoding).toBe('utf-8');
    expect(await source.sheets()).toEqual(['customers-utf8']);
    expect(await source.defaultSheet()).toBe('customers-utf8');
    expect(await allRows(source)).toEqual(expectedCustomers);
  });

  it('detects GBK (decoded as GB18030) and reads the same rows', async () => {
    const source = await openTableSource(fixture('customers-gbk.csv'));
    expect(source.encoding).toBe('gb18030');
    expect(await allRows(source)).toEqual(expectedCustomers);
  });

  it('lets the user override the encoding both ways', async () => {
    const forced = await openTableSource(fixture('customers-gbk.csv'), { encoding: 'gb18030' });
    expect(forced.encoding).toBe('gb18030');
    expect((await allRows(forced))[1]?.values[0]).toBe('姓名');
    // Wrong choice: GBK bytes read as UTF-8 give replacement characters, not an error.
    const wrong = await openTableSource(fixture('customers-gbk.csv'), { encoding: 'utf-8' });
    expect(wrong.encoding).toBe('utf-8');
    expect((await allRows(wrong))[1]?.values[0]).toContain('\uFFFD');
    const auto = await openTableSource(fixture('customers-utf8.csv'), { encoding: 'auto' });
    expect(auto.encoding).toBe('utf-8');
  });

  it('reads GBK with CRLF, line breaks and doubled quotes inside quoted cells', async () => {
    // The fixture must keep its CRLF bytes (test/fixtures/sources/.gitattributes marks it -text).
    expect(readFileSync(fixture('notes-gbk-crlf.csv')).includes('\r\n')).toBe(true);
    const source = await openTableSource(fixture('notes-gbk-crlf.csv'));
    expect(source.encoding).toBe('gb18030');
    expect(await allRows(source)).toEqual([
      { number: 1, values: ['姓名', '手机', '工作单位', '所属行业', '备注'] },
      { number: 2, values: ['赵敏', '13900000001', '杭州银行', '金融业', '第一行\n第二行'] },
      { number: 3, values: ['孙强', '13900000002', '阿里巴巴（中国）有限公司', '信息技术', '他说："周末再来"'] },
      { number: 4, values: ['周婷', '13900000003', '浙江大学', '教育', null] },
      { number: 5, values: ['合 计', '3', null, null, null] },
    ]);
  });

  it('finds tab and semicolon delimiters, and keeps commas inside fields', async () => {
    const f = temp();
    writeFileSync(f('tab.txt'), '客户名单\n姓名\t电话\t地址\n张三\t138\t杭州市西湖区文三路1号,2幢\n');
    expect((await allRows(await openTableSource(f('tab.txt'))))[2]?.values).toEqual(['张三', '138', '杭州市西湖区文三路1号,2幢']);
    writeFileSync(f('semi.csv'), '姓名;电话;面积\n张三;138;"89,5"\n李四;139;120\n');
    expect((await allRows(await openTableSource(f('semi.csv'))))[1]?.values).toEqual(['张三', '138', '89,5']);
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a\tb\n"x,y"\t2\n')).toBe('\t');
    expect(detectDelimiter('only one column\n')).toBe(',');
  });

  it('parses the same records however the text is chunked', () => {
    const text = '姓名,备注\r\n"张""三","a\r\nb"\r\n李四,\r\n\r\n王五,"end"';
    const whole: string[][] = [];
    const whole0 = new CsvParser(',');
    whole0.push(text, whole);
    expect(whole0.end(whole)).toBe(true);
    const bySingleChars: string[][] = [];
    const p = new CsvParser(',');
    for (const ch of text) p.push(ch, bySingleChars);
    expect(p.end(bySingleChars)).toBe(true);
    expect(bySingleChars).toEqual(whole);
    expect(whole).toEqual([['姓名', '备注'], ['张"三', 'a\nb'], ['李四', ''], [''], ['王五', 'end']]);
  });

  it('does not let a UTF-8 character cut at the 64 KB sniff boundary look like GBK', async () => {
    const f = temp();
    // 65,535 ASCII bytes then "张" (3 bytes): the sniffed head ends inside the character.
    const head = '姓名,电话\n' + 'a,1\n'.repeat(16_000);
    const pad = 65_535 - Buffer.byteLength(head);
    const text = head + 'x'.repeat(pad) + '张,2\n';
    writeFileSync(f('edge.csv'), text);
    expect(Buffer.from(text).subarray(0, 65_536).toString('utf8').endsWith('\uFFFD')).toBe(true);
    const source = await openTableSource(f('edge.csv'));
    expect(source.encoding).toBe('utf-8');
    const rows = await allRows(source);
    expect(rows.at(-1)?.values).toEqual(['x'.repeat(pad) + '张', '2']);
  });

  it('detectEncoding: strict UTF-8 first, GB18030 otherwise, null for garbage', () => {
    const gbk = readFileSync(fixture('customers-gbk.csv'));
    expect(detectEncoding(gbk, true)?.encoding).toBe('gb18030');
    expect(detectEncoding(Buffer.from('姓名,电话'), true)?.encoding).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0x80, 0xff, 0x80, 0xff, 0x01, 0x02]), true)).toBeNull();
  });

  it('reports an unclosed quote (a cut-off file) with its row', async () => {
    const f = temp();
    writeFileSync(f('cut.csv'), '姓名,备注\n张三,ok\n李四,"未完\n王五,1\n');
    const source = await openTableSource(f('cut.csv'));
    const err = await allRows(source).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KetuError);
    expect(err).toMatchObject({ code: 'UNSUPPORTED_FILE', message: 'cut.csv 第 3 行的引号没有闭合，文件可能不完整或格式有误' });
  });

  it('rejects a sheet name the CSV does not have', async () => {
    const source = await openTableSource(fixture('customers-utf8.csv'));
    await expect(allRows(source, '其他')).rejects.toMatchObject({ code: 'INVALID_PARAMS', message: expect.stringContaining('「其他」') as unknown });
    expect(await allRows(source, 'customers-utf8')).toHaveLength(10);
  });

  it('stops with CANCELLED when the signal aborts', async () => {
    const f = temp();
    writeFileSync(f('big.csv'), '姓名,电话\n' + '张三,13800000000\n'.repeat(50_000));
    const source = await openTableSource(f('big.csv'));
    const controller = new AbortController();
    let seen = 0;
    const run = async (): Promise<void> => {
      for await (const row of source.rows(undefined, controller.signal)) {
        seen = row.number;
        if (seen === 100) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ code: 'CANCELLED', message: '导入已取消：big.csv' });
    expect(seen).toBe(100);
    const aborted = AbortSignal.abort();
    await expect(allRows(source, undefined, aborted)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
