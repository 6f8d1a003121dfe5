import type { AreaGrade, GradeThresholds } from '../contract/methods.js';

/** Output of one area in customers (distinct people) per stage. */
export interface AreaOutput {
  prospects: number;
  visitors: number;
  deals: number;
}

/** A starting point planners then tune per project: a few deals make an A, visits alone a B or C. */
export const defaultGradeThresholds: GradeThresholds = {
  A: { prospects: 0, visitors: 20, deals: 5 },
  B: { prospects: 0, visitors: 10, deals: 1 },
  C: { prospects: 10, visitors: 1, deals: 0 },
};

/** The first grade the area reaches: every minimum of the grade (AND), or of one of its `or` alternatives; D when none. */
export function gradeOf(output: AreaOutput, thresholds: GradeThresholds): AreaGrade {
  const reaches = (min: AreaOutput): boolean => output.prospects >= min.prospects && output.visitors >= min.visitors && output.deals >= min.deals;
  for (const grade of ['A', 'B', 'C'] as const) {
    if (reaches(thresholds[grade]) || (thresholds.or?.[grade] ?? []).some(reaches)) return grade;
  }
  return 'D';
}
