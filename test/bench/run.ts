// `npm run bench`: runs the benchmarks on purpose and prints their figures. It never asserts timings;
// figures are read as ratios against a baseline measured in the same run, on the same machine.
//   node --expose-gc dist/test/bench/run.js [first-frame | import | area-count | recolour | migrate | revision | print | kill-loop | all] [options]   (default: all;
//   kill-loop only when named: it is a crash test, not a figure)
import { parseArgs } from 'node:util';
import type { BrowserMemory, FirstFrameReport, FixedCostReport, WorkbenchRun } from './first-frame.js';

const GOAL = 1.5;

const s = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const memory = (m: BrowserMemory | null, key: keyof BrowserMemory): string => (m === null ? '—' : mb(m[key]));

function table(rows: Array<[string, string, string?]>): string {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padStart(w1)}${c === undefined ? '' : `  ${c}`}`).join('\n');
}

/**
 * Headline: both sides stopped at "the GPU has executed the first frame with all points" (a 1-pixel
 * readPixels after the frame), because deck's onAfterRender only means the commands were issued:
 * with software WebGL the drawing itself happens seconds later.
 */
export function formatFirstFrame(r: FirstFrameReport): string {
  const [b1, b2] = r.baselines;
  const w = r.workbench;
  const f = r.workbenchFixed;
  const bare = (b1.result.syncedMs + b2.result.syncedMs) / 2;
  const bareIssued = (b1.result.afterRenderMs + b2.result.afterRenderMs) / 2;
  const columnsCall = w.rpc.find((c) => c.method === 'places.columns');
  const n = r.points.toLocaleString('en');
  const baselineRow = (label: string, b: typeof b1): [string, string, string] => [
    label,
    s(b.result.syncedMs),
    `onAfterRender ${s(b.result.afterRenderMs)}, ${b.result.paintedPixels.toLocaleString('en')} px painted; page+arrays ${s(b.prepareMs)} untimed`,
  ];
  const lines = [
    `\nfirst-frame, ${n} places, viewport 1280×800, headless Chromium + SwiftShader (fresh browser per run)`,
    table([
      ['project write (informational)', s(r.project.writeMs), `${(r.project.bytes / 1e6).toFixed(1)} MB, ${r.project.customers.toLocaleString('en')} customers`],
      ['engine: open (read-only)', s(r.engine.openMs)],
      ['engine: placeColumns()', s(r.engine.placeColumnsMs), 'in this process, no transport'],
      ['bare page build (Vite)', s(r.barePageBuildMs)],
      ['', ''],
      baselineRow('bare deck.gl #1 (start -> drawn)', b1),
      baselineRow('bare deck.gl #2 (start -> drawn)', b2),
      ['bare deck.gl, mean', s(bare), `onAfterRender ${s(bareIssued)}`],
      ['', ''],
      ['workbench (goto -> drawn)', s(w.syncedMs), `hook 'ready' seen at ${s(w.wallMs)}; ${w.layerLists ?? '?'} deck.gl layer lists set`],
      ['  page: app code running', s(w.hookMs), 'from navigation start'],
      ['  page: places.columns requested', s(w.columnsFetch?.startMs)],
      ['  engine: places.columns handler', s(columnsCall?.ms), 'dispatcher, incl. param validation'],
      ['  page: columns received', s(w.columnsFetch?.endMs), w.columnsFetch === null ? '' : `${(w.columnsFetch.bytes / 1e6).toFixed(1)} MB frame`],
      ['  page: hook ready', s(w.readyMs), 'from navigation start'],
      ['  engine: project.open before goto', s(w.projectOpenMs), 'not in the workbench time'],
      ['workbench, 2 places, same camera', s(f.syncedMs), `fixed cost; hook ready at ${s(f.wallMs)}, app code at ${s(f.hookMs)}`],
      ['workbench minus fixed cost', s(w.syncedMs - f.syncedMs), `${((w.syncedMs - f.syncedMs) / bare).toFixed(2)} × bare`],
      ['', ''],
      ['peak RSS, node process', mb(r.peakRssBytes)],
      ['peak RSS, Chromium renderer', memory(w.memory, 'rendererBytes'), `bare page ${memory(b1.memory, 'rendererBytes')}; goal < 2 GB at 5,000,000`],
      ['peak RSS, Chromium GPU process', memory(w.memory, 'gpuBytes'), `bare page ${memory(b1.memory, 'gpuBytes')}; SwiftShader keeps WebGL buffers here`],
    ]),
    `  rpc: ${w.rpc.map((c) => `${c.method} at ${s(c.at)} took ${c.ms.toFixed(0)} ms`).join('; ')}`,
    `  ratio with the hook's 'ready' instead: ${(w.wallMs / bare).toFixed(2)}; against bare onAfterRender (commands issued, not drawn): ${(w.syncedMs / bareIssued).toFixed(2)}`,
    `first-frame ${n}: workbench ${s(w.syncedMs)}, bare deck.gl ${s(bare)}, ratio ${(w.syncedMs / bare).toFixed(2)} (goal < ${GOAL})`,
  ];
  return lines.join('\n');
}

