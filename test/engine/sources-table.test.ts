import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KetuError } from '../../native/contract/errors.js';
import type { ErrorCode } from '../../native/contract/errors.js';
import { openTableSource } from '../../native/import/sources/table-source.js';
import type { SourceRow, TableSource } from '../../native/import/sources/table-source.js';
import { tempDir } from '../support/files.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/sources/${name}`, import.meta.url));

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function temp(): (name: string) => string {
  const d = tempDir('ketu-sources-');
  cleanups.push(d.remove);
  return d.file;
}

async function failure(promise: Promise<unknown>): Promise<KetuError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof KetuError) return err;
    throw err;
  }
  throw new Error('expected a KetuError');
}

async function expectError(promise: Promise<unknown>, code: ErrorCode, message: RegExp): Promise<void> {
  const err = await failure(promise);
  expect(err.code).toBe(code);
  expect(err.message).toMatch(message);
}

async function allRows(source: TableSource, sheet?: string): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of source.rows(sheet)) rows.push(row);
  return rows;
}

describe('openTableSource: what a file is, by its bytes', () => {
  it('opens .xlsx (exceljs and LibreOffice) and .csv', async () => {
    expect((await openTableSource(fixture('titled-two-sheets.xlsx'))).kind).toBe('xlsx');
    expect((await openTableSource(fixture('libreoffice.xlsx'))).kind).toBe('xlsx');
    const csv = await openTableSource(fixture('customers-utf8.csv'));
    expect(csv).toMatchObject({ kind: 'csv', encoding: 'utf-8' });
  });

  it('reads a CSV saved under an .xlsx name as CSV (content decides, not the extension)', async () => {
    const file = temp()('明细.xlsx');
    copyFileSync(fixture('customers-gbk.csv'), file);
    const source = await openTableSource(file);
    expect(source).toMatchObject({ kind: 'csv', encoding: 'gb18030' });
    expect(await source.sheets()).toEqual(['明细']);
    expect((await allRows(source))[1]?.values[0]).toBe('姓名');
  });

  it('rejects a real .xls with a save-as-.xlsx message naming the file', async () => {
    await expectError(openTableSource(fixture('legacy.xls')), 'UNSUPPORTED_FILE', /^legacy\.xls 是旧版 Excel \(\.xls\) 文件，请在 Excel 或 WPS 中另存为 \.xlsx 后再导入$/);
  });

  it('names a password-protected workbook (an OLE2 container too) instead of calling it .xls', async () => {
    const file = temp()('加密.xlsx');
    const ole = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 1024);
    writeFileSync(file, ole);
    await expectError(openTableSource(file), 'UNSUPPORTED_FILE', /加密\.xlsx 设置了打开密码/);
  });

  it('rejects a truncated .xlsx as damaged', async () => {
    await expectError(openTableSource(fixture('truncated.xlsx')), 'UNSUPPORTED_FILE', /^truncated\.xlsx 文件已损坏或不完整/);
  });

  it('rejects a PNG renamed .xlsx as not a table', async () => {
    await expectError(openTableSource(fixture('picture.xlsx')), 'UNSUPPORTED_FILE', /^picture\.xlsx 不是表格文件/);
  });

  it('rejects random binary without NUL bytes as not a table', async () => {
    const file = temp()('noise.csv');
    const bytes = Buffer.alloc(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = 1 + (x % 255);
    }
    writeFileSync(file, bytes);
    await expectError(openTableSource(file), 'UNSUPPORTED_FILE', /noise\.csv 不是表格文件/);
  });

  it('rejects a zip that is not a workbook', async () => {
    // An empty zip (end record only) is the smallest "zip without xl/workbook.xml", like a .docx would be.
    const file = temp()('archive.xlsx');
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    writeFileSync(file, eocd);
    await expectError(openTableSource(file), 'UNSUPPORTED_FILE', /archive\.xlsx 是压缩包但不是 Excel 工作簿/);
  });

  it('names HTML and Excel 2003 XML saved as .xls', async () => {
    const f = temp();
    writeFileSync(f('导出.xls'), '<html><body><table><tr><td>姓名</td></tr></table></body></html>');
    await expectError(openTableSource(f('导出.xls')), 'UNSUPPORTED_FILE', /导出\.xls 是网页（HTML）格式的表格/);
    writeFileSync(f('2003.xls'), '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>');
    await expectError(openTableSource(f('2003.xls')), 'UNSUPPORTED_FILE', /2003\.xls 是Excel 2003 XML 表格/);
  });

  it('names UTF-16 text (Excel "Unicode 文本")', async () => {
    const file = temp()('unicode.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t电话\r\n张三\t138\r\n', 'utf16le')]));
    await expectError(openTableSource(file), 'UNSUPPORTED_FILE', /unicode\.txt 是 UTF-16 编码的文本/);
  });

  it('reports missing, empty and directory paths', async () => {
    const f = temp();
    await expectError(openTableSource(f('不存在.xlsx')), 'FILE_NOT_FOUND', /找不到文件：.*不存在\.xlsx/);
    writeFileSync(f('empty.csv'), '');
    await expectError(openTableSource(f('empty.csv')), 'UNSUPPORTED_FILE', /empty\.csv 是空文件/);
    mkdirSync(f('folder.xlsx'));
    await expectError(openTableSource(f('folder.xlsx')), 'UNSUPPORTED_FILE', /folder\.xlsx 不是文件/);
  });

  it('keeps fixtures small', () => {
    for (const name of ['customers-utf8.csv', 'customers-gbk.csv', 'notes-gbk-crlf.csv', 'titled-two-sheets.xlsx', 'libreoffice.xlsx', 'legacy.xls', 'truncated.xlsx', 'picture.xlsx']) {
      expect(readFileSync(fixture(name)).length).toBeLessThan(50_000);
    }
  });
});
