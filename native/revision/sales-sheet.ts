import { basename } from 'node:path';
import { KetuError } from '../contract/errors.js';
import type { PlainCell } from '../import/cell-value.js';
import { fieldForHeader, normaliseHeader } from '../import/header-map.js';
import { readTable } from '../import/sources/header-detect.js';
import { openTableSource } from '../import/sources/table-source.js';
import { cellText, parseArea, parseDate } from '../import/values/index.js';
import type { SalesUnitRow } from '../store/revision-store.js';

/** 销控表 headers KeTu's customer fields do not cover. */
const statusHeaders = new Set(['状态', '销售状态', '销控状态', '房源状态', '售出状态'].map(normaliseHeader));

/** A 销控表 (房号, 产品类型, 面积, 状态 已售/未售, 成交日期), read with the import's sources and header detection. */
export async function readSalesSheet(file: string, sheet?: string): Promise<SalesUnitRow[]> {
  const source = await openTableSource(file);
  const table = await readTable(source, sheet, undefined, (h) => statusHeaders.has(normaliseHeader(h)) || fieldForHeader(h) !== null);
  const col = (field: string): number => table.headers.findIndex((h) => fieldForHeader(h) === field);
  const unit = col('unit');
  if (unit < 0) throw new KetuError('IMPORT_NO_HEADER', `${basename(file)} 中找不到「房号」列，不是销控表`, { file });
  const product = col('product');
  const area = col('area');
  const dealDate = col('dealDate');
  const status = table.headers.findIndex((h) => statusHeaders.has(normaliseHeader(h)));
  const out: SalesUnitRow[] = [];
  for await (const row of table.rows) {
    const at = (i: number): PlainCell => (i < 0 ? null : (row.values[i] ?? null));
    const name = cellText(at(unit));
    if (name === null) continue;
    const a = at(area) === null ? null : parseArea(at(area));
    const d = at(dealDate) === null ? null : parseDate(at(dealDate));
    out.push({ unit: name, product: cellText(at(product)), area: a?.ok === true ? a.value : null, status: cellText(at(status)), dealDate: d?.ok === true ? d.value : null });
  }
  if (out.length === 0) throw new KetuError('IMPORT_BAD_ROWS', `${basename(file)} 的销控表没有房号`, { file });
  return out;
}
