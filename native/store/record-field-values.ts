import { INCOME_KEYS, NOT_KEPT } from './migrations/070-record-fields.js';

/** A record's `record_fields` columns: purpose, family, age_band, income, channel, product, area. */
export type RecordFieldRow = [string | null, string | null, string | null, string | null, string | null, string | null, number | null];

/**
 * What `fillRecordFields` (migration 070) stores for one record, worked out from its attributes in JS:
 * the batch writer inserts these rows as it goes instead of SQLite parsing every record's JSON again
 * at the commit (40 µs a record: 40 s at 1,000,000). `values` null: the record has no row.
 * `kept`: some key is no KeTu field (record_kept rows, still made by SQL: their `ord` is SQLite's own
 * node id). `exact` false: a text SQLite would decode differently (a lone surrogate, which JSON
 * escapes); the batch then fills its record_fields by the SQL instead.
 */
export interface RecordFieldValues {
  values: RecordFieldRow | null;
  kept: boolean;
  exact: boolean;
}

const notKept = new Set(NOT_KEPT);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function recordFieldValues(attributes: Readonly<Record<string, unknown>>): RecordFieldValues {
  let exact = true;
  // A label as the SQL makes it: text as is, a number as its JSON text (what `->` gives), else NULL.
  const label = (key: string): string | null => {
    if (!Object.hasOwn(attributes, key)) return null;
    const v = attributes[key];
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) exact = false;
      return v;
    }
    return typeof v === 'number' && Number.isFinite(v) ? JSON.stringify(v) : null;
  };
  let income: string | null = null;
  for (const key of INCOME_KEYS) {
    income = label(key);
    if (income !== null) break;
  }
  const area = Object.hasOwn(attributes, 'area') && typeof attributes.area === 'number' && Number.isFinite(attributes.area) ? attributes.area : null;
  const row: RecordFieldRow = [label('purpose'), label('family'), label('ageBand'), income, label('channel'), label('product'), area];
  let kept = false;
  for (const key of Object.keys(attributes)) {
    if (!notKept.has(key)) {
      kept = true;
      break;
    }
  }
  return { values: row.every((v) => v === null) ? null : row, kept, exact };
}
