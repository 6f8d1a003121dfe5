import { MISSING_CODE, filterValueNumber, isoDays } from '../../native/contract/index.js';
import type { FieldColumn, PlaceFilter } from '../../native/contract/index.js';

/*
 * The map's (or a layer's) PlaceFilter over field columns: the same semantics as the engine's SQL
 * (native/store/place-fields.ts filterSql), so what is drawn is what the rankings count.
 * - every part narrows; an absent part, an empty list, or a date range open on both sides keeps everything;
 * - 面积段 ranges are [min, max), need an area, and a place passes if it lies in any of them;
 * - a date range keeps whole days, `from` to `to` inclusive;
 * - `fields` match a category's label as text, a number or date field's value as a number / ISO day.
 */

/** Field columns by field name, as the engine's places.field returns them. */
export type FieldColumns = ReadonlyMap<string, FieldColumn>;

interface Part {
  field: string;
  test: (column: FieldColumn) => (i: number) => boolean;
}

const nonEmpty = <T,>(list: readonly T[] | undefined): list is readonly T[] => list !== undefined && list.length > 0;

/** A category column's codes that match `labels` (numbers and dates compare by value). */
function valueTest(values: readonly string[]): Part['test'] {
  return (column) => {
    if (column.kind === 'category') {
      const wanted = new Set(values);
      const hit = new Uint8Array(column.labels.length);
      column.labels.forEach((label, code) => (hit[code] = wanted.has(label) ? 1 : 0));
      const codes = column.codes;
      return (i) => {
        const c = codes[i] ?? MISSING_CODE;
        return c !== MISSING_CODE && hit[c] === 1;
      };
    }
    const kind = column.kind;
    // Columns are Float32: compare against the Float32 of each wanted value.
    const wanted = new Set(values.map((v) => Math.fround(filterValueNumber(v, kind))).filter((v) => !Number.isNaN(v)));
    const vals = column.values;
    return (i) => wanted.has(vals[i] ?? NaN);
  };
}

function rangeTest(ranges: ReadonlyArray<{ min: number | null; max: number | null }>): Part['test'] {
  return (column) => {
    if (column.kind === 'category') return () => false;
    const vals = column.values;
    return (i) => {
      const v = vals[i] ?? NaN;
      if (Number.isNaN(v)) return false;
      return ranges.some((r) => (r.min === null || v >= r.min) && (r.max === null || v < r.max));
    };
  };
}

function dayTest(from: string | null, to: string | null): Part['test'] {
  const lo = from === null ? -Infinity : isoDays(from);
  const hi = to === null ? Infinity : isoDays(to) + 1;
  return (column) => {
    if (column.kind === 'category' || Number.isNaN(lo) || Number.isNaN(hi)) return () => false;
    const vals = column.values;
    return (i) => {
      const v = vals[i] ?? NaN;
      return v >= lo && v < hi;
    };
  };
}

function partsOf(filter: PlaceFilter): Part[] {
  const parts: Part[] = [];
  if (nonEmpty(filter.stages)) parts.push({ field: 'stage', test: valueTest(filter.stages) });
  if (nonEmpty(filter.products)) parts.push({ field: 'product', test: valueTest(filter.products) });
  if (nonEmpty(filter.batches)) parts.push({ field: 'batch', test: valueTest(filter.batches.map(String)) });
  if (nonEmpty(filter.roles)) parts.push({ field: 'role', test: valueTest(filter.roles) });
  if (nonEmpty(filter.areaRanges)) parts.push({ field: 'area', test: rangeTest(filter.areaRanges) });
  const d = filter.dateRange;
  if (d !== undefined && (d.from !== null || d.to !== null)) parts.push({ field: d.field, test: dayTest(d.from, d.to) });
  for (const f of filter.fields ?? []) if (f.values.length > 0) parts.push({ field: f.field, test: valueTest(f.values) });
  return parts;
}

/** True when the filter keeps every place. */
export function isEmptyFilter(filter: PlaceFilter | undefined): boolean {
  return filter === undefined || partsOf(filter).length === 0;
}

/** The field columns a filter reads (fetch these before asking for its mask). */
export function filterFieldNames(filter: PlaceFilter | undefined): string[] {
  return filter === undefined ? [] : [...new Set(partsOf(filter).map((p) => p.field))];
}

/**
 * 1 for each place that passes, 0 otherwise; null when the filter keeps everything. A part whose column is
 * missing from `fields` passes nothing, so a column not yet loaded never shows unfiltered points.
 */
export function filterMask(count: number, fields: FieldColumns, filter: PlaceFilter | undefined): Uint8Array | null {
  if (filter === undefined) return null;
  const parts = partsOf(filter);
  if (parts.length === 0) return null;
  const mask = new Uint8Array(count).fill(1);
  for (const part of parts) {
    const column = fields.get(part.field);
    if (column === undefined) return mask.fill(0);
    const test = part.test(column);
    for (let i = 0; i < count; i++) if (mask[i] === 1 && !test(i)) mask[i] = 0;
  }
  return mask;
}

/** Places that pass a mask (all of them for null). */
export function countMask(count: number, mask: Uint8Array | null): number {
  if (mask === null) return count;
  let n = 0;
  for (let i = 0; i < count; i++) n += mask[i] ?? 0;
  return n;
}
