import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../native/host/dispatch.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { openTableSource } from '../../native/import/sources/table-source.js';
import type { PlainCell } from '../../native/import/cell-value.js';
import { tempDir } from '../support/files.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function readBack(file: string): Promise<PlainCell[][]> {
  const rows: PlainCell[][] = [];
  for await (const row of (await openTableSource(file)).rows()) rows.push(row.values);
  return rows;
}

describe('exported sheets carry no formulas from imported text', () => {
  it('guards names beginning with = + - @ with a leading apostrophe in an area list, and leaves plain numbers alone', async () => {
    const d = tempDir('ketu-guard-');
    const { dispatcher, engine } = createEngineHost();
    cleanups.push(() => {
      engine.close();
      d.remove();
    });
    const ok = async (method: string, params: unknown): Promise<unknown> => {
      const reply: Reply = await dispatcher.call(method, params);
      if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
      return reply.result;
    };
    await ok('project.create', { path: d.file('p.ketu'), name: '注入', site: { lng: 120.1, lat: 30.25 }, city: '杭州市' });
    const hostile = ['=HYPERLINK("http://x","y")', '@SUM(1)', '+1+1', "=cmd|' /C calc'!A0", '-2+3', '-5', '张伟'];
    const csv = d.file('客户.csv');
    // Quoted fields: the names hold commas, quotes and pipes as a hostile CRM export would.
    writeFileSync(csv, `姓名,经度,纬度,备注\n${hostile.map((n, i) => `"${n.replace(/"/g, '""')}",120.1${i},30.25,"${n.replace(/"/g, '""')}"`).join('\n')}\n`);
    await ok('import.commit', { file: csv, crs: 'wgs84' });
    await ok('areas.add', { name: '=区域', shape: { kind: 'circle', lng: 120.13, lat: 30.25, radiusM: 10_000 } });
    const out = d.file('清单.xlsx');
    await ok('areas.export', { area: '=区域', out, columns: ['name'] });
    const rows = await readBack(out);
    // Title, filter note, header, then the rows.
    const names = rows.slice(3).map((r) => r[1]);
    expect(new Set(names)).toEqual(new Set(["'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(1)", "'+1+1", "'=cmd|' /C calc'!A0", "'-2+3", '-5', '张伟']));
    // The title names the area, which the planner typed and an imported sheet may have suggested.
    expect(String(rows[0]?.[0])).toMatch(/^'=区域/);
  });
});
