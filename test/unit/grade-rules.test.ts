import { describe, expect, it } from 'vitest';
import type { GradeThresholds } from '../../native/contract/methods.js';
import { rulesOf, thresholdsOf } from '../../renderer/features/areas/grade-rules.js';

const zero = { prospects: 0, visitors: 0, deals: 0 };
const base: GradeThresholds = { A: { prospects: 0, visitors: 20, deals: 5 }, B: { prospects: 0, visitors: 10, deals: 1 }, C: { prospects: 10, visitors: 1, deals: 0 } };

describe('the grading tab’s AND/OR rules and the engine’s thresholds', () => {
  it('reads plain minimums as AND and writes them back unchanged', () => {
    const rules = rulesOf(base);
    expect(rules.A).toEqual({ combine: 'and', min: base.A });
    expect(thresholdsOf(rules, base)).toEqual(base);
  });

  it('writes OR as one group per count set, a 0 asking for nothing', () => {
    const rules = rulesOf(base);
    rules.B = { combine: 'or', min: { prospects: 0, visitors: 30, deals: 1 } };
    const out = thresholdsOf(rules, base);
    expect(out.B).toEqual({ ...zero, visitors: 30 });
    expect(out.or).toEqual({ B: [{ ...zero, deals: 1 }] });
    // And reads back as the same OR.
    expect(rulesOf(out).B).toEqual({ combine: 'or', min: { prospects: 0, visitors: 30, deals: 1 } });
  });

  it('keeps an OR the CLI wrote with several counts per group while that grade is left alone', () => {
    const cli: GradeThresholds = { ...base, or: { B: [{ prospects: 0, visitors: 30, deals: 0 }, { prospects: 5, visitors: 5, deals: 0 }] } };
    const rules = rulesOf(cli);
    expect(rules.B).toEqual({ combine: 'and', min: base.B });
    expect(thresholdsOf(rules, cli)).toEqual(cli);
    rules.B = { combine: 'and', min: { ...base.B, deals: 2 } };
    expect(thresholdsOf(rules, cli)).toEqual({ ...base, B: { ...base.B, deals: 2 } });
  });
});
