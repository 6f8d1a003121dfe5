import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { ExcelJS } from '../../native/export/exceljs.js';

export function tempDir(prefix = 'ketu-test-'): { dir: string; file(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A temp dir removed when the current test finishes (call it inside a test). */
export function scopedTempDir(prefix = 'ketu-test-'): { dir: string; file(name: string): string; remove(): void } {
  const d = tempDir(prefix);
  onTestFinished(() => d.remove());
  return d;
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export type Cell = string | number | null;

/** Writes a real .xlsx with exceljs: optional title rows above the header, as CRM exports have. */
export async function writeXlsx(path: string, rows: Cell[][], opts: { sheet?: string; titleRows?: string[] } = {}): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheet ?? '客户');
  for (const title of opts.titleRows ?? []) ws.addRow([title]);
  for (const row of rows) ws.addRow(row);
  await wb.xlsx.writeFile(path);
}

export const customerHeader: Cell[] = ['姓名', '手机', '居住小区', '经度', '纬度', '工作单位', '所属行业', '单位经度', '单位纬度', '置业顾问', '客户等级'];

/** A few customers around Hangzhou's West Lake, WGS-84. */
export function hangzhouRows(n: number): Cell[][] {
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    rows.push([`客户${i + 1}`, 13800000000 + i, `小区${i % 7}`, 120.1 + i * 0.002, 30.25 + i * 0.001, `公司${i % 5}`, '金融业', 120.2 + i * 0.001, 30.28, '王芳', 'A']);
  }
  return rows;
}
