// One measured task of the import benchmark, in a process of its own so that its peak RSS is its
// own: forked by import-bench.ts, answers with one IPC message. Tasks:
//   xlsx-bare   exceljs streaming WorkbookReader, every cell value touched, nothing else
//   csv-bare    fs stream -> TextDecoder('gb18030', stream) -> split lines and fields
//   source      KeTu's own table source (openTableSource().rows(): its own xlsx / csv reader), nothing else
//   import      engine `import.commit` into a new project (parse, map, validate, convert, geocode, commit)
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import type BetterSqlite3 from 'better-sqlite3';
import type { Row } from 'exceljs';
import { ExcelJS } from '../../native/export/exceljs.js';
import { problemPages } from '../../native/store/import-problems.js';
import type { ProjectDigest } from '../support/project-digest.js';
import type * as InProcessHost from '../../native/host/in-process.js';

type EngineHostModule = typeof InProcessHost;

export type ChildTask = 'xlsx-bare' | 'xlsx-bare-nostyles' | 'csv-bare' | 'source' | 'import';

export interface ChildRequest {
  task: ChildTask;
  file: string;
  /** For 'import': the project file to create. */
  project?: string;
  /** For 'import': skip reading the project back (the profiled run). */
  noReadBack?: boolean;
  /** For 'import': a dist folder of another build whose engine runs the import (before/after in one run). */
  engineDist?: string;
}

export interface ImportOutcome {
  ok: boolean;
  rowsRead?: number;
  customers?: number;
  newCustomers?: number;
  places?: number;
  flagged?: number;
  /** When the engine refused the import: its code, message and first problems. */
  error?: { code: string; message: string; problems: unknown[] };
  projectCreateMs: number;
  /**
   * Milliseconds from the call to the engine's progress events: read ends at the first geocode
   * event (rows are written while they are read), geocode (and the plan's assembly) at 'write' 0,
   * sent just before the batch commits; 'write' n comes after the commit and learnFromPlaces.
   */
  phases?: { readEnd: number | null; geocodeStart: number | null; writeStart: number | null; writeEnd: number | null };
  projectBytes?: number;
  /** Read back from the project after the timed part. */
  stored?: {
    customers: number;
    records: number;
    places: Record<string, number>;
    reportBytes: number;
    problems: Record<string, number>;
    /** Records, customer names and places holding U+FFFD: text the reader broke (the generator writes none). */
    replacementChars: { records: number; customers: number; places: number };
  };
  /** The whole project file, one hash per table (test/support/project-digest.ts), to compare with a golden dump. */
  digest?: ProjectDigest;
}

export interface ChildResult {
  task: ChildTask;
  ms: number;
  rows: number;
  cells: number;
  /** Peak resident set of this process (VmHWM) up to the end of the timed part (for an import, before the read-back). */
  peakRssBytes: number;
  /** Resident set before the task started (node, modules). */
  startRssBytes: number;
  /** Largest heapUsed seen by sampling (every 50 ms and at every 1000 rows). */
  peakHeapUsedBytes: number;
  /** V8's own heap-size limit, to read the peak against. */
  heapLimitBytes: number;
  /**
   * CPU time of the timed part (user + system): the whole process (every thread: the reader worker,
   * GC helpers) and its main thread alone. On a loaded machine these hold still when wall time does not.
   */
  cpu: { processMs: number; mainMs: number };
  import?: ImportOutcome;
}

function vmHwm(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m?.[1] !== undefined) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** User + system CPU of this process's main thread, from /proc (Linux; 0 elsewhere). */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

function cpuNow(): { processMs: number; mainMs: number } {
  const u = process.cpuUsage();
  return { processMs: (u.user + u.system) / 1000, mainMs: mainThreadCpuMs() };
}

let cpuAtStart = { processMs: 0, mainMs: 0 };
let cpuAtEnd = { processMs: 0, mainMs: 0 };

let peakHeap = 0;
/** VmHWM when the timed part ended, for tasks followed by untimed work in the same process. */
let peakAtEnd: number | null = null;
function sampleHeap(): void {
  const used = process.memoryUsage().heapUsed;
  if (used > peakHeap) peakHeap = used;
}

