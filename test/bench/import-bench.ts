// Benchmark 2: a 100,000-row × 14-column .xlsx through the engine's whole import
// (parse, map, validate, convert, geocode, commit) against a bare streaming parse of the same file,
// and a 1,000,000-row GBK CSV the same way; every task in a fresh process so peak memory is its own.
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectDigest } from '../support/project-digest.js';
import type { ChildRequest, ChildResult, ChildTask } from './import-child.js';
import { writeBenchGbkCsv, writeBenchXlsx } from './import-data.js';
import type { WrittenFile } from './import-data.js';

const childPath = fileURLToPath(new URL('./import-child.js', import.meta.url));
/** Dumps of the projects the import made before its writes were batched (issue 17), by format and rows; the source copy, not dist's. */
const goldenPath = fileURLToPath(new URL('../../../test/bench/golden-digests.json', import.meta.url));

function goldenDigests(): Record<string, ProjectDigest> {
  return existsSync(goldenPath) ? (JSON.parse(readFileSync(goldenPath, 'utf8')) as Record<string, ProjectDigest>) : {};
}

export interface ImportBenchOptions {
  xlsxRows: number;
  csvRows: number;
  keep: boolean;
  /** Also run the xlsx import once more under --cpu-prof and summarise self time. */
  profile: boolean;
  /** Extra node flags for the import children (e.g. --max-old-space-size=8192). */
  importFlags: string[];
  /** Store this run's project dumps as the golden ones (run once with the code to compare against). */
  writeGolden: boolean;
  /** A dist folder of an earlier build: its engine imports the same files in the same run (before/after). */
  beforeDist?: string | undefined;
  log: (line: string) => void;
}

export interface ChildRun {
  label: string;
  ok: boolean;
  result?: ChildResult;
  /** When the child died: exit code or signal, and the tail of its stderr. */
  failure?: string;
  outOfMemory?: boolean;
  flags: string[];
}

export interface ProfileSummary {
  totalMs: number;
  functions: Array<{ name: string; where: string; selfMs: number }>;
  areas: Array<{ area: string; selfMs: number }>;
}

export interface FormatRuns {
  /** Key of the golden dump: format and rows. */
  key: string;
  file: WrittenFile;
  bare: [ChildRun, ChildRun];
  full: ChildRun[];
  /** The same import by the engine of `beforeDist`, when given. */
  before: ChildRun[];
  extra: ChildRun[];
}

export interface ImportBenchReport {
  dir: string;
  kept: boolean;
  xlsx: FormatRuns | null;
  csv: FormatRuns | null;
  profile: ProfileSummary | null;
}

function runChild(label: string, req: ChildRequest, flags: string[] = []): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = fork(childPath, [], { execArgv: ['--expose-gc', ...flags], stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-4000);
    });
    type Answer = { ok: true; result: ChildResult } | { ok: false; error: string };
    const got: { answer: Answer | null } = { answer: null };
    child.on('message', (m) => {
      got.answer = m as Answer;
    });
    child.on('error', (err) => resolve({ label, ok: false, failure: err.message, flags }));
    child.on('close', (code, signal) => {
      const a = got.answer;
      if (a?.ok === true) resolve({ label, ok: true, result: a.result, flags });
      else {
        const why = a?.ok === false ? a.error : `exited with ${signal ?? `code ${String(code)}`}`;
        const outOfMemory = /heap out of memory|Allocation failed|invalid array length|Reached heap limit/i.test(stderr) || signal === 'SIGKILL';
        resolve({ label, ok: false, failure: `${why}\n${stderr.trim().split('\n').slice(-8).join('\n')}`, outOfMemory, flags });
      }
    });
    child.send(req);
  });
}

/** An import child; if it runs out of V8 heap, once more with a heap as large as the machine allows. */
async function runImport(label: string, req: ChildRequest, opts: ImportBenchOptions, runs: ChildRun[]): Promise<void> {
  const first = await runChild(label, req, opts.importFlags);
  runs.push(first);
  if (first.ok || first.outOfMemory !== true) return;
  const mb = Math.floor((totalmem() / 1024 / 1024) * 0.75);
  opts.log(`  ${label} ran out of memory; again with --max-old-space-size=${mb}`);
  runs.push(await runChild(`${label}, --max-old-space-size=${mb}`, req, [...opts.importFlags, `--max-old-space-size=${mb}`]));
}

