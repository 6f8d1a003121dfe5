import { existsSync, truncateSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as InProcess from '../../native/host/in-process.js';
import { createEngineHost } from '../../native/host/in-process.js';
import type { EngineEvent } from '../../native/contract/index.js';
import { customerHeader, hangzhouRows, scopedTempDir, sha256, writeXlsx } from '../support/files.js';
import { engineCall } from '../support/engine-call.js';
import { sqlRows, tableCounts } from '../support/sql-oracle.js';

// The built engine reads sheets on a worker thread (dist has reader-worker.js); run from the
// TypeScript sources, the same reader runs in-thread. Both must store exactly the same thing.
const builtHost = fileURLToPath(new URL('../../dist/native/host/in-process.js', import.meta.url));

async function builtEngine(): Promise<ReturnType<typeof InProcess.createEngineHost>> {
  if (!existsSync(builtHost)) throw new Error('run `npm run build` first: this test uses the built engine');
  const mod = (await import(builtHost)) as typeof InProcess;
  return mod.createEngineHost();
}


function stored(path: string): { places: unknown[]; records: unknown[]; fields: unknown[]; report: unknown[] } {
  return {
    places: sqlRows(path, 'SELECT role, round(lng, 9) AS lng, round(lat, 9) AS lat, name, industry, source, precision, flags, district FROM places ORDER BY fid'),
    records: sqlRows(path, 'SELECT row_number, stage, attributes FROM customer_records ORDER BY id'),
    fields: sqlRows(path, 'SELECT * FROM record_fields ORDER BY record_id'),
    report: sqlRows(path, 'SELECT row, seq, sheet, "column", reason, severity, value FROM import_problems ORDER BY import_id, row, seq'),
  };
}

/** Rows as sales offices send them: most with coordinates, some with only a community, one far away. */
async function sheet(path: string, n: number): Promise<void> {
  const rows = hangzhouRows(n);
  for (let i = 5; i < n; i += 40) rows[i] = [`客户${i + 1}`, 13900000000 + i, `小区${i % 7}`, null, null, `公司${i % 5}`, '金融业', null, null, '王芳', 'A'];
  rows[3] = ['远方客户', 13700000000, '远方小区', 87.6, 43.8, '公司1', '金融业', 120.2, 30.28, '王芳', 'A'];
  await writeXlsx(path, [customerHeader, ...rows]);
}

describe('import on a reader thread', () => {
  it('stores the same places, records and report as the in-thread reader, and says the rows read every 1000', async () => {
    const d = scopedTempDir();
    const data = d.file('客户.xlsx');
    await sheet(data, 2500);
    const results: Array<ReturnType<typeof stored>> = [];
    for (const host of [createEngineHost(), await builtEngine()]) {
      const project = d.file(`p${results.length}.ketu`);
      await engineCall(host.dispatcher)('project.create', { path: project, name: '对照', city: '杭州市' });
      // The worker's rows arrive in parts of a few dozen: the progress the dialog shows is still per 1000 and the last.
      const read: number[] = [];
      host.dispatcher.subscribe((e: EngineEvent) => {
        if (e.type === 'progress' && e.phase === 'read') read.push(e.done);
      });
      const r = await engineCall(host.dispatcher)('import.commit', { file: data, crs: 'wgs84', stage: 'visitors', taskId: 'read' });
      expect(r.customers).toBe(2500);
      expect(read).toEqual([1000, 2000, 2500]);
      host.engine.close();
      results.push(stored(project));
    }
    const [inThread, onWorker] = results;
    expect(onWorker?.places.length).toBeGreaterThan(4000);
    expect(onWorker).toEqual(inThread);
    // The community-only rows were placed from this batch's own coordinates; the far home is flagged.
    expect(JSON.stringify(onWorker?.places)).toContain('"source":"gazetteer"');
    expect(JSON.stringify(onWorker?.report)).toContain('距本批其他客户约');
  });

  it('names a damaged file from the worker and leaves the project byte-identical', async () => {
    const d = scopedTempDir();
    const data = d.file('坏.xlsx');
    await sheet(data, 3000);
    truncateSync(data, 20_000);
    const host = await builtEngine();
    const project = d.file('p.ketu');
    await engineCall(host.dispatcher)('project.create', { path: project, name: '坏文件' });
    host.engine.close();
    await engineCall(host.dispatcher)('project.open', { path: project });
    const before = sha256(project);
    const r = await host.dispatcher.call('import.commit', { file: data, crs: 'wgs84' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('UNSUPPORTED_FILE');
      expect(r.error.message).toContain('坏.xlsx');
    }
    host.engine.close();
    expect(sha256(project)).toBe(before);
  });

  it('cancels mid-sheet with nothing stored, while a call made meanwhile waits and then lands', async () => {
    const d = scopedTempDir();
    const data = d.file('大.xlsx');
    await sheet(data, 20_000);
    const host = await builtEngine();
    const project = d.file('p.ketu');
    await engineCall(host.dispatcher)('project.create', { path: project, name: '取消', city: '杭州市' });
    const pending: { area: Promise<unknown> | null } = { area: null };
    host.dispatcher.subscribe((e: EngineEvent) => {
      if (e.type !== 'progress' || e.phase !== 'read' || pending.area !== null) return;
      // Rows are being written inside the open batch: this write must not join (and die with) it.
      pending.area = engineCall(host.dispatcher)('areas.add', { name: '等待的区域', shape: { kind: 'circle', lng: 120.15, lat: 30.27, radiusM: 1000 } });
      void host.dispatcher.call('task.cancel', { taskId: 'imp' });
    });
    const r = await host.dispatcher.call('import.commit', { file: data, crs: 'wgs84', taskId: 'imp' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CANCELLED');
    expect(pending.area).not.toBeNull();
    await pending.area;
    host.engine.close();
    expect(tableCounts(project, ['places', 'imports', 'areas'])).toEqual({ places: 0, imports: 0, areas: 1 });
  });
});