async function xlsxBare(file: string, styles: 'cache' | 'ignore'): Promise<{ rows: number; cells: number }> {
  // The options the importer needs to get text and dates back (shared strings and number formats).
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles, hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let rows = 0;
  let cells = 0;
  let touched = 0;
  for await (const ws of reader as AsyncIterable<AsyncIterable<Row>>) {
    for await (const row of ws) {
      rows++;
      if (rows % 1000 === 0) sampleHeap();
      const values = row.values as unknown[];
      for (let i = 1; i < values.length; i++) {
        const v = values[i];
        if (v === undefined || v === null) continue;
        cells++;
        touched += typeof v === 'string' ? v.length : 1;
      }
    }
  }
  if (touched < 0) console.log(touched);
  // The header row is read like any other; the figure is data rows, as the importer counts them.
  return { rows: rows - 1, cells };
}

async function csvBare(file: string): Promise<{ rows: number; cells: number }> {
  const decoder = new TextDecoder('gb18030');
  let rest = '';
  let rows = 0;
  let cells = 0;
  let touched = 0;
  const line = (text: string): void => {
    if (text === '') return;
    rows++;
    const fields = text.split(',');
    for (const f of fields) {
      if (f !== '' && f !== '\r') cells++;
      touched += f.length;
    }
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) line(l);
    sampleHeap();
  }
  line(rest + decoder.decode());
  if (touched < 0) console.log(touched);
  // The header line is read like any other; the figure is data rows, as the importer counts them.
  return { rows: rows - 1, cells };
}

/** The importer's reader alone: where the source ends and mapping/validation begin. */
async function sourceOnly(file: string): Promise<{ rows: number; cells: number }> {
  const { openTableSource } = await import('../../native/import/sources/table-source.js');
  const source = await openTableSource(file);
  let rows = 0;
  let cells = 0;
  for await (const row of source.rows()) {
    rows++;
    if (rows % 1000 === 0) sampleHeap();
    for (const v of row.values) if (v !== null) cells++;
  }
  return { rows: rows - 1, cells };
}

async function fullImport(file: string, project: string, readBackAfter: boolean, engineDist: string | undefined): Promise<{ rows: number; cells: number; outcome: ImportOutcome; ms: number }> {
  const host = engineDist === undefined ? '../../native/host/in-process.js' : pathToFileURL(join(engineDist, 'native/host/in-process.js')).href;
  const { createEngineHost } = (await import(host)) as EngineHostModule;
  const { dispatcher } = createEngineHost();
  let t = performance.now();
  const created = await dispatcher.call('project.create', { path: project, name: 'bench import', site: { lng: 120.16, lat: 30.27 }, city: '杭州市', overwrite: true });
  const projectCreateMs = performance.now() - t;
  if (!created.ok) throw new Error(`project.create: ${created.error.message}`);
  // Progress events (every 1000 rows read) are where the heap is sampled while the pipeline runs,
  // and they mark the phases.
  const phases: NonNullable<ImportOutcome['phases']> = { readEnd: null, geocodeStart: null, writeStart: null, writeEnd: null };
  dispatcher.subscribe((e) => {
    if (e.type !== 'progress') return;
    sampleHeap();
    const at = performance.now() - t;
    if (e.phase === 'read') phases.readEnd = at;
    else if (e.phase === 'geocode') phases.geocodeStart ??= at;
    else if (e.phase === 'write') {
      if (e.done === 0) phases.writeStart = at;
      else phases.writeEnd = at;
    }
  });
  t = performance.now();
  cpuAtStart = cpuNow();
  const reply = await dispatcher.call('import.commit', { file, crs: 'gcj02', stage: 'deals', taskId: 'bench' });
  const ms = performance.now() - t;
  cpuAtEnd = cpuNow();
  sampleHeap();
  await dispatcher.call('project.close', {});
  // The import's own peak: the read-back and the dump below (untimed) hold a million rows of their own.
  peakAtEnd = vmHwm();
  const wal = `${project}-wal`;
  const outcome: ImportOutcome = { ok: reply.ok, projectCreateMs, phases, projectBytes: statSync(project).size + (existsSync(wal) ? statSync(wal).size : 0) };
  if (reply.ok && readBackAfter) {
    const r = reply.result as { rowsRead: number; customers: number; newCustomers: number; places: number; flagged: number };
    Object.assign(outcome, { rowsRead: r.rowsRead, customers: r.customers, newCustomers: r.newCustomers, places: r.places, flagged: r.flagged });
    // Loaded only here: the bare tasks must not pay for better-sqlite3.
    const { default: Database } = await import('better-sqlite3');
    outcome.stored = readBack(new Database(project, { readonly: true }));
    const { projectDigest } = await import('../support/project-digest.js');
    outcome.digest = projectDigest(project);
  } else if (!reply.ok) {
    const details = (reply.error.details ?? {}) as { problems?: unknown[] };
    outcome.error = { code: reply.error.code, message: reply.error.message, problems: (details.problems ?? []).slice(0, 10) };
  }
  return { rows: outcome.rowsRead ?? 0, cells: 0, outcome, ms };
}

