/*
 * How a PlaceFilter reads the values it is given. The engine's SQL (native/store/place-fields.ts) and the
 * renderer's mask (renderer/map/filter-mask.ts) both parse through these, so they count the same places.
 */

/** ISO `YYYY-MM-DD` (or a longer ISO stamp) → days since 1970-01-01 (UTC), NaN when it is not a date. */
export function isoDays(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (m === null) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** Days since 1970-01-01 → ISO `YYYY-MM-DD`. */
export function daysIso(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A value of a `fields` filter part, for a number or date field: the number it names, or NaN (matches
 * nothing). Blank text is no number, although `Number('')` is 0.
 */
export function filterValueNumber(value: string, kind: 'number' | 'date'): number {
  if (kind === 'date') return isoDays(value);
  return value.trim() === '' ? NaN : Number(value);
}
