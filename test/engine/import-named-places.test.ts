import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportPreview, ImportResult } from '../../native/contract/methods.js';
import { ExcelJS } from '../../native/export/exceljs.js';
import { runCli } from '../../native/host/cli.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { openBrowser } from '../../native/host/open-browser.js';
import { engineCall } from '../support/engine-call.js';
import type { CallRefused, EngineCall } from '../support/engine-call.js';
import { sha256, tempDir, writeXlsx } from '../support/files.js';
import { sqlNumber, sqlRows } from '../support/sql-oracle.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function project(city: string | undefined): Promise<{ file(n: string): string; call: EngineCall; path: string }> {
  const d = tempDir();
  const { dispatcher, engine } = createEngineHost();
  cleanups.push(() => {
    engine.close();
    d.remove();
  });
  const path = d.file('p.ketu');
  const call = engineCall(dispatcher);
  await call('project.create', { path, name: '测试', ...(city === undefined ? {} : { city }) });
  return { file: d.file, call, path };
}

async function reportRows(path: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const rows: string[][] = [];
  wb.worksheets[0]?.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.text));
    rows.push(cells);
  });
  return rows.slice(2);
}

/** The sheet as it was seen: employers named, no coordinates anywhere, one community nobody knows. */
const employersSheet = [
  ['姓名', '手机', '居住小区', '工作单位', '常去商场'],
  ['甲', '13800000001', '杭州市西湖区翠苑一区', '阿里巴巴', '杭州市拱墅区某某广场'],
  ['乙', '13800000002', '杭州市滨江区某某苑', '网易', null],
  ['丙', '13800000003', '杭州市上城区某某府', '浙商银行', null],
  ['丁', '13800000004', '查无此小区', '网易', null],
];

