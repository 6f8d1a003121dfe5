// The whole 1/3 revision comparison for a plan of N customers against N/10 deals, against one grouped
// SQL count of the same plan customers (per 区县) in the same run, for each size asked. Prints figures; asserts nothing.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { divisionIndex } from '../../native/analysis/district-index.js';
import { seededRandom } from '../../native/demo/seeded-random.js';
import { createEngineHost } from '../../native/host/in-process.js';
import type { NewCustomer } from '../../native/store/records.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { engineCall } from '../support/engine-call.js';
import { resourcesDir } from '../support/resources.js';

export interface RevisionBenchReport {
  plan: number;
  deals: number;
  writeMs: number;
  sqlMs: number;
  /** The first comparison after opening: it also reads the place columns the later ones reuse. */
  firstMs: number;
  compareMs: number;
  /** A comparison with other filters (deals up to the third), on the same columns. */
  otherMs: number;
  /**
   * A comparison once the kept place columns no longer answer for the data (as in a file from before
   * migration 090): it reads every place again and keeps the columns. An import pays the same per place for its own.
   */
  rereadMs: number;
  newSources: number;
  summary: string[];
}

const CHUNK = 50_000;
const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length)] as T;

/** Customers around Hangzhou; deals shifted east (萧山) so the comparison has something to find. */
function writeBatch(store: ProjectStore, n: number, deals: boolean, rand: () => number, phone0: number): void {
  const { divisionOf } = divisionIndex(resourcesDir);
  const writer = store.beginBatch({ sourceFile: deals ? 'deals.xlsx' : 'prospects.xlsx', sheet: null, stage: deals ? 'deals' : 'prospects', crs: 'wgs84', mapping: {} }, divisionOf);
  const day0 = Date.UTC(2023, 0, 1);
  for (let start = 0; start < n; start += CHUNK) {
    const chunk: NewCustomer[] = [];
    for (let i = start; i < Math.min(n, start + CHUNK); i++) {
      const r = 0.25 * Math.sqrt(rand());
      const a = rand() * 2 * Math.PI;
      const east = deals && rand() < 0.3 ? 0.12 : 0;
      chunk.push({
        name: null,
        phone: String(phone0 + i),
        attributes: {
          purpose: pick(['首置', '改善', '投资'], rand()),
          family: pick(['单身', '二人世界', '三口之家', '三代同堂'], rand()),
          ageBand: pick(['25-30', '31-35', '36-40', '41-50'], rand()),
          channel: pick(['户外广告', '老带新', '网络', '路过'], rand()),
          product: pick(['洋房', '高层'], rand()),
          area: 80 + Math.floor(rand() * 80),
          ...(deals ? { dealDate: new Date(day0 + Math.floor((i / n) * 540) * 86_400_000).toISOString().slice(0, 10), unit: `${1 + Math.floor(i / 200)}-${i}` } : {}),
        },
        places: [
          { role: 'home', lng: 120.15 + east + r * Math.cos(a), lat: 30.25 - east / 2 + r * Math.sin(a) * 0.85 },
          { role: 'work', lng: 120.17 + rand() * 0.1, lat: 30.25 + rand() * 0.05, industry: pick(['金融业', '信息传输、软件和信息技术服务业', '制造业', '教育'], rand()) },
        ],
      });
    }
    writer.addCustomers(chunk);
  }
  writer.finish({ rowsRead: n });
}

