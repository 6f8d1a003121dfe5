import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ExcelJS } from '../../native/export/exceljs.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { migrations } from '../../native/store/migrations/index.js';
import { ProjectStore } from '../../native/store/project-store.js';
import type { CellProblem } from '../../native/contract/errors.js';
import type { ProblemCursor } from '../../native/store/import-problems.js';
import { scopedTempDir, sha256, writeXlsx } from '../support/files.js';
import type { Cell } from '../support/files.js';
import { engineCall } from '../support/engine-call.js';
import { sqlNumber, sqlRows } from '../support/sql-oracle.js';
import { resourcesDir } from '../support/resources.js';

const ROWS = 3000;

/**
 * A messy sheet and, independently, what is wrong with it: every 7th row's longitude is text (an error:
 * the row is refused), every 5th row's 性别 is 未知 and every 3rd row's phone is masked (flags).
 */
function messy(): { rows: Cell[][]; errors: number[]; flags: Map<number, number> } {
  const rows: Cell[][] = [['姓名', '手机', '经度', '纬度', '性别']];
  const errors: number[] = [];
  const flags = new Map<number, number>();
  for (let i = 0; i < ROWS; i++) {
    const row = i + 2;
    const lng: Cell = i % 7 === 0 ? '东经120度' : 120.1 + (i % 50) * 0.001;
    const gender = i % 5 === 0 ? '未知' : i % 2 === 0 ? '男' : '女';
    const phone: Cell = i % 3 === 0 ? '138****1234' : 13800000000 + i;
    rows.push([`客户${i}`, phone, lng, 30.25 + (i % 40) * 0.001, gender]);
    if (i % 7 === 0) errors.push(row);
    const n = (i % 5 === 0 ? 1 : 0) + (i % 3 === 0 ? 1 : 0);
    if (n > 0) flags.set(row, n);
  }
  return { rows, errors, flags };
}

async function engineWithProject(): Promise<{ call: ReturnType<typeof engineCall>; dispatcher: ReturnType<typeof createEngineHost>['dispatcher']; close(): void; project: string; file(n: string): string }> {
  const d = scopedTempDir();
  const { dispatcher, engine } = createEngineHost();
  const project = d.file('p.ketu');
  const call = engineCall(dispatcher);
  await call('project.create', { path: project, name: '问题行', city: '杭州市' });
  return { call, dispatcher, close: () => engine.close(), project, file: d.file };
}

