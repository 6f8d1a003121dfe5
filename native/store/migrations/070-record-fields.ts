import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

/*
 * The record attributes the 1/3 revision reads, as typed columns beside the JSON, so a comparison reads
 * plain columns instead of parsing every record's JSON (the first comparison after opening paid that).
 * `record_fields`: one row per record with any of them; `record_kept`: each column kept at import (an
 * attribute that is no KeTu field), in the record's key order (`ord`). Values are the attribute as a
 * label: text as is, a number as the JSON text JSON.stringify wrote (= String(n)), anything else NULL.
 * The batch writer runs the same two statements on each new batch, so a migrated file and a fresh
 * import hold the same rows.
 */

/** Keys that are no kept column (frozen: KeTu's import fields as of schema 70, what the import derives, income keys). */
export const NOT_KEPT: readonly string[] = [
  'name', 'phone', 'gender', 'age', 'community', 'address', 'homeDistrict', 'employer', 'workAddress', 'leisure', 'industry',
  'position', 'family', 'purpose', 'visitDate', 'dealDate', 'unit', 'product', 'area', 'price', 'channel', 'consultant', 'note',
  'lng', 'lat', 'workLng', 'workLat', 'ageBand', 'otherPhones', 'industryOriginal', 'industrySection',
  'income', '收入', '年收入', '家庭收入', '家庭年收入', '个人年收入',
];
/** Income has no field of its own: the first of these keys with a value. */
export const INCOME_KEYS: readonly string[] = ['income', '收入', '年收入', '家庭收入', '家庭年收入', '个人年收入'];

const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;
/** One attribute of `r` as a label (see above); `->` keeps a number's JSON text. */
function labelSql(key: string): string {
  const path = quote(`$."${key}"`);
  return `(CASE json_type(r.attributes, ${path}) WHEN 'text' THEN r.attributes ->> ${path} WHEN 'integer' THEN r.attributes -> ${path} WHEN 'real' THEN r.attributes -> ${path} END)`;
}

/** Fills both tables from the JSON of the records of one batch (`importId`), or of every record (null). */
export function fillRecordFields(db: Database, importId: number | null): void {
  fillRecordFieldRows(db, importId);
  fillRecordKeptRows(db, importId);
}

// Text that is no JSON (no KeTu wrote any) gets no rows rather than a file that no longer opens.
const whereOf = (importId: number | null): { where: string; args: number[] } =>
  importId === null ? { where: 'WHERE json_valid(r.attributes)', args: [] } : { where: 'WHERE r.import_id = ? AND json_valid(r.attributes)', args: [importId] };

/** `record_fields` alone (see fillRecordFields). */
export function fillRecordFieldRows(db: Database, importId: number | null): void {
  const { where, args } = whereOf(importId);
  db.prepare(
    `INSERT INTO record_fields (record_id, purpose, family, age_band, income, channel, product, area)
     SELECT * FROM (
       SELECT r.id, ${labelSql('purpose')} AS purpose, ${labelSql('family')} AS family, ${labelSql('ageBand')} AS age_band,
         coalesce(${INCOME_KEYS.map(labelSql).join(', ')}) AS income, ${labelSql('channel')} AS channel, ${labelSql('product')} AS product,
         CASE WHEN json_type(r.attributes, '$.area') IN ('integer', 'real') THEN r.attributes ->> '$.area' END AS area
       FROM customer_records r ${where}) AS f
     WHERE coalesce(f.purpose, f.family, f.age_band, f.income, f.channel, f.product, f.area) IS NOT NULL`,
  ).run(...args);
}

/** `record_kept` alone (see fillRecordFields). */
export function fillRecordKeptRows(db: Database, importId: number | null): void {
  const { where, args } = whereOf(importId);
  db.prepare(
    `INSERT INTO record_kept (record_id, ord, key, value)
     SELECT r.id, j.id, j.key, CASE j.type WHEN 'text' THEN j.value WHEN 'integer' THEN r.attributes -> j.fullkey WHEN 'real' THEN r.attributes -> j.fullkey END
     FROM customer_records r, json_each(r.attributes) j ${where} AND j.key NOT IN (${NOT_KEPT.map(quote).join(', ')})`,
  ).run(...args);
}

export const migration070: Migration = {
  version: 70,
  name: 'record-fields',
  up(db) {
    db.exec(`
      CREATE TABLE record_fields (
        record_id INTEGER PRIMARY KEY REFERENCES customer_records(id) ON DELETE CASCADE,
        purpose TEXT, family TEXT, age_band TEXT, income TEXT, channel TEXT, product TEXT, area REAL);
      CREATE TABLE record_kept (
        record_id INTEGER NOT NULL REFERENCES customer_records(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL, key TEXT NOT NULL, value TEXT,
        PRIMARY KEY (record_id, ord)) WITHOUT ROWID;
    `);
    fillRecordFields(db, null);
  },
};
