import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineHost } from '../../native/host/in-process.js';
import { tempDir } from '../support/files.js';
import { sqlRows } from '../support/sql-oracle.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/sources/${name}`, import.meta.url));
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** The same six customers, saved by Excel (UTF-8 CSV), Chinese Excel (GBK CSV) and LibreOffice (.xlsx). */
describe('the same sheet written by different tools imports the same', () => {
  for (const file of ['customers-utf8.csv', 'customers-gbk.csv', 'libreoffice.xlsx']) {
    it(file, async () => {
      const d = tempDir();
      const { dispatcher, engine } = createEngineHost();
      cleanups.push(() => {
        engine.close();
        d.remove();
      });
      const project = d.file('w.ketu');
      await dispatcher.call('project.create', { path: project, name: '写入工具', city: '杭州市' });
      const data = d.file(file);
      copyFileSync(fixture(file), data);
      const reply = await dispatcher.call('import.commit', { file: data, crs: 'wgs84', stage: 'visitors' });
      expect(reply).toMatchObject({ ok: true, result: { rowsRead: 6, customers: 6, places: 6, flagged: 0 } });
      const rows = sqlRows<{ name: string; phone: string; community: string; lng: number; lat: number; attributes: string }>(
        project,
        'SELECT c.name, c.phone, p.name AS community, p.lng, p.lat, r.attributes FROM places p JOIN customers c ON c.id = p.customer_id JOIN customer_records r ON r.id = p.record_id ORDER BY p.fid',
      );
      expect(rows.map((r) => [r.name, r.phone, r.community])).toEqual([
        ['张伟', '13800000001', '桂花城'],
        ['王芳', '13800000002', '春江花月'],
        ['李娜', '13800000003', '金色海岸'],
        ['刘洋', '13800000004', '桂花城'],
        ['陈静', '13800000005', '翠苑一区'],
        ['杨磊', '13800000006', '春江花月'],
      ]);
      expect(rows[0]).toMatchObject({ lng: 120.1201, lat: 30.2801 });
      expect(JSON.parse(rows[1]?.attributes ?? '{}')).toMatchObject({ gender: '女', note: '老带新,朋友推荐' });
      expect(JSON.parse(rows[3]?.attributes ?? '{}')).toMatchObject({ note: '说"再看看"' });
    });
  }

  it('an old .xls is refused with the advice to save it as .xlsx', async () => {
    const { dispatcher, engine } = createEngineHost();
    const d = tempDir();
    cleanups.push(() => {
      engine.close();
      d.remove();
    });
    await dispatcher.call('project.create', { path: d.file('x.ketu'), name: 'xls' });
    const reply = await dispatcher.call('import.preview', { file: fixture('legacy.xls'), crs: 'wgs84' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/另存为 \.xlsx/);
  });
});
