import { ckmeans, equalIntervalBreaks, quantileSorted } from 'simple-statistics';
import type { ClassScheme } from '../../../native/contract/index.js';

/*
 * Class breaks for graduated colours. `breaks` are the k-1 inner cut points: class c holds v with
 * breaks[c-1] <= v < breaks[c]. Values are the shown places' values (NaN = no value, skipped).
 */

/** ckmeans is O(k·n·log n): above this many values it runs on an even sample, which keeps the breaks within a class or so. */
const CKMEANS_SAMPLE = 50_000;

export interface ClassBreaks {
  breaks: number[];
  min: number;
  max: number;
}

/** The shown values, sorted ascending (NaN and hidden places dropped). */
export function shownValues(values: Float32Array, mask: Uint8Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (mask[i] === 1 && !Number.isNaN(values[i] ?? NaN)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (mask[i] === 1 && !Number.isNaN(v)) out[k++] = v;
  }
  return out.sort();
}

function dedupe(list: number[]): number[] {
  return list.filter((v, i) => i === 0 || v > (list[i - 1] ?? -Infinity));
}

/** Inner breaks for `classes` classes of sorted values; fewer when the values have fewer distinct levels. */
export function classBreaks(sorted: Float64Array, scheme: ClassScheme, classes: number): ClassBreaks {
  const n = sorted.length;
  if (n === 0) return { breaks: [], min: NaN, max: NaN };
  const min = sorted[0] ?? NaN;
  const max = sorted[n - 1] ?? NaN;
  if (min === max) return { breaks: [], min, max };
  let inner: number[];
  if (scheme === 'equal') {
    inner = equalIntervalBreaks([min, max], classes).slice(1, -1);
  } else if (scheme === 'ckmeans') {
    const step = Math.max(1, Math.floor(n / CKMEANS_SAMPLE));
    const sample: number[] = [];
    for (let i = 0; i < n; i += step) sample.push(sorted[i] ?? 0);
    const distinct = new Set(sample).size;
    const clusters = ckmeans(sample, Math.min(classes, distinct));
    inner = clusters.slice(1).map((c) => c[0] ?? 0);
  } else {
    const arr = Array.from(sorted);
    inner = Array.from({ length: classes - 1 }, (_, i) => quantileSorted(arr, (i + 1) / classes));
    // A quantile equal to the minimum would leave class 0 empty: cut just above it instead.
    inner = inner.filter((b) => b > min);
  }
  return { breaks: dedupe(inner.filter((b) => b > min && b <= max)), min, max };
}

/** Class of a value (0 … breaks.length), by binary search. */
export function classOf(breaks: readonly number[], v: number): number {
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v >= (breaks[mid] ?? Infinity)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** "90–120" style label of class c, with the given number format. */
export function classLabel(b: ClassBreaks, c: number, fmt: (v: number) => string): string {
  const lo = c === 0 ? b.min : (b.breaks[c - 1] ?? b.min);
  const hi = c === b.breaks.length ? b.max : (b.breaks[c] ?? b.max);
  return lo === hi ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`;
}