describe('every named place becomes a place', () => {
  it('places employers without coordinates (city centre at worst, flagged) and says per role at which precision', async () => {
    const t = await project('杭州市');
    const xlsx = t.file('employers.xlsx');
    await writeXlsx(xlsx, employersSheet);
    const preview = await t.call('import.preview', { file: xlsx, crs: 'auto' });
    expect(preview).toMatchObject({ rowsRead: 4, usable: 4, rejected: 0 });
    // Homes: three districts read from the address, one community nobody knows at the city centre; every employer kept.
    expect(preview.placedByRole).toEqual({ home: { district: 3, city: 1 }, work: { city: 4 }, leisure: { district: 1 } });
    expect(JSON.stringify(preview)).not.toContain('unplaced');
    const result = await t.call('import.commit', { file: xlsx, crs: 'auto', stage: 'visitors' });
    expect(result).toMatchObject({ customers: 4, places: 9, skippedRows: 0 });
    expect(sqlRows<{ name: string }>(t.path, "SELECT name FROM places WHERE role = 'leisure'")).toEqual([{ name: '杭州市拱墅区某某广场' }]);
    const work = sqlRows<{ name: string; precision: string; flags: string }>(t.path, "SELECT name, precision, flags FROM places WHERE role = 'work' ORDER BY fid");
    expect(work.map((w) => w.name)).toEqual(['阿里巴巴', '网易', '浙商银行', '网易']);
    for (const w of work) {
      expect(w.precision).toBe('city');
      expect(w.flags).toContain('待核对');
    }
    // On the review list, where the planner fixes them.
    const review = await t.call('geocode.review', {});
    expect(review.filter((p) => p.role === 'work').length).toBe(4);
  });

  it('without the project city, a row with nothing placeable is refused naming its employer too — and can be skipped', async () => {
    const t = await project(undefined);
    const xlsx = t.file('no-city.xlsx');
    await writeXlsx(xlsx, employersSheet);
    const preview = await t.call('import.preview', { file: xlsx, crs: 'auto' });
    expect(preview).toMatchObject({ usable: 3, rejected: 1 });
    expect(preview.placedByRole.work).toEqual({ none: 4 });
    const row5 = preview.problems.filter((p) => p.row === 5).map((p) => p.reason);
    expect(row5.some((r) => r.startsWith('工作地点无法定位'))).toBe(true);

    const before = sha256(t.path);
    const refused = await t.call('import.commit', { file: xlsx, crs: 'auto' }).catch((e: unknown) => e);
    expect((refused as CallRefused).wire.code).toBe('IMPORT_BAD_ROWS');
    expect(sha256(t.path)).toBe(before);

    // 「跳过问题行，导入其余 3 行」: the refused row was written before its places were looked for; it must leave nothing behind.
    const report = t.file('report.xlsx');
    const result = await t.call('import.commit', { file: xlsx, crs: 'auto', skipBadRows: true, reportOut: report });
    expect(result).toMatchObject({ customers: 3, newCustomers: 3, skippedRows: 1 });
    expect(sqlNumber(t.path, 'SELECT count(*) FROM customers')).toBe(3);
    expect(sqlNumber(t.path, 'SELECT count(*) FROM customer_records')).toBe(3);
    expect(sqlNumber(t.path, "SELECT count(*) FROM customers WHERE name = '丁'")).toBe(0);
    // One row, one outcome: row 5 is 未导入 on every line of the report.
    const rows = await reportRows(report);
    const outcomes = new Map<string, Set<string>>();
    for (const r of rows) outcomes.set(r[1] ?? '', (outcomes.get(r[1] ?? '') ?? new Set()).add(r[5] ?? ''));
    expect([...(outcomes.get('5') ?? [])]).toEqual(['未导入']);
    for (const set of outcomes.values()) expect(set.size).toBe(1);
  });

  it('the CLI stays all-or-nothing unless --skip-bad-rows, and its report never gives one row two outcomes', async () => {
    const t = await project('杭州市');
    const xlsx = t.file('bad.xlsx');
    // Row 3: a phone that cannot be read (a flag) and a longitude that is text (an error) on the same row.
    await writeXlsx(xlsx, [
      ['姓名', '手机', '经度', '纬度'],
      ['甲', '13800000001', 120.1, 30.25],
      ['乙', '电话不详', '东经120', 30.26],
      ['丙', '13800000003', 120.12, 30.27],
    ]);
    const lines: string[] = [];
    const cli = (...args: string[]): Promise<number> => runCli(args, (l) => lines.push(l));
    const report = t.file('问题.xlsx');
    expect(await cli('import', t.path, xlsx, '--crs', 'wgs84', '--report', report)).toBe(1);
    expect(sqlNumber(t.path, 'SELECT count(*) FROM customers')).toBe(0);
    expect(await cli('import', t.path, xlsx, '--crs', 'wgs84', '--dry-run', '--report', report)).toBe(1);
    const preview = await reportRows(report);
    expect(preview.filter((r) => r[1] === '3').map((r) => r[5])).toEqual(['不能导入', '不能导入']);
    lines.length = 0;
    expect(await cli('import', t.path, xlsx, '--crs', 'wgs84', '--skip-bad-rows', '--report', report)).toBe(0);
    expect(lines.join('\n')).toContain('已跳过 1 个问题行');
    expect(lines.join('\n')).toContain('住家 坐标 2');
    expect(sqlNumber(t.path, 'SELECT count(*) FROM customers')).toBe(2);
    const rows = await reportRows(report);
    expect(rows.filter((r) => r[1] === '3').map((r) => r[5])).toEqual(['未导入', '未导入']);
    lines.length = 0;
    expect(await cli('import', t.path, xlsx, '--crs', 'wgs84', '--skip-bad-rows', '--json')).toBe(0);
    expect((JSON.parse(lines[0] ?? '{}') as ImportResult).skippedRows).toBe(1);
    lines.length = 0;
    expect(await cli('import', t.path, xlsx, '--crs', 'wgs84', '--dry-run', '--json')).toBe(1);
    expect((JSON.parse(lines[0] ?? '{}') as ImportPreview).placedByRole.home).toEqual({ coordinate: 2 });
  });
});

describe('ketu serve --open', () => {
  it('prints the URL plainly when the browser window does not open', async () => {
    const saved = process.env.KETU_BROWSER;
    // A "browser" that refuses at once, as Chromium does when run as root without --no-sandbox.
    process.env.KETU_BROWSER = '/bin/false';
    try {
      expect(existsSync('/bin/false')).toBe(true);
      const said = await new Promise<string>((resolve) => openBrowser('http://127.0.0.1:1234/?token=abc', resolve));
      expect(said).toContain('浏览器窗口未能打开');
      expect(said).toContain('\nhttp://127.0.0.1:1234/?token=abc');
    } finally {
      if (saved === undefined) delete process.env.KETU_BROWSER;
      else process.env.KETU_BROWSER = saved;
    }
  });
});