/** What the commit left in the project (untimed): counts, place precision and the stored report's size. */
function readBack(db: BetterSqlite3.Database): ImportOutcome['stored'] {
  try {
    const one = (sql: string): number => Number(db.prepare(sql).pluck().get());
    const places: Record<string, number> = {};
    for (const r of db.prepare('SELECT source, precision, count(*) AS n FROM places GROUP BY source, precision').all() as Array<{ source: string; precision: string; n: number }>) {
      places[`${r.source}/${r.precision}`] = r.n;
    }
    const problems: Record<string, number> = {};
    const tally = (p: { severity?: string; reason: string }): void => {
      // Group reasons by their kind, not their value: the text before the first '：' or '（'.
      const kind = `${p.severity ?? ''}: ${p.reason.split(/[：（]/)[0] ?? p.reason}`;
      problems[kind] = (problems[kind] ?? 0) + 1;
    };
    // An earlier build (--before-engine) stored the report as one JSON text; since schema 80 it is rows.
    const asText = (db.prepare("SELECT count(*) FROM pragma_table_info('imports') WHERE name = 'report'").pluck().get() as number) > 0;
    let reportBytes = 0;
    const id = one('SELECT max(id) FROM imports');
    if (asText) {
      const report = db.prepare('SELECT report FROM imports WHERE id = ?').pluck().get(id) as string | null;
      if (report !== null) for (const p of JSON.parse(report) as Array<{ severity: string; reason: string }>) tally(p);
      reportBytes = report === null ? 0 : Buffer.byteLength(report);
    } else {
      // The size the JSON text would have had, for comparison with earlier runs.
      let pages = 0;
      for (const page of problemPages(db, id)) {
        for (const p of page) tally(p);
        reportBytes += Buffer.byteLength(JSON.stringify(page)) - (pages++ === 0 ? 0 : 1);
      }
      if (pages === 0) reportBytes = 2;
    }
    const fffd = "instr(%s, char(65533)) > 0";
    const where = (...cols: string[]): string => cols.map((c) => fffd.replace('%s', `coalesce(${c}, '')`)).join(' OR ');
    return {
      customers: one('SELECT count(*) FROM customers'),
      records: one('SELECT count(*) FROM customer_records'),
      places,
      reportBytes,
      problems,
      replacementChars: {
        records: one(`SELECT count(*) FROM customer_records WHERE ${where('attributes')}`),
        customers: one(`SELECT count(*) FROM customers WHERE ${where('name', 'attributes')}`),
        places: one(`SELECT count(*) FROM places WHERE ${where('name', 'address')}`),
      },
    };
  } finally {
    db.close();
  }
}

async function run(req: ChildRequest): Promise<ChildResult> {
  const startRssBytes = process.memoryUsage().rss;
  const timer = setInterval(sampleHeap, 50);
  try {
    let ms: number;
    let rows: number;
    let cells: number;
    let outcome: ImportOutcome | undefined;
    if (req.task === 'import') {
      if (req.project === undefined) throw new Error('import needs a project path');
      const r = await fullImport(req.file, req.project, req.noReadBack !== true, req.engineDist);
      ({ ms, rows, cells, outcome } = r);
    } else {
      const t = performance.now();
      cpuAtStart = cpuNow();
      const r =
        req.task === 'csv-bare' ? await csvBare(req.file) : req.task === 'source' ? await sourceOnly(req.file) : await xlsxBare(req.file, req.task === 'xlsx-bare' ? 'cache' : 'ignore');
      ms = performance.now() - t;
      cpuAtEnd = cpuNow();
      ({ rows, cells } = r);
    }
    sampleHeap();
    const result: ChildResult = {
      task: req.task,
      ms,
      rows,
      cells,
      peakRssBytes: peakAtEnd ?? vmHwm(),
      startRssBytes,
      peakHeapUsedBytes: peakHeap,
      heapLimitBytes: getHeapStatistics().heap_size_limit,
      cpu: { processMs: cpuAtEnd.processMs - cpuAtStart.processMs, mainMs: cpuAtEnd.mainMs - cpuAtStart.mainMs },
    };
    if (outcome !== undefined) result.import = outcome;
    return result;
  } finally {
    clearInterval(timer);
  }
}

process.once('message', (msg: ChildRequest) => {
  run(msg).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1)),
  );
});
