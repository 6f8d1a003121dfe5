/** 面积段 labels: cut points [90, 120, 144] give <90㎡, 90–120㎡, 120–144㎡, ≥144㎡ (min inclusive, max exclusive). */
export const NO_AREA_LABEL = '未标注';

export function areaBandLabels(bands: readonly number[]): string[] {
  const cuts = [...bands].sort((a, b) => a - b);
  if (cuts.length === 0) return ['全部'];
  const labels = [`<${cuts[0]}㎡`];
  for (let i = 1; i < cuts.length; i++) labels.push(`${cuts[i - 1]}–${cuts[i]}㎡`);
  labels.push(`≥${cuts[cuts.length - 1]}㎡`);
  return labels;
}

/** The band a unit area falls in, or 未标注 for a record without a readable area. */
export function areaBandOf(value: unknown, bands: readonly number[]): string {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return NO_AREA_LABEL;
  const cuts = [...bands].sort((a, b) => a - b);
  const labels = areaBandLabels(cuts);
  let i = 0;
  while (i < cuts.length && n >= (cuts[i] ?? Infinity)) i++;
  return labels[i] ?? NO_AREA_LABEL;
}