/** Self time by function and by area (package or KeTu folder) from a V8 .cpuprofile. */
export function summariseProfile(path: string, top = 25): ProfileSummary {
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }
  const prof = JSON.parse(readFileSync(path, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const fns = new Map<string, { name: string; where: string; selfMs: number }>();
  const areas = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (n === undefined) continue;
    const ms = us / 1000;
    total += ms;
    const url = n.callFrame.url;
    const short = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
    const where = url === '' ? '' : `${short}:${n.callFrame.lineNumber + 1}`;
    const name = n.callFrame.functionName || '(anonymous)';
    const key = `${name}\u0000${where}`;
    const f = fns.get(key) ?? { name, where, selfMs: 0 };
    f.selfMs += ms;
    fns.set(key, f);
    let area: string;
    if (url === '') area = name.startsWith('(') ? name : '(native)';
    else if (url.includes('/node_modules/')) area = short.split('/')[0] === '' ? short : (short.split('/')[0] ?? short);
    else if (url.startsWith('node:')) area = 'node: internals';
    else if (url.includes('/dist/native/')) area = `native/${short.replace(/^dist\/native\//, '').split('/').slice(0, -1).join('/') || '.'}`;
    else area = short;
    areas.set(area, (areas.get(area) ?? 0) + ms);
  }
  return {
    totalMs: total,
    functions: [...fns.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
    areas: [...areas.entries()].map(([area, selfMs]) => ({ area, selfMs })).sort((a, b) => b.selfMs - a.selfMs).slice(0, 15),
  };
}

export async function importBench(opts: ImportBenchOptions): Promise<ImportBenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'ketu-bench-import-'));
  const report: ImportBenchReport = { dir, kept: opts.keep, xlsx: null, csv: null, profile: null };
  const log = opts.log;
  const task = (t: ChildTask, file: string, project?: string): ChildRequest => (project === undefined ? { task: t, file } : { task: t, file, project });
  /** The earlier build's import of the same file, between the first bare run and this build's import. */
  const before = async (format: string, path: string): Promise<ChildRun[]> => {
    const runs: ChildRun[] = [];
    if (opts.beforeDist !== undefined) await runImport(`${format} full import, before`, { ...task('import', path, join(dir, `${format}-before.ketu`)), engineDist: opts.beforeDist }, opts, runs);
    return runs;
  };
  try {
    if (opts.xlsxRows > 0) {
      const path = join(dir, `customers-${opts.xlsxRows}.xlsx`);
      log(`writing ${opts.xlsxRows.toLocaleString('en')}-row .xlsx …`);
      const file = await writeBenchXlsx(path, opts.xlsxRows);
      log(`  ${(file.bytes / 1e6).toFixed(1)} MB in ${(file.ms / 1000).toFixed(1)} s`);
      const full: ChildRun[] = [];
      log('xlsx: bare #1, full import, bare #2 …');
      const b1 = await runChild('xlsx bare #1', task('xlsx-bare', path));
      const earlier = await before('xlsx', path);
      await runImport('xlsx full import', task('import', path, join(dir, 'xlsx.ketu')), opts, full);
      const b2 = await runChild('xlsx bare #2', task('xlsx-bare', path));
      const extra = [await runChild('xlsx bare, styles ignored', task('xlsx-bare-nostyles', path)), await runChild("KeTu's xlsx source alone", task('source', path))];
      report.xlsx = { key: `xlsx-${opts.xlsxRows}`, file, bare: [b1, b2], full, before: earlier, extra };
      if (opts.profile) {
        const profDir = join(dir, 'cpuprofile');
        log('xlsx: full import once more under --cpu-prof …');
        const run = await runChild('xlsx full import, --cpu-prof', { ...task('import', path, join(dir, 'xlsx-prof.ketu')), noReadBack: true }, [...opts.importFlags, '--cpu-prof', `--cpu-prof-dir=${profDir}`]);
        const prof = existsSync(profDir) ? readdirSync(profDir).find((f) => f.endsWith('.cpuprofile')) : undefined;
        if (run.ok && prof !== undefined) {
          report.profile = summariseProfile(join(profDir, prof));
          if (opts.keep) log(`  profile kept: ${join(profDir, prof)}`);
        } else log(`  profiling failed: ${run.failure ?? 'no .cpuprofile written'}`);
      }
    }
    if (opts.csvRows > 0) {
      const path = join(dir, `customers-${opts.csvRows}-gbk.csv`);
      log(`writing ${opts.csvRows.toLocaleString('en')}-row GBK .csv (iconv) …`);
      const file = await writeBenchGbkCsv(path, opts.csvRows);
      log(`  ${(file.bytes / 1e6).toFixed(1)} MB in ${(file.ms / 1000).toFixed(1)} s`);
      const full: ChildRun[] = [];
      log('csv: bare #1, full import, bare #2 …');
      const b1 = await runChild('csv bare #1', task('csv-bare', path));
      const earlier = await before('csv', path);
      await runImport('csv full import', task('import', path, join(dir, 'csv.ketu')), opts, full);
      const b2 = await runChild('csv bare #2', task('csv-bare', path));
      const extra = [await runChild("KeTu's csv source alone", task('source', path))];
      report.csv = { key: `csv-${opts.csvRows}`, file, bare: [b1, b2], full, before: earlier, extra };
    }
    if (opts.writeGolden) {
      const golden = goldenDigests();
      for (const f of [report.xlsx, report.csv]) {
        const digest = f?.full.find((r) => r.result?.import?.digest !== undefined)?.result?.import?.digest;
        if (f !== null && digest !== undefined) golden[f.key] = digest;
      }
      writeFileSync(goldenPath, `${JSON.stringify(golden, null, 2)}\n`);
      log(`golden dumps written to ${goldenPath}`);
    }
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Output

/** Issue 17's goals: the .xlsx against KeTu's own sheet reader, the CSV against the bare decode+split, and the CSV's peak memory. */
interface Goal {
  ratio: number;
  against: 'bare' | 'source';
  peakMb?: number;
}
const n = (v: number): string => Math.round(v).toLocaleString('en');
const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`.trimEnd()).join('\n');
}

function runRow(run: ChildRun): string[] {
  const r = run.result;
  if (!run.ok || r === undefined) return [run.label, '—', 'failed', '—', '—', '—', '—', '—', '—'];
  return [run.label, n(r.rows), sec(r.ms), sec(r.cpu.processMs), sec(r.cpu.mainMs), n(r.rows / (r.ms / 1000)), mb(r.peakRssBytes), mb(r.peakHeapUsedBytes), mb(r.startRssBytes)];
}

/** Mean of a figure over the runs that finished. */
function meanOf(runs: readonly ChildRun[], figure: (r: ChildResult) => number): number | null {
  const values = runs.flatMap((b) => (b.ok && b.result !== undefined ? [figure(b.result)] : []));
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function meanBare(f: FormatRuns): number | null {
  return meanOf(f.bare, (r) => r.ms);
}

function digestLine(f: FormatRuns, digest: ProjectDigest | undefined): string {
  const golden = goldenDigests()[f.key];
  if (digest === undefined) return '  stored result: no dump taken';
  if (golden === undefined) return `  stored result: no golden dump for ${f.key} in test/bench/golden-digests.json`;
  // The golden dump's tables prove the stored result unchanged; a table a later schema added (migration 070's
  // record_fields, record_kept) has no golden hash and is listed apart with its own rows and hash.
  const tables = Object.keys(golden);
  const differ = tables.filter((t) => golden[t]?.sha256 !== digest[t]?.sha256);
  const added = Object.keys(digest).filter((t) => golden[t] === undefined);
  const same =
    differ.length === 0
      ? `  stored result: IDENTICAL to the golden dump ${f.key} (${tables.length} tables, every row in key order)`
      : `  stored result DIFFERS from the golden dump ${f.key} in: ${differ.map((t) => `${t} (${golden[t]?.rows ?? '—'} → ${digest[t]?.rows ?? '—'} rows)`).join(', ')}`;
  if (added.length === 0) return same;
  return `${same}\n  tables added since the golden dump (not compared): ${added.map((t) => `${t} ${digest[t]?.rows ?? 0} rows, sha256 ${digest[t]?.sha256.slice(0, 12) ?? ''}`).join('; ')}`;
}

function formatRuns(title: string, f: FormatRuns, goal: Goal): { lines: string[]; headline: string } {
  const lines = [`\n${title}: ${(f.file.bytes / 1e6).toFixed(1)} MB, ${n(f.file.rows)} data rows written in ${sec(f.file.ms)} (informational); each task in a fresh node process`];
  const bare = meanBare(f);
  const rows: string[][] = [['task', 'rows', 'time', 'CPU', 'main CPU', 'rows/s', 'peak RSS', 'peak heap', 'RSS at start']];
  const [b1, b2] = f.bare;
  rows.push(runRow(b1));
  for (const run of f.before) rows.push(runRow(run));
  for (const run of f.full) rows.push(runRow(run));
  rows.push(runRow(b2));
  if (bare !== null) {
    const r = f.bare.find((b) => b.result !== undefined)?.result;
    rows.push(['bare, mean', r === undefined ? '—' : n(r.rows), sec(bare), sec(meanOf(f.bare, (x) => x.cpu.processMs) ?? 0), '', r === undefined ? '—' : n(r.rows / (bare / 1000)), '', '', '']);
  }
  for (const run of f.extra) rows.push(runRow({ ...run, label: `${run.label} (informational)` }));
  lines.push(table(rows));

  const done = f.full.find((r) => r.ok && r.result?.import?.ok === true);
  const last = f.full[f.full.length - 1];
  for (const run of f.full) {
    if (!run.ok) lines.push(`  ${run.label} FAILED: ${run.failure ?? ''}`.replace(/\n/g, '\n    '));
    const imp = run.result?.import;
    if (imp !== undefined && !imp.ok && imp.error !== undefined) {
      lines.push(`  ${run.label}: the engine refused the import: [${imp.error.code}] ${imp.error.message}`);
      for (const p of imp.error.problems.slice(0, 5)) lines.push(`    ${JSON.stringify(p)}`);
    }
  }
  let headline: string;
  const fullMs = done?.result?.ms;
  const ratio = fullMs !== undefined && bare !== null ? fullMs / bare : null;
  if (done?.result?.import !== undefined && fullMs !== undefined) {
    const imp = done.result.import;
    const written = f.file.rows;
    const ph = imp.phases;
    if (ph !== undefined && ph.writeStart !== null && ph.writeEnd !== null) {
      const readEnd = ph.geocodeStart ?? ph.writeStart;
      lines.push(
        `  phases of the full import: read+map+validate+convert, overlapped with the writes ${sec(readEnd)} (last row event at ${sec(ph.readEnd ?? 0)}), ` +
          `geocode+outliers+plan ${sec(ph.writeStart - readEnd)}, commit + learnFromPlaces ${sec(ph.writeEnd - ph.writeStart)}, after ${sec(fullMs - ph.writeEnd)}`,
      );
    }
    lines.push(`  heap limit of the import process: ${mb(done.result.heapLimitBytes)}${done.flags.length > 0 ? ` (flags: ${done.flags.join(' ')})` : ''}; project.create ${sec(imp.projectCreateMs)} (not in the time)`);
    lines.push(
      `  rows written ${n(written)}, read ${n(imp.rowsRead ?? 0)}, imported ${n(imp.customers ?? 0)} (${n(written - (imp.customers ?? 0))} not imported); ` +
        `customers ${n(imp.stored?.customers ?? 0)} (new ${n(imp.newCustomers ?? 0)}, the rest merged by phone), places ${n(imp.places ?? 0)}, flagged rows ${n(imp.flagged ?? 0)}`,
    );
    lines.push(`  project file ${((imp.projectBytes ?? 0) / 1e6).toFixed(1)} MB, problem report ${((imp.stored?.reportBytes ?? 0) / 1e6).toFixed(1)} MB as JSON text (rows of import_problems since schema 80)`);
    const places = Object.entries(imp.stored?.places ?? {}).map(([k, v]) => `${k} ${n(v)}`);
    lines.push(`  places by source/precision: ${places.join(', ')}`);
    const problems = Object.entries(imp.stored?.problems ?? {}).sort((a, b) => b[1] - a[1]);
    const bad = imp.stored?.replacementChars;
    if (bad !== undefined) {
      const broken = bad.records + bad.customers + bad.places;
      lines.push(
        broken === 0
          ? '  text intact: no U+FFFD in stored records, customers or places'
          : `  TEXT CORRUPTED by the reader: U+FFFD in ${n(bad.records)} records, ${n(bad.customers)} customers, ${n(bad.places)} places (the generated file has none; see README)`,
      );
    }
    if (problems.length > 0) lines.push(`  problems in the stored report: ${problems.map(([k, v]) => `${k} ×${n(v)}`).join('; ')}`);
    if (ratio !== null) lines.push(`  full / bare: ${ratio.toFixed(2)}; peak RSS full / bare: ${(done.result.peakRssBytes / Math.max(...f.bare.map((b) => b.result?.peakRssBytes ?? 0))).toFixed(1)}×`);
    lines.push(digestLine(f, imp.digest));
    const earlier = f.before.find((r) => r.ok && r.result?.import?.ok === true)?.result;
    if (earlier !== undefined) {
      const now = done.result;
      lines.push(
        `  before → this build (same file, same run): wall ${sec(earlier.ms)} → ${sec(now.ms)} (×${(earlier.ms / now.ms).toFixed(2)} faster), ` +
          `CPU ${sec(earlier.cpu.processMs)} → ${sec(now.cpu.processMs)} (×${(earlier.cpu.processMs / now.cpu.processMs).toFixed(2)}), ` +
          `main-thread CPU ${sec(earlier.cpu.mainMs)} → ${sec(now.cpu.mainMs)}, peak RSS ${mb(earlier.peakRssBytes)} → ${mb(now.peakRssBytes)}`,
      );
      lines.push(digestLine(f, earlier.import?.digest).replace('stored result', 'stored result before'));
    }
  }
  const name = title.split(':')[0] ?? title;
  if (ratio === null || fullMs === undefined || bare === null) {
    headline = `${name}: no ratio (${last?.ok === false ? 'the import process failed' : 'the import was refused'})`;
  } else {
    const peak = done?.result?.peakRssBytes ?? 0;
    const barePeak = Math.max(...f.bare.map((b) => b.result?.peakRssBytes ?? 0));
    const source = f.extra.find((r) => r.result?.task === 'source')?.result;
    const sourceMs = source?.ms;
    const base = goal.against === 'bare' ? bare : sourceMs;
    // CPU time of the same pair: on a loaded machine the wall clock of either side can stretch alone.
    const cpuBase = goal.against === 'bare' ? meanOf(f.bare, (x) => x.cpu.processMs) : (source?.cpu.processMs ?? null);
    const fullCpu = done?.result?.cpu.processMs;
    const cpuRatio = cpuBase === null || fullCpu === undefined ? '' : `, CPU ratio ${(fullCpu / cpuBase).toFixed(2)} (${sec(fullCpu)} / ${sec(cpuBase)})`;
    const against = goal.against === 'bare' ? 'bare decode+split' : "KeTu's own reader";
    const goalRatio = base === undefined ? 'no ratio' : `ratio ${(fullMs / base).toFixed(2)} (goal < ${goal.ratio})`;
    const other = goal.against === 'bare' ? '' : `; bare exceljs parse ${sec(bare)} (${ratio.toFixed(2)}×)`;
    const memory = goal.peakMb === undefined ? '' : ` (goal < ${goal.peakMb} MB)`;
    headline = `${name}: full import ${sec(fullMs)}, ${against} ${base === undefined ? '—' : sec(base)}, ${goalRatio}${cpuRatio}${other}; peak RSS ${mb(peak)}${memory} vs ${mb(barePeak)}`;
  }
  return { lines, headline };
}

export function formatImport(r: ImportBenchReport): string {
  const out: string[] = [];
  const headlines: string[] = [];
  if (r.xlsx !== null) {
    const x = formatRuns(`import xlsx ${n(r.xlsx.file.rows)} × 14`, r.xlsx, { ratio: 2, against: 'source' });
    out.push(...x.lines);
    headlines.push(x.headline);
  }
  if (r.profile !== null) {
    const p = r.profile;
    out.push(`\nCPU profile of the xlsx full import (whole child process, ${sec(p.totalMs)} sampled), self time:`);
    out.push(table([['area', 'self', '%'], ...p.areas.map((a) => [a.area, sec(a.selfMs), `${((100 * a.selfMs) / p.totalMs).toFixed(1)} %`])]));
    out.push(table([['function', 'where', 'self', '%'], ...p.functions.map((f) => [f.name, f.where, sec(f.selfMs), `${((100 * f.selfMs) / p.totalMs).toFixed(1)} %`])]));
  }
  if (r.csv !== null) {
    const c = formatRuns(`import csv ${n(r.csv.file.rows)} × 14 GBK`, r.csv, { ratio: 8, against: 'bare', peakMb: 600 });
    out.push(...c.lines);
    headlines.push(c.headline);
  }
  if (r.kept) out.push(`\nfiles kept in ${r.dir}`);
  out.push('', ...headlines);
  return out.join('\n');
}

