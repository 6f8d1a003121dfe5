// The kill test at scale: SIGKILLs at random moments during an import, area edits and a migration, in
// turn, each followed by the checks of test/support/kill-scenarios.ts. Counts failures; exits non-zero
// on any. The suite runs the same scenarios a few times (test/engine/crash.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../native/demo/seeded-random.js';
import { checkAfterKill, killDuring, makeKillFixtures, resetKillTarget } from '../support/kill-scenarios.js';
import type { KillScenario } from '../support/kill-scenarios.js';

export interface KillLoopReport {
  kills: number;
  /** Per scenario: kills, and those that hit before the child finished its work (the rest landed just after). */
  byScenario: Record<KillScenario, { kills: number; midWrite: number }>;
  partialBatches: number;
  integrityFailures: number;
  unopenable: number;
  problems: string[];
  ms: number;
}

const SCENARIOS: readonly KillScenario[] = ['import', 'areas', 'migration'];
/** Import batch size and schema-10 customers: each write lasts about a second here, so kills spread over it. */
const BATCH = 40_000;
const V10_CUSTOMERS = 20_000;
/** Upper bounds of the random delay after the child starts writing: about each write's length, so a few land after it. */
const MAX_DELAY_MS: Record<KillScenario, number> = { import: 1200, areas: 800, migration: 700 };

export async function killLoop(kills: number, opts: { keep: boolean; log: (line: string) => void }): Promise<KillLoopReport> {
  const dir = mkdtempSync(join(tmpdir(), 'ketu-kill-loop-'));
  const started = performance.now();
  const fixtures = makeKillFixtures(dir, V10_CUSTOMERS);
  const random = seededRandom(Date.now() % 1_000_000);
  const report: KillLoopReport = { kills: 0, byScenario: { import: { kills: 0, midWrite: 0 }, areas: { kills: 0, midWrite: 0 }, migration: { kills: 0, midWrite: 0 } }, partialBatches: 0, integrityFailures: 0, unopenable: 0, problems: [], ms: 0 };
  for (let i = 0; i < kills; i++) {
    const scenario = SCENARIOS[i % SCENARIOS.length] ?? 'import';
    const project = join(dir, `${scenario}.ketu`);
    resetKillTarget(scenario, fixtures, project);
    const afterMs = Math.round(random() * MAX_DELAY_MS[scenario]);
    const mid = await killDuring(scenario, project, afterMs, BATCH);
    report.kills++;
    report.byScenario[scenario].kills++;
    if (mid) report.byScenario[scenario].midWrite++;
    const check = checkAfterKill(scenario, project, fixtures, BATCH);
    if (check.partialBatch) report.partialBatches++;
    if (check.integrityFailed) report.integrityFailures++;
    if (check.unopenable) report.unopenable++;
    for (const p of check.problems) report.problems.push(`kill ${i + 1} (${scenario} at ${afterMs} ms): ${p}`);
    if ((i + 1) % 10 === 0) opts.log(`${i + 1}/${kills} kills, ${report.problems.length} problems`);
  }
  report.ms = performance.now() - started;
  if (opts.keep) opts.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  return report;
}

export function formatKillLoop(r: KillLoopReport): string {
  return [
    ...r.problems.map((p) => `  ${p}`),
    `  kills that hit mid-write: ${SCENARIOS.map((x) => `${x} ${r.byScenario[x].midWrite} of ${r.byScenario[x].kills}`).join(', ')}; ${(r.ms / 1000).toFixed(0)} s`,
    `kills ${r.kills} · partial batches ${r.partialBatches} · integrity failures ${r.integrityFailures} · unopenable ${r.unopenable}`,
  ].join('\n');
}

export function killLoopFailed(r: KillLoopReport): boolean {
  return r.partialBatches + r.integrityFailures + r.unopenable > 0;
}
