import { execFileSync } from 'node:child_process';
import { writeFileSync, truncateSync, statSync, readFileSync } from 'node:fs';
import { ExcelJS } from '../../native/export/exceljs.js';
import { afterEach, describe, expect, it } from 'vitest';
import { wgs84To } from '../../native/geocode/crs.js';
import { createEngineHost } from '../../native/host/in-process.js';
import type { Reply } from '../../native/host/dispatch.js';
import { customerHeader, hangzhouRows, sha256, tempDir, writeXlsx } from '../support/files.js';
import { engineCall } from '../support/engine-call.js';
import type { EngineCall } from '../support/engine-call.js';
import { sqlRows } from '../support/sql-oracle.js';
import { EngineError } from '../../renderer/engine/engine-client.js';
import { errorMessage } from '../../renderer/engine/error-text.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

interface Setup {
  file(n: string): string;
  call(m: string, p: unknown): Promise<Reply>;
  ok: EngineCall;
  project: string;
}

async function setup(): Promise<Setup> {
  const d = tempDir();
  const { dispatcher, engine } = createEngineHost();
  cleanups.push(() => {
    engine.close();
    d.remove();
  });
  const project = d.file('p.ketu');
  const created = await dispatcher.call('project.create', { path: project, name: '测试项目', site: { lng: 120.1, lat: 30.25 }, city: '杭州市' });
  expect(created.ok).toBe(true);
  return { file: d.file, call: (m, p) => dispatcher.call(m, p), ok: engineCall(dispatcher), project };
}

interface PlaceRow {
  role: string;
  lng: number;
  lat: number;
  name: string | null;
  industry: string | null;
  source: string;
  precision: string;
  flags: string | null;
}

function placesInFile(path: string): PlaceRow[] {
  return sqlRows<PlaceRow>(path, 'SELECT role, lng, lat, name, industry, source, precision, flags FROM places ORDER BY fid');
}