export async function revisionBench(plan: number, opts: { keep: boolean; log: (line: string) => void }): Promise<RevisionBenchReport> {
  const path = join(tmpdir(), `ketu-revision-bench-${process.pid}.ketu`);
  const deals = Math.max(1, Math.round(plan / 10));
  const rand = seededRandom(14);
  let t = performance.now();
  opts.log(`writing ${plan.toLocaleString('en')} plan customers and ${deals.toLocaleString('en')} deals…`);
  const store = ProjectStore.create(path, { name: 'revision bench', site: { lng: 120.15, lat: 30.25 }, overwrite: true }, { resourcesDir });
  writeBatch(store, plan, false, rand, 13_000_000_000);
  writeBatch(store, deals, true, rand, 15_000_000_000);
  store.close();
  const writeMs = performance.now() - t;

  const { dispatcher, engine } = createEngineHost(resourcesDir);
  const call = engineCall(dispatcher);
  try {
    await call('project.open', { path });
    for (let k = 0; k < 10; k++) {
      await call('areas.add', { name: `区域${k + 1}`, shape: { kind: 'circle', lng: 120.05 + (k % 5) * 0.05, lat: 30.2 + Math.floor(k / 5) * 0.08, radiusM: 3000 } });
    }
    await call('units.set', { total: deals * 2 });
    // Baseline: the same plan customers, one grouped count, on its own read-only connection.
    const db = new Database(path, { readonly: true });
    const sql = `SELECT p.district, count(DISTINCT p.customer_id) FROM places p LEFT JOIN customer_records r ON r.id = p.record_id
                 WHERE p.role = 'home' AND r.stage IN ('competitors', 'visitors', 'prospects', 'field') GROUP BY 1`;
    let sqlMs = Infinity;
    let compareMs = Infinity;
    t = performance.now();
    let result = await call('revision.compare', { until: 'all' });
    const firstMs = performance.now() - t;
    // Alternating, best of three each: neither side profits from a cache warmed by the other alone.
    for (let k = 0; k < 3; k++) {
      t = performance.now();
      db.prepare(sql).raw(true).all();
      sqlMs = Math.min(sqlMs, performance.now() - t);
      t = performance.now();
      result = await call('revision.compare', { until: 'all' });
      compareMs = Math.min(compareMs, performance.now() - t);
    }
    t = performance.now();
    await call('revision.compare', { until: 'third' });
    const otherMs = performance.now() - t;
    db.close();
    // Another connection moves the generation the triggers keep, as a change of a kept place would.
    const writer = new Database(path);
    writer.prepare('UPDATE revision_state SET generation = generation + 1').run();
    writer.close();
    t = performance.now();
    await call('revision.compare', { until: 'all' });
    const rereadMs = performance.now() - t;
    return { plan: result.plan.count, deals: result.actual.count, writeMs, sqlMs, firstMs, compareMs, otherMs, rereadMs, newSources: result.newSources.length, summary: result.summary };
  } finally {
    engine.close();
    if (opts.keep) opts.log(`kept ${path}`);
    else for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  }
}

export function formatRevision(r: RevisionBenchReport): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const x = (ms: number): string => (ms / r.sqlMs).toFixed(2);
  return [
    `\nrevision, ${r.plan.toLocaleString('en')} plan customers against ${r.deals.toLocaleString('en')} deals (write ${s(r.writeMs)}, informational)`,
    `  one grouped SQL count of the plan customers (per 区县)   ${s(r.sqlMs)}`,
    `  revision.compare (areas, ${r.newSources} new sources, mix tables, pace, summary)   ${s(r.compareMs)}`,
    `  first revision.compare after opening (place columns kept in the file)   ${s(r.firstMs)}, ratio ${x(r.firstMs)}`,
    `  revision.compare --until third (other filters, same columns)   ${s(r.otherMs)}, ratio ${x(r.otherMs)}`,
    `  revision.compare reading every place again (kept columns stale, as an old file once)   ${s(r.rereadMs)}, ratio ${x(r.rereadMs)}`,
    ...r.summary.slice(0, 3).map((line) => `  ${line}`),
    `revision ${r.plan.toLocaleString('en')}: compare ${s(r.compareMs)}, grouped count ${s(r.sqlMs)}, ratio ${x(r.compareMs)} (goal < 3; first after opening ${x(r.firstMs)})`,
  ].join('\n');
}

/** Every size in one run, then one line per size, so the ratios read side by side. */
export function formatRevisionRuns(reports: readonly RevisionBenchReport[]): string {
  const lines = reports.map((r) => `  ${r.plan.toLocaleString('en').padStart(9)} plan / ${r.deals.toLocaleString('en').padStart(7)} deals: ratio ${(r.compareMs / r.sqlMs).toFixed(2)} (first after opening ${(r.firstMs / r.sqlMs).toFixed(2)})`);
  return [...reports.map(formatRevision), '\nrevision, every size (goal < 3):', ...lines].join('\n');
}
