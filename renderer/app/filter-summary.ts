import { placeRoles } from '../../native/contract/index.js';
import type { ImportBatch, PlaceFilter, PlaceRole } from '../../native/contract/index.js';
import type { Lang, Translate } from '../i18n/i18n.js';
import { placeFieldLabel } from '../i18n/field-labels.js';
import type { MessageKey } from '../i18n/messages.js';
import { baseName, stageKey } from './stage-labels.js';

export type AreaRange = { min: number | null; max: number | null };

export const roleKeys: Record<PlaceRole, MessageKey> = { home: 'layers.home', work: 'layers.work', leisure: 'layers.leisure' };

/** 面积段 from cut points: [90, 120, 144] → <90, 90–120, 120–144, ≥144 (each [min, max)). */
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
  if (r.min === null && r.max === null) return '—';
  if (r.min === null) return `<${r.max ?? ''}㎡`;
  if (r.max === null) return `≥${r.min}㎡`;
  return `${r.min}–${r.max}㎡`;
}

/** A category value as shown: stages and roles translated, batches with their file. */
export function valueLabel(field: string, value: string, t: Translate, batches: readonly ImportBatch[] | null): string {
  if (field === 'stage') {
    const key = stageKey(value);
    return key === null ? value : t(key);
  }
  if (field === 'role' && (placeRoles as readonly string[]).includes(value)) return t(roleKeys[value as PlaceRole]);
  if (field === 'batch') {
    const batch = batches?.find((b) => String(b.id) === value);
    return batch === undefined ? `#${value}` : `#${value} ${baseName(batch.file)}`;
  }
  return value;
}

/** The active parts of a filter, one short phrase each (empty when the filter keeps everything). */
export function filterSummary(filter: PlaceFilter, t: Translate, lang: Lang, batches: readonly ImportBatch[] | null): string[] {
  const sep = lang === 'zh-CN' ? '、' : ', ';
  const parts: string[] = [];
  const join = (field: string, values: readonly string[]): string => values.map((v) => valueLabel(field, v, t, batches)).join(sep);
  if (filter.stages !== undefined && filter.stages.length > 0) parts.push(join('stage', filter.stages));
  if (filter.products !== undefined && filter.products.length > 0) parts.push(join('product', filter.products));
  if (filter.batches !== undefined && filter.batches.length > 0) parts.push(join('batch', filter.batches.map(String)));
  if (filter.roles !== undefined && filter.roles.length > 0) parts.push(join('role', filter.roles));
  if (filter.areaRanges !== undefined && filter.areaRanges.length > 0) parts.push(filter.areaRanges.map(areaRangeLabel).join(sep));
  const d = filter.dateRange;
  if (d !== undefined && (d.from !== null || d.to !== null)) parts.push(`${placeFieldLabel(lang, d.field)} ${d.from ?? '…'} ~ ${d.to ?? '…'}`);
  for (const f of filter.fields ?? []) if (f.values.length > 0) parts.push(`${placeFieldLabel(lang, f.field)}：${join(f.field, f.values)}`);
  return parts;
}