describe('import: sheets as they arrive', () => {
  it('imports rows with Chinese headers under title rows: homes, workplaces, values normalised', async () => {
    const t = await setup();
    const xlsx = t.file('客户.xlsx');
    await writeXlsx(xlsx, [customerHeader, ...hangzhouRows(12)], { titleRows: ['云栖江澜府 成交客户明细', '导出日期：2026-03-01'] });
    const preview = await t.ok('import.preview', { file: xlsx, crs: 'wgs84' });
    expect(preview).toMatchObject({ sheet: '客户', headerRow: 3, rowsRead: 12, usable: 12, rejected: 0, flagged: 0 });
    expect(preview.crsUsed).toEqual({ '经度/纬度': 'wgs84', '单位经度/单位纬度': 'wgs84' });
    const result = await t.ok('import.commit', { file: xlsx, crs: 'wgs84', stage: 'deals' });
    expect(result).toMatchObject({ customers: 12, newCustomers: 12, places: 24, rowsRead: 12, flagged: 0 });
    const places = placesInFile(t.project);
    expect(places.filter((p) => p.role === 'home')).toHaveLength(12);
    expect(places[0]).toMatchObject({ role: 'home', lng: 120.1, lat: 30.25, name: '小区0', source: 'import', precision: 'coordinate' });
    // Industry normalised to its GB/T 4754 section; the original text is kept on the record.
    expect(places[1]).toMatchObject({ role: 'work', name: '公司0', industry: '金融业' });
    const [customer] = sqlRows<{ name: string; phone: string; attributes: string; stage: string }>(
      t.project,
      'SELECT c.name, c.phone, r.attributes, r.stage FROM customers c JOIN customer_records r ON r.customer_id = c.id ORDER BY c.id LIMIT 1',
    );
    // Phones stay text even when Excel stored a number; unmapped columns are kept as attributes.
    expect(customer).toMatchObject({ name: '客户1', phone: '13800000000', stage: 'deals' });
    expect(JSON.parse(customer?.attributes ?? '{}')).toEqual({ consultant: '王芳', 客户等级: 'A', industryOriginal: '金融业', industrySection: 'J' });
  });

  it('converts GCJ-02 and BD-09 input to WGS-84 for storage, and reads the system from column names', async () => {
    const t = await setup();
    const [gx, gy] = wgs84To('gcj02', 120.15, 30.27);
    const [bx, by] = wgs84To('bd09', 120.16, 30.28);
    const gcj = t.file('gcj.xlsx');
    await writeXlsx(gcj, [['姓名', '经度', '纬度'], ['王五', gx, gy]]);
    await t.ok('import.commit', { file: gcj, crs: 'gcj02' });
    const baidu = t.file('baidu.xlsx');
    await writeXlsx(baidu, [['姓名', '百度经度', '百度纬度'], ['赵六', bx, by]]);
    const preview = await t.ok('import.preview', { file: baidu, crs: 'auto' });
    expect(preview.crsUsed).toEqual({ '百度经度/百度纬度': 'bd09' });
    await t.ok('import.commit', { file: baidu, crs: 'auto' });
    const [a, b] = placesInFile(t.project);
    // GCJ-02 and BD-09 are hundreds of metres off in Hangzhou; stored points must be back within a metre.
    expect(Math.abs(gx - 120.15)).toBeGreaterThan(0.003);
    expect(a?.lng).toBeCloseTo(120.15, 5);
    expect(a?.lat).toBeCloseTo(30.27, 5);
    expect(b?.lng).toBeCloseTo(120.16, 5);
    expect(b?.lat).toBeCloseTo(30.28, 5);
  });

  it('reads a GBK CSV as Chinese Excel saves it, and merges a customer seen in two batches by phone', async () => {
    const t = await setup();
    const csv = t.file('来访.csv');
    const text = '姓名,手机,居住小区,经度,纬度,来访日期,成交面积(㎡)\r\n张三,13800000001,桂花城,120.15,30.27,2011年5月3日,128㎡\r\n李四,138 0000 0002,春江花月,120.16,30.26,2011/5/4,90\r\n合计,,,,,,218\r\n';
    writeFileSync(csv, gbk(text));
    const preview = await t.ok('import.preview', { file: csv, crs: 'wgs84' });
    expect(preview).toMatchObject({ kind: 'csv', encoding: 'gb18030', usable: 2, skipped: { summary: 1 } });
    await t.ok('import.commit', { file: csv, crs: 'wgs84', stage: 'visitors' });
    const deals = t.file('成交.xlsx');
    await writeXlsx(deals, [['姓名', '联系电话', '经度', '纬度', '成交日期'], ['张三', '+86 138-0000-0001', 120.17, 30.25, 40700]]);
    const second = await t.ok('import.commit', { file: deals, crs: 'wgs84', stage: 'deals' });
    expect(second.newCustomers).toBe(0);
    const rows = sqlRows<{ name: string; phone: string; stage: string; attributes: string }>(
      t.project,
      'SELECT c.name, c.phone, r.stage, r.attributes FROM customer_records r JOIN customers c ON c.id = r.customer_id ORDER BY r.id',
    );
    expect(rows.map((r) => [r.name, r.phone, r.stage])).toEqual([
      ['张三', '13800000001', 'visitors'],
      ['李四', '13800000002', 'visitors'],
      ['张三', '13800000001', 'deals'],
    ]);
    expect(JSON.parse(rows[0]?.attributes ?? '{}')).toMatchObject({ visitDate: '2011-05-03', area: 128 });
    expect(JSON.parse(rows[2]?.attributes ?? '{}')).toMatchObject({ dealDate: '2011-06-06' });
    expect(sqlRows<{ n: number }>(t.project, 'SELECT count(*) AS n FROM customers')[0]?.n).toBe(2);
  });

  it('places rows without coordinates by community name (learned gazetteer) or by district, and flags low precision', async () => {
    const t = await setup();
    const known = t.file('known.xlsx');
    await writeXlsx(known, [['姓名', '居住小区', '经度', '纬度'], ['甲', '桂花城', 120.1201, 30.2901], ['乙', '桂花城', 120.1203, 30.2899], ['丙', '桂花城', 120.1199, 30.29]]);
    await t.ok('import.commit', { file: known, crs: 'wgs84' });
    const noCoords = t.file('no-coords.xlsx');
    await writeXlsx(noCoords, [['姓名', '居住小区', '现居住地址'], ['丁', '桂花城', null], ['戊', '无名小区', '浙江省杭州市余杭区某某路 1 号'], ['己', '查无此处', null]]);
    const preview = await t.ok('import.preview', {
      file: noCoords,
      crs: 'auto',
    });
    // The project's city is known: a name nothing else places is kept at the city centre, flagged, never refused.
    expect(preview.rejected).toBe(0);
    expect(preview.geocoded).toEqual({ community: 1, district: 1, city: 1 });
    expect(preview.placedByRole).toEqual({ home: { community: 1, district: 1, city: 1 }, work: {}, leisure: {} });
    await t.ok('import.commit', { file: noCoords, crs: 'auto' });
    const placed = placesInFile(t.project).slice(3);
    expect(placed[0]).toMatchObject({ name: '桂花城', source: 'gazetteer', precision: 'community', flags: null });
    expect(placed[0]?.lng).toBeCloseTo(120.1201, 3);
    expect(placed[1]).toMatchObject({ source: 'centroid', precision: 'district' });
    expect(placed[1]?.flags).toContain('仅定位到区县');
    expect(placed[2]).toMatchObject({ name: '查无此处', source: 'centroid', precision: 'city' });
    expect(placed[2]?.flags).toContain('项目城市中心');
  });

  it('places a name-only row by the same name placed elsewhere in the same sheet; an employer nothing knows goes to the city centre, flagged', async () => {
    const t = await setup();
    const xlsx = t.file('same-batch.xlsx');
    await writeXlsx(xlsx, [
      ['姓名', '居住小区', '经度', '纬度', '工作单位'],
      ['甲', '翠苑一区', 120.1301, 30.2901, '某某科技有限公司'],
      ['乙', '翠苑一区', 120.1305, 30.2905, null],
      ['丙', '翠苑一区', null, null, null],
    ]);
    const preview = await t.ok('import.preview', { file: xlsx, crs: 'wgs84' });
    expect(preview).toMatchObject({ usable: 3, flagged: 1, geocoded: { community: 1, city: 1 } });
    expect(preview.placedByRole).toEqual({ home: { coordinate: 2, community: 1 }, work: { city: 1 }, leisure: {} });
    await t.ok('import.commit', { file: xlsx, crs: 'wgs84' });
    const third = placesInFile(t.project).find((p) => p.role === 'home' && p.precision !== 'coordinate');
    expect(third).toMatchObject({ name: '翠苑一区', precision: 'community' });
    // The employer is kept at the city's urban core (上城区), not dropped, and listed for review.
    const work = placesInFile(t.project).find((p) => p.role === 'work');
    expect(work).toMatchObject({ name: '某某科技有限公司', precision: 'city', source: 'centroid' });
    expect(work?.lng).toBeCloseTo(120.234, 2);
    expect(third?.lng).toBeCloseTo(120.1303, 6);
    expect(third?.lat).toBeCloseTo(30.2903, 6);
  });

  it('asks the texts many rows share once, and gives each row the answer to its own texts', async () => {
    const t = await setup();
    const xlsx = t.file('repeats.xlsx');
    const west = '杭州市西湖区某某路 1 号';
    const river = '杭州市滨江区某某路 2 号';
    const rows: Array<Array<string | null>> = [];
    for (let i = 0; i < 30; i++) rows.push([`客户${i}`, i % 2 === 0 ? '无名小区' : null, i % 3 === 0 ? west : river, i % 5 === 0 ? '杭州市余杭区某某科技有限公司' : '某某贸易有限公司']);
    await writeXlsx(xlsx, [['姓名', '居住小区', '现居住地址', '工作单位'], ...rows]);
    const preview = await t.ok('import.preview', { file: xlsx, crs: 'wgs84' });
    expect(preview).toMatchObject({ usable: 30, geocoded: { district: 36, city: 24 } });
    await t.ok('import.commit', { file: xlsx, crs: 'wgs84' });
    const stored = sqlRows<{ row: number; role: string; flags: string }>(t.project, 'SELECT r.row_number AS row, p.role, p.flags FROM places p JOIN customer_records r ON r.id = p.record_id ORDER BY p.fid');
    const expected = rows.flatMap((r, i) => [
      { row: i + 2, role: 'home', district: r[2] === west ? '西湖区' : '滨江区' },
      { row: i + 2, role: 'work', district: i % 5 === 0 ? '余杭区' : '项目城市' },
    ]);
    expect(stored.map((p) => ({ row: p.row, role: p.role, district: p.flags.includes('项目城市中心') ? '项目城市' : /杭州市(.+区)/.exec(p.flags)?.[1] }))).toEqual(expected);
  });

  it('flags swapped, foreign and far-away coordinates instead of keeping them silently', async () => {
    const t = await setup();
    const xlsx = t.file('flags.xlsx');
    const rows: Array<Array<string | number>> = [['姓名', '经度', '纬度']];
    for (let i = 0; i < 8; i++) rows.push([`客户${i}`, 120.1 + i * 0.01, 30.25]);
    rows.push(['颠倒', 30.26, 120.12], ['海外', 139.69, 35.68], ['远方', 116.4, 39.9]);
    await writeXlsx(xlsx, rows);
    const preview = await t.ok('import.preview', { file: xlsx, crs: 'wgs84' });
    expect(preview).toMatchObject({ usable: 11, flagged: 3 });
    const reasons = (row: number): string => preview.problems.filter((p) => p.row === row).map((p) => p.reason).join('；');
    expect(reasons(10)).toContain('经纬度颠倒，已对调');
    expect(reasons(11)).toContain('位于中国境外');
    expect(reasons(12)).toMatch(/距本批其他客户约 \d+ 公里/);
    await t.ok('import.commit', { file: xlsx, crs: 'wgs84' });
    const swapped = placesInFile(t.project)[8];
    expect(swapped).toMatchObject({ lng: 120.12, lat: 30.26 });
    expect(swapped?.flags).toContain('经纬度颠倒');
  });

  it('remembers a corrected column mapping for the next file of the same layout', async () => {
    const t = await setup();
    const header = ['客户', '坐标X', '坐标Y', '楼盘'];
    const a = t.file('a.xlsx');
    await writeXlsx(a, [header, ['甲', 120.1, 30.2, '桂花城']]);
    const mapping = { 坐标X: 'lng', 坐标Y: 'lat', 楼盘: 'community' } as const;
    await t.ok('import.commit', { file: a, crs: 'wgs84', mapping });
    const b = t.file('b.xlsx');
    await writeXlsx(b, [header, ['乙', 120.2, 30.3, '春江花月']]);
    const preview = await t.ok('import.preview', { file: b, crs: 'wgs84' });
    expect(preview.mappingRemembered).toBe(true);
    expect(preview.columns).toEqual([
      { header: '客户', field: 'name' },
      { header: '坐标X', field: 'lng' },
      { header: '坐标Y', field: 'lat' },
      { header: '楼盘', field: 'community' },
    ]);
  });

  it('keeps a recognised column as a custom attribute when the planner says so, and previews a sheet with no place column', async () => {
    const t = await setup();
    const xlsx = t.file('keep.xlsx');
    await writeXlsx(xlsx, [['姓名', '备注', '经度', '纬度'], ['甲', '老客户', 120.1, 30.2]]);
    const preview = await t.ok('import.preview', { file: xlsx, crs: 'wgs84', mapping: { 备注: null } });
    expect(preview.columns.find((c) => c.header === '备注')?.field).toBeNull();
    await t.ok('import.commit', { file: xlsx, crs: 'wgs84', mapping: { 备注: null } });
    const [record] = sqlRows<{ attributes: string }>(t.project, 'SELECT attributes FROM customer_records');
    expect(JSON.parse(record?.attributes ?? '{}')).toEqual({ 备注: '老客户' });

    const noPlace = t.file('no-place.xlsx');
    await writeXlsx(noPlace, [['姓名', '手机', '坐标'], ['乙', '13800000009', '120.1 30.2']]);
    const p2 = await t.ok('import.preview', { file: noPlace, crs: 'wgs84' });
    expect(p2.columns).toHaveLength(3);
    expect(p2.rejected).toBe(1);
    expect(p2.problems[0]?.reason).toContain('没有可用于定位的列');
  });

  it('writes the full report as .xlsx, lists batches and undoes one', async () => {
    const t = await setup();
    const xlsx = t.file('r.xlsx');
    await writeXlsx(xlsx, [['姓名', '手机', '经度', '纬度', '性别'], ['甲', '138****1234', 120.1, 30.2, '男'], ['乙', 13800000002, 120.11, 30.21, '未知']]);
    const out = t.file('报告.xlsx');
    const result = await t.ok('import.commit', { file: xlsx, crs: 'wgs84', reportOut: out });
    expect(result.flagged).toBe(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const cells = (r: number): unknown[] => (ws?.getRow(r).values as unknown[]).slice(1);
    expect(cells(2)).toEqual(['工作表', '行', '列', '原值', '问题', '处理']);
    expect(cells(3)).toEqual(['客户', 2, '手机', '138****1234', '号码已打码，无法识别客户', '已导入，待核对']);
    expect(cells(4)?.[2]).toBe('性别');
    const again = t.file('again.xlsx');
    await t.ok('imports.report', { batchId: result.batchId, out: again });
    expect(statSync(again).size).toBeGreaterThan(1000);
    const batches = await t.ok('imports.list', {});
    expect(batches).toEqual([expect.objectContaining({ id: result.batchId, rowsRead: 2 })]);
    await t.ok('imports.remove', { batchId: result.batchId });
    expect(await t.ok('project.info', {})).toMatchObject({ counts: { customers: 0, places: 0, imports: 0 } });
  });

  it('refuses a sheet with a bad row, names sheet/row/column, and leaves the project byte-for-byte unchanged', async () => {
    const t = await setup();
    const xlsx = t.file('bad.xlsx');
    const rows = hangzhouRows(5);
    const bad = rows[3];
    if (bad) bad[3] = '东经120度';
    await writeXlsx(xlsx, [customerHeader, ...rows]);
    await t.call('project.close', {});
    const before = sha256(t.project);
    await t.call('project.open', { path: t.project });
    const reply = await t.call('import.commit', { file: xlsx, crs: 'wgs84' });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('IMPORT_BAD_ROWS');
    expect(reply.error.message).toContain('第 5 行');
    expect(reply.error.details?.problems).toEqual([{ sheet: '客户', row: 5, column: '经度/纬度', reason: '经度不是数字：东经120度', severity: 'error', value: '东经120度, 30.253' }]);
    // The English workbench names the same place in the file, not only the code's text.
    expect(errorMessage(new EngineError(reply.error), 'en')).toBe(`The sheet has rows that cannot be imported: ${xlsx}, e.g. sheet “客户”, row 5, column “经度/纬度”: 经度不是数字：东经120度`);
    await t.call('project.close', {});
    expect(sha256(t.project)).toBe(before);
  });

  it('names a non-spreadsheet, an old .xls, a truncated file and a sheet without usable headers; nothing is written', async () => {
    const t = await setup();
    const png = t.file('客户.xlsx');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de', 'hex'));
    expect(await t.call('import.preview', { file: png, crs: 'wgs84' })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
    const xls = t.file('old.xls');
    writeFileSync(xls, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]));
    const old = await t.call('import.preview', { file: xls, crs: 'wgs84' });
    expect(old).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
    if (!old.ok) expect(old.error.message).toContain('.xlsx');
    const noHeader = t.file('nohead.xlsx');
    await writeXlsx(noHeader, [['编号', '备注'], [1, '无']]);
    expect(await t.call('import.commit', { file: noHeader, crs: 'wgs84' })).toMatchObject({ ok: false, error: { code: 'IMPORT_NO_HEADER' } });
    const truncated = t.file('cut.xlsx');
    await writeXlsx(truncated, [customerHeader, ...hangzhouRows(50)]);
    truncateSync(truncated, Math.floor(statSync(truncated).size / 2));
    expect(await t.call('import.commit', { file: truncated, crs: 'wgs84' })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
    expect(await t.call('project.info', {})).toMatchObject({ ok: true, result: { counts: { places: 0, imports: 0 } } });
  });

  it('validates params at the boundary', async () => {
    const t = await setup();
    expect(await t.call('import.commit', { file: 'x.xlsx', crs: 'mars' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await t.call('import.commit', { file: 'x.xlsx', crs: 'wgs84', stage: 'someday' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await t.call('no.such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });
});

/** GBK bytes for a string, via the system iconv (Node can decode GB18030 but not encode it). */
function gbk(text: string): Buffer {
  return execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: text });
}
