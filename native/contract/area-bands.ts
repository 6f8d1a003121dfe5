/*
 * 面积段 (unit-size bands) from the planner's cut points, one definition for the filter bar, a layer's
 * own filter and the engine's counts per band: [90, 120, 144] → <90㎡, 90–120㎡, 120–144㎡, ≥144㎡,
 * each [min, max).
 */

export type AreaRange = { min: number | null; max: number | null };

/** Said of a record without a readable area. */
export const NO_AREA_LABEL = '未标注';

export function areaBandRanges(cuts: readonly number[]): AreaRange[] {
  const sorted = [...new Set(cuts)].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const out: AreaRange[] = [{ min: null, max: sorted[0] ?? null }];
  for (let i = 1; i < sorted.length; i++) out.push({ min: sorted[i - 1] ?? null, max: sorted[i] ?? null });
  out.push({ min: sorted[sorted.length - 1] ?? null, max: null });
  return out;
}

export function sameRange(a: AreaRange, b: AreaRange): boolean {
  return a.min === b.min && a.max === b.max;
}

/** <90㎡, 90–120㎡, ≥144㎡ — as planners write 面积段. */
export function areaRangeLabel(r: AreaRange): string {
  if (r.min === null && r.max === null) return '全部';
  if (r.min === null) return `<${r.max ?? ''}㎡`;
  if (r.max === null) return `≥${r.min}㎡`;
  return `${r.min}–${r.max}㎡`;
}

/** The band label a unit area falls in, or 未标注 for a record without a readable area. */
export function areaBandOf(value: unknown, cuts: readonly number[]): string {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return NO_AREA_LABEL;
  const ranges = areaBandRanges(cuts);
  if (ranges.length === 0) return areaRangeLabel({ min: null, max: null });
  const band = ranges.find((r) => (r.min === null || n >= r.min) && (r.max === null || n < r.max));
  return band === undefined ? NO_AREA_LABEL : areaRangeLabel(band);
}
