import type { GradeThresholds } from '../../../native/contract/methods.js';

export type GradeMetric = keyof GradeThresholds['A'];
export type GradeCombine = 'and' | 'or';
type Minimums = GradeThresholds['A'];

export const gradeMetrics: readonly GradeMetric[] = ['prospects', 'visitors', 'deals'];
const zero: Minimums = { prospects: 0, visitors: 0, deals: 0 };

/** One grade as the tab edits it: three minimums and how they combine. */
export interface GradeRule {
  combine: GradeCombine;
  min: Minimums;
}
export type GradeRules = Record<'A' | 'B' | 'C', GradeRule>;

/** True when each group sets at most one count, each a different one: an OR of single minimums the tab can show. */
function singles(groups: readonly Minimums[]): Minimums | null {
  const merged: Minimums = { ...zero };
  for (const g of groups) {
    const set = gradeMetrics.filter((m) => g[m] > 0);
    if (set.length > 1) return null;
    const m = set[0];
    if (m === undefined) continue;
    if (merged[m] > 0) return null;
    merged[m] = g[m];
  }
  return merged;
}

/**
 * The engine's thresholds (AND minimums plus `or` alternatives) as the tab's rules. An OR the tab cannot
 * show as "any of these counts" (written by the CLI with several counts per alternative) is read as its
 * AND part; `rulesToThresholds` then keeps those alternatives untouched unless the planner changes the grade.
 */
export function rulesOf(t: GradeThresholds): GradeRules {
  const one = (g: 'A' | 'B' | 'C'): GradeRule => {
    const alternatives = t.or?.[g] ?? [];
    if (alternatives.length === 0) return { combine: 'and', min: { ...t[g] } };
    const merged = singles([t[g], ...alternatives]);
    return merged === null ? { combine: 'and', min: { ...t[g] } } : { combine: 'or', min: merged };
  };
  return { A: one('A'), B: one('B'), C: one('C') };
}

/**
 * The tab's rules as the engine's thresholds. OR: each count set above 0 is one alternative (a count left
 * at 0 is not asked for, else every area would reach the grade); `base` keeps alternatives the tab could not show.
 */
export function thresholdsOf(rules: GradeRules, base: GradeThresholds): GradeThresholds {
  const out: GradeThresholds = { A: { ...zero }, B: { ...zero }, C: { ...zero } };
  const or: NonNullable<GradeThresholds['or']> = {};
  for (const g of ['A', 'B', 'C'] as const) {
    const rule = rules[g];
    const kept = rulesOf(base)[g];
    const unchanged = kept.combine === rule.combine && gradeMetrics.every((m) => kept.min[m] === rule.min[m]);
    if (unchanged && rule.combine === 'and') {
      out[g] = { ...base[g] };
      const alternatives = base.or?.[g] ?? [];
      if (alternatives.length > 0) or[g] = alternatives.map((a) => ({ ...a }));
      continue;
    }
    if (rule.combine === 'and') {
      out[g] = { ...rule.min };
      continue;
    }
    const groups = gradeMetrics.filter((m) => rule.min[m] > 0).map((m) => ({ ...zero, [m]: rule.min[m] }));
    const [first, ...rest] = groups;
    out[g] = first ?? { ...zero };
    if (rest.length > 0) or[g] = rest;
  }
  return Object.keys(or).length === 0 ? out : { ...out, or };
}