/** Fixed cost of two builds of the workbench, alternated in one run. */
export function formatFixedCost(r: FixedCostReport): string {
  const mean = (runs: readonly WorkbenchRun[], pick: (w: WorkbenchRun) => number | null): number => runs.reduce((sum, w) => sum + (pick(w) ?? 0), 0) / Math.max(1, runs.length);
  const row = (label: string, runs: readonly WorkbenchRun[]): [string, string, string] => [
    label,
    s(mean(runs, (w) => w.syncedMs)),
    `runs ${runs.map((w) => s(w.syncedMs)).join(', ')}; app code at ${s(mean(runs, (w) => w.hookMs))}, places.columns answered at ${s(mean(runs, (w) => w.columnsFetch?.endMs ?? null))}`,
  ];
  const before = mean(r.before, (w) => w.syncedMs);
  const after = mean(r.after, (w) => w.syncedMs);
  // The median as well: one run stretched by another job on the machine moves the mean of a few runs.
  const median = (runs: readonly WorkbenchRun[]): number => {
    const v = runs.map((w) => w.syncedMs).sort((a, b) => a - b);
    return v.length % 2 === 1 ? (v[(v.length - 1) / 2] ?? 0) : ((v[v.length / 2 - 1] ?? 0) + (v[v.length / 2] ?? 0)) / 2;
  };
  return [
    `\nfixed cost (2-place project, same camera, goto -> drawn), earlier build ${r.beforeDir} against this one, alternated`,
    table([row('before', r.before), row('this build', r.after)]),
    `  medians: before ${s(median(r.before))}, this build ${s(median(r.after))}, ratio ${(median(r.after) / median(r.before)).toFixed(2)}`,
    `fixed cost: before ${s(before)}, this build ${s(after)}, ratio ${(after / before).toFixed(2)} (goal ≤ 0.5)`,
  ].join('\n');
}

const BENCHES = ['first-frame', 'import', 'area-count', 'recolour', 'migrate', 'revision', 'print', 'kill-loop', 'all'] as const;
type BenchName = (typeof BENCHES)[number];