async function sheetRows(path: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: unknown[][] = [];
  ws?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe('the problem report as rows (import_problems)', () => {
  it('stores each problem of a messy sheet once, as counted by an independent loop, and pages through them in report order', async () => {
    const t = await engineWithProject();
    const data = t.file('messy.xlsx');
    const expected = messy();
    await writeXlsx(data, expected.rows);
    const result = await t.call('import.commit', { file: data, crs: 'wgs84', skipBadRows: true });
    t.close();
    expect(result.skippedRows).toBe(expected.errors.length);
    expect(result.customers).toBe(ROWS - expected.errors.length);

    // By the independent SQL side: errors on exactly the refused rows, flags on exactly the flagged rows.
    const errorRows = sqlRows<{ row: number }>(t.project, "SELECT row FROM import_problems WHERE severity = 'error' ORDER BY row").map((r) => r.row);
    expect(errorRows).toEqual(expected.errors);
    const flagged = sqlRows<{ row: number; n: number }>(t.project, "SELECT row, count(*) AS n FROM import_problems WHERE severity = 'flag' GROUP BY row ORDER BY row");
    expect(new Map(flagged.map((r) => [r.row, r.n]))).toEqual(expected.flags);
    const total = expected.errors.length + [...expected.flags.values()].reduce((a, b) => a + b, 0);
    expect(sqlNumber(t.project, 'SELECT problems FROM imports')).toBe(total);

    // Paged reading: small pages give every problem once, in row order, errors and flags apart too.
    const store = ProjectStore.open(t.project, { readonly: true });
    const read = (severity?: 'error' | 'flag'): CellProblem[] => {
      const all: CellProblem[] = [];
      let after: ProblemCursor | null = null;
      let pages = 0;
      do {
        const page = store.batchProblems(result.batchId, { after, limit: 97, severity });
        expect(page.problems.length).toBeLessThanOrEqual(97);
        all.push(...page.problems);
        after = page.next;
        pages++;
      } while (after !== null);
      expect(pages).toBe(Math.floor(all.length / 97) + 1);
      return all;
    };
    const all = read();
    expect(all).toHaveLength(total);
    expect(all.map((p) => p.row)).toEqual([...all.map((p) => p.row)].sort((a, b) => a - b));
    expect(read('error').map((p) => p.row)).toEqual(expected.errors);
    expect(read('flag')).toHaveLength(total - expected.errors.length);
    // The whole report through the store's pages, as the .xlsx report reads it.
    expect([...store.batchProblemPages(result.batchId)].flat()).toEqual(all);
    expect(() => store.batchProblems(result.batchId + 1, { limit: 1 })).toThrow(/没有编号为/);
    store.close();
  });

  it('keeps no problem row when the import is refused, and writes the refusal report from the rows first', async () => {
    const t = await engineWithProject();
    const data = t.file('messy.xlsx');
    const expected = messy();
    await writeXlsx(data, expected.rows);
    const out = t.file('refused.xlsx');
    const before = sqlRows(t.project, 'SELECT * FROM imports');
    const reply = await t.dispatcher.call('import.commit', { file: data, crs: 'wgs84', reportOut: out });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('IMPORT_BAD_ROWS');
    expect(sqlNumber(t.project, 'SELECT count(*) FROM import_problems')).toBe(0);
    expect(sqlRows(t.project, 'SELECT * FROM imports')).toEqual(before);
    // The report of the refusal: every problem, the refused rows 未导入, the rest 未导入（整批未执行）.
    const rows = (await sheetRows(out)).slice(2);
    const total = expected.errors.length + [...expected.flags.values()].reduce((a, b) => a + b, 0);
    expect(rows).toHaveLength(total);
    const refused = new Set(expected.errors);
    for (const r of rows) expect(r[5]).toBe(refused.has(r[1] as number) ? '未导入' : '未导入（整批未执行）');
    t.close();
  });

  it('migration 080 turns an old file\u2019s JSON reports into rows that read back as the same JSON, and a build before it refuses the file', async () => {
    const t = await engineWithProject();
    const data = t.file('messy.xlsx');
    await writeXlsx(data, messy().rows);
    await t.call('import.commit', { file: data, crs: 'wgs84', skipBadRows: true });
    t.close();
    // The same file as schema 70 wrote it: the report one JSON text (written by hand here, with keys in the
    // importer's order), a second batch with no report (NULL), a third whose report is no JSON.
    const db = new Database(t.project);
    const problems = db.prepare('SELECT sheet, row, "column", reason, severity, value FROM import_problems ORDER BY row, seq').all() as Array<Record<string, unknown>>;
    const report = problems.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null)));
    const json = JSON.stringify(report);
    db.exec('DROP TABLE import_problems; ALTER TABLE imports DROP COLUMN problems; ALTER TABLE imports ADD COLUMN report TEXT;');
    db.prepare('UPDATE imports SET report = ?').run(json);
    const batch = "INSERT INTO imports (source_file, file_name, stage, crs, mapping, rows_read, customers, places, created_at, report) VALUES ('b.xlsx', 'b.xlsx', 'deals', 'wgs84', '{}', 0, 0, 0, '2024-01-01T00:00:00Z', ?)";
    db.prepare(batch).run(null);
    db.prepare(batch).run('[{"sheet":"客户","row":2');
    db.prepare("UPDATE ketu_meta SET value = '70' WHERE key = 'schema_version'").run();
    db.close();
    const old = sha256(t.project);

    const store = ProjectStore.open(t.project, { resourcesDir });
    const pages = [...store.batchProblemPages(1)];
    store.close();
    expect(pages.length).toBeGreaterThan(0);
    expect(JSON.stringify(pages.flat())).toBe(json);
    expect(sqlRows(t.project, 'SELECT id, problems FROM imports ORDER BY id')).toEqual([
      { id: 1, problems: report.length },
      { id: 2, problems: null },
      { id: 3, problems: null },
    ]);
    expect(sqlNumber(t.project, 'SELECT count(*) FROM pragma_table_info(\'imports\') WHERE name = \'report\'')).toBe(0);
    expect(sha256(`${t.project}.v70.bak`)).toBe(old);
    // Undoing the batch takes its problems with it.
    const again = ProjectStore.open(t.project, { resourcesDir });
    again.removeBatch(1);
    again.close();
    expect(sqlNumber(t.project, 'SELECT count(*) FROM import_problems')).toBe(0);

    // A build from before 080 refuses the migrated file, untouched.
    const migrated = sha256(t.project);
    expect(() => ProjectStore.open(t.project, { resourcesDir, migrations: migrations.filter((m) => m.version <= 70) })).toThrow(expect.objectContaining({ code: 'PROJECT_TOO_NEW' }));
    expect(sha256(t.project)).toBe(migrated);
  });
});
