import { areaRangeLabel, placeRoles } from '../../../native/contract/index.js';
import type { ImportBatch, PlaceFilter, PlaceRole } from '../../../native/contract/index.js';
import type { Lang, Translate } from '../../i18n/i18n.js';
import { placeFieldLabel } from '../../i18n/field-labels.js';
import { roleKeys } from '../../i18n/role-labels.js';
import { baseName, stageKey } from '../../i18n/stage-labels.js';

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