function count(value: string | undefined, fallback: number, flag: string): number {
  const v = value === undefined ? fallback : Number(value.replaceAll('_', ''));
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${flag} must be a non-negative integer; got ${String(value)}`);
  return v;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      points: { type: 'string' },
      keep: { type: 'boolean' },
      'xlsx-rows': { type: 'string' },
      'csv-rows': { type: 'string' },
      profile: { type: 'boolean' },
      'import-heap': { type: 'string' },
      kills: { type: 'string' },
      'pdf-only': { type: 'boolean' },
      'write-golden': { type: 'boolean' },
      'before-renderer': { type: 'string' },
      'before-engine': { type: 'string' },
      'fixed-only': { type: 'boolean' },
      rounds: { type: 'string' },
    },
  });
  const name = (positionals[0] ?? 'all') as BenchName;
  if (!BENCHES.includes(name) || positionals.length > 1) {
    console.error(`usage: run.js [${BENCHES.join(' | ')}] [options]; got ${positionals.join(' ')}`);
    return 2;
  }
  let points: number;
  let xlsxRows: number;
  let csvRows: number;
  let heap: number;
  let kills: number;
  let rounds: number;
  try {
    points = count(values.points, 1_000_000, '--points');
    xlsxRows = count(values['xlsx-rows'], 100_000, '--xlsx-rows');
    csvRows = count(values['csv-rows'], 1_000_000, '--csv-rows');
    heap = count(values['import-heap'], 0, '--import-heap');
    kills = count(values.kills, 100, '--kills');
    rounds = count(values.rounds, 2, '--rounds');
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (points < 1) {
    console.error(`--points must be a positive integer; got ${String(values.points)}`);
    return 2;
  }
  const keep = values.keep === true;
  if (name === 'first-frame' || name === 'all') {
    // Loaded on demand: the import bench needs neither Vite nor Playwright.
    const { firstFrameBench, fixedCostBench } = await import('./first-frame.js');
    if (values['fixed-only'] !== true) console.log(formatFirstFrame(await firstFrameBench(points, { keep })));
    const before = values['before-renderer'];
    if (before !== undefined) console.log(formatFixedCost(await fixedCostBench(before, { rounds })));
  }
  if (name === 'import' || name === 'all') {
    const { formatImport, importBench } = await import('./import-bench.js');
    const report = await importBench({
      xlsxRows,
      csvRows,
      keep,
      profile: values.profile === true,
      importFlags: heap > 0 ? [`--max-old-space-size=${heap}`] : [],
      writeGolden: values['write-golden'] === true,
      beforeDist: values['before-engine'],
      log: (line) => console.error(line),
    });
    console.log(formatImport(report));
  }
  if (name === 'area-count' || name === 'all') {
    const { formatAreaCount, runAreaCount } = await import('./area-count.js');
    console.log(formatAreaCount(runAreaCount(points)));
  }
  if (name === 'recolour' || name === 'all') {
    const { formatRecolour, recolourBench } = await import('./recolour.js');
    console.log(formatRecolour(await recolourBench(points, { keep })));
  }
  if (name === 'migrate' || name === 'all') {
    const { formatMigrate, migrateBench } = await import('./migrate-bench.js');
    console.log(formatMigrate(migrateBench(points, { keep, log: (line) => console.error(line) })));
  }
  if (name === 'revision' || name === 'all') {
    const { formatRevisionRuns, revisionBench } = await import('./revision-bench.js');
    // Without --points, both sizes of issue 17's goal: the ratio moved with size before.
    const sizes = values.points === undefined ? [100_000, 1_000_000] : [points];
    const reports = [];
    for (const n of sizes) reports.push(await revisionBench(n, { keep, log: (line) => console.error(line) }));
    console.log(formatRevisionRuns(reports));
  }
  if (name === 'print' || name === 'all') {
    const { formatPrint, printBench } = await import('./print-bench.js');
    // 100,000 places unless --points says otherwise: the issue's figure, and minutes of SwiftShader at A3 300 dpi.
    console.log(formatPrint(await printBench(values.points === undefined ? 100_000 : points, { keep, pdfOnly: values['pdf-only'] === true, log: (line) => console.error(line) })));
  }
  if (name === 'kill-loop') {
    const { formatKillLoop, killLoop, killLoopFailed } = await import('./kill-loop.js');
    const report = await killLoop(kills, { keep, log: (line) => console.error(line) });
    console.log(formatKillLoop(report));
    if (killLoopFailed(report)) return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
