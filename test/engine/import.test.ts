import { writeFileSync, copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fromWgs84 } from '../../native/import/coordinates.js';
import { createEngineHost } from '../../native/host/in-process.js';
import type { Reply } from '../../native/host/dispatch.js';
import { customerHeader, hangzhouRows, sha256, tempDir, writeXlsx } from '../support/files.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function setup(): Promise<{ file(n: string): string; call(m: string, p: unknown): Promise<Reply>; project: string }> {
  const d = tempDir();
  const { dispatcher, engine } = createEngineHost();
  cleanups.push(() => {
    engine.close();
    d.remove();
  });
  const project = d.file('p.ketu');
  const created = await dispatcher.call('project.create', { path: project, name: '测试项目', site: { lng: 120.1, lat: 30.25 } });
  expect(created.ok).toBe(true);
  return { file: d.file, call: (m, p) => dispatcher.call(m, p), project };
}

function placesInFile(path: string): Array<{ role: string; lng: number; lat: number; name: string | null; industry: string | null }> {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT role, lng, lat, name, industry FROM places ORDER BY fid').all() as Array<{ role: string; lng: number; lat: number; name: string | null; industry: string | null }>;
  db.close();
  return rows;
}

describe('xlsx import (thin slice)', () => {
  it('imports rows with Chinese headers under title rows, homes and workplaces', async () => {
    const t = await setup();
    const xlsx = t.file('客户.xlsx');
    await writeXlsx(xlsx, [customerHeader, ...hangzhouRows(12)], { titleRows: ['云栖江澜府 成交客户明细', '导出日期：2026-03-01'] });
    const preview = await t.call('import.preview', { file: xlsx, crs: 'wgs84' });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.result).toMatchObject({ sheet: '客户', headerRow: 3, rowsRead: 12, usable: 12, rejected: 0 });
    const reply = await t.call('import.commit', { file: xlsx, crs: 'wgs84' });
    expect(reply).toMatchObject({ ok: true, result: { customers: 12, places: 24, rowsRead: 12 } });
    const places = placesInFile(t.project);
    expect(places.filter((p) => p.role === 'home')).toHaveLength(12);
    expect(places.filter((p) => p.role === 'work')).toHaveLength(12);
    expect(places[0]).toMatchObject({ role: 'home', lng: 120.1, lat: 30.25, name: '小区0' });
    expect(places[1]).toMatchObject({ role: 'work', name: '公司0', industry: '金融业' });
    const db = new Database(t.project, { readonly: true });
    const customer = db.prepare('SELECT name, phone, attributes FROM customers ORDER BY id LIMIT 1').get() as { name: string; phone: string; attributes: string };
    db.close();
    // Phones stay text even when Excel stored a number; unmapped columns are kept as attributes.
    expect(customer).toEqual({ name: '客户1', phone: '13800000000', attributes: JSON.stringify({ consultant: '王芳', 客户等级: 'A' }) });
  });

  it('converts GCJ-02 input to WGS-84 for storage', async () => {
    const t = await setup();
    const xlsx = t.file('gcj.xlsx');
    const [gx, gy] = fromWgs84(120.15, 30.27, 'gcj02');
    await writeXlsx(xlsx, [['姓名', '经度', '纬度'], ['王五', gx, gy]]);
    expect((await t.call('import.commit', { file: xlsx, crs: 'gcj02' })).ok).toBe(true);
    const [home] = placesInFile(t.project);
    // GCJ-02 is several hundred metres off in Hangzhou; the stored point must be back within a metre.
    expect(Math.abs(gx - 120.15)).toBeGreaterThan(0.003);
    expect(home?.lng).toBeCloseTo(120.15, 5);
    expect(home?.lat).toBeCloseTo(30.27, 5);
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
    expect(reply.error.details?.problems).toEqual([{ sheet: '客户', row: 5, column: '经度', reason: '经度不是数字：东经120度' }]);
    await t.call('project.close', {});
    expect(sha256(t.project)).toBe(before);
  });

  it('names a non-spreadsheet file and a sheet without coordinates headers', async () => {
    const t = await setup();
    const csv = t.file('客户.xlsx');
    writeFileSync(csv, '姓名,经度,纬度\n张三,120.1,30.2\n');
    const r1 = await t.call('import.preview', { file: csv, crs: 'wgs84' });
    expect(r1).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
    const noHeader = t.file('nohead.xlsx');
    await writeXlsx(noHeader, [['姓名', '地址'], ['张三', '杭州市西湖区']]);
    const r2 = await t.call('import.commit', { file: noHeader, crs: 'wgs84' });
    expect(r2).toMatchObject({ ok: false, error: { code: 'IMPORT_NO_HEADER' } });
    const truncated = t.file('cut.xlsx');
    await writeXlsx(truncated, [customerHeader, ...hangzhouRows(50)]);
    copyFileSync(truncated, t.file('full.xlsx'));
    const { truncateSync, statSync } = await import('node:fs');
    truncateSync(truncated, Math.floor(statSync(truncated).size / 2));
    const r3 = await t.call('import.commit', { file: truncated, crs: 'wgs84' });
    expect(r3).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
    const info = await t.call('project.info', {});
    expect(info).toMatchObject({ ok: true, result: { counts: { places: 0, imports: 0 } } });
  });

  it('validates params at the boundary', async () => {
    const t = await setup();
    const reply = await t.call('import.commit', { file: 'x.xlsx', crs: 'bd09' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await t.call('no.such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });
});
