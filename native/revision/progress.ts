import { isoDays } from '../contract/filter-values.js';
import type { SalesProgress } from '../contract/revision.js';
import type { ProjectStore } from '../store/project-store.js';
import type { DealRow } from '../store/revision-store.js';

/** The inventory total: the entered total, else the sum of the products, else none. */
const TOTAL = '';

interface SoldUnit {
  day: number;
  product: string | null;
  customers: Set<number>;
}

/** One sold unit per distinct 房号 (a deal without one is its own unit); its day is the first deal's. */
function soldUnits(store: ProjectStore, deals: readonly DealRow[]): Map<string, SoldUnit> {
  const productOfUnit = new Map(store.revision.inventory().units.map((u) => [u.unit, u.product]));
  const units = new Map<string, SoldUnit>();
  for (const d of deals) {
    const unit = d.unit?.trim() ?? '';
    const key = unit === '' ? `#${d.record}` : unit;
    const day = d.dealDate === null ? NaN : isoDays(d.dealDate);
    const known = units.get(key);
    if (known === undefined) {
      units.set(key, { day, product: d.product ?? productOfUnit.get(unit) ?? null, customers: new Set([d.customer]) });
      continue;
    }
    known.customers.add(d.customer);
    if (!Number.isNaN(day) && (Number.isNaN(known.day) || day < known.day)) known.day = day;
    known.product ??= d.product;
  }
  return units;
}

/** A 销控表 状态 that means the unit is gone: sold, signed or subscribed; 未售, 待售, 可售 and 销控 are not. */
export function soldStatus(status: string): boolean {
  const s = status.replace(/\s/g, '');
  return !/[未待可]售|销控|保留|退房/.test(s) && /售|签|认购|成交|备案/.test(s);
}

/** The day the ⌈n/3⌉-th unit sold, from the sorted sale days; null before then. */
function thirdDay(sortedDays: readonly number[], n: number | null): string | null {
  if (n === null || n <= 0) return null;
  const day = sortedDays[Math.ceil(n / 3) - 1];
  return day === undefined ? null : new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** 销售进度: units, sold, share, the 1/3 day, per product and the cumulative curve by month. */
export function salesProgress(store: ProjectStore, deals: readonly DealRow[] = store.revision.deals()): SalesProgress {
  const { totals, units: sheetUnits } = store.revision.inventory();
  const productTotals = [...totals].filter(([p]) => p !== TOTAL);
  const units = totals.get(TOTAL) ?? (productTotals.length > 0 ? productTotals.reduce((s, [, n]) => s + n, 0) : null);
  const sold = soldUnits(store, deals);
  const days: number[] = [];
  const byProductDays = new Map<string, number[]>();
  const soldByProduct = new Map<string, number>();
  let undated = 0;
  const duplicates: SalesProgress['duplicates'] = [];
  for (const [key, u] of sold) {
    if (!key.startsWith('#') && u.customers.size > 1) duplicates.push({ unit: key, customers: u.customers.size });
    const product = u.product ?? '未标注';
    soldByProduct.set(product, (soldByProduct.get(product) ?? 0) + 1);
    if (Number.isNaN(u.day)) {
      undated++;
      continue;
    }
    days.push(u.day);
    const list = byProductDays.get(product) ?? [];
    list.push(u.day);
    byProductDays.set(product, list);
  }
  days.sort((a, b) => a - b);
  const byMonth: SalesProgress['byMonth'] = [];
  let cumulative = 0;
  for (const day of days) {
    const month = new Date(day * 86_400_000).toISOString().slice(0, 7);
    cumulative++;
    const last = byMonth[byMonth.length - 1];
    if (last?.month === month) {
      last.sold++;
      last.cumulative = cumulative;
    } else byMonth.push({ month, sold: 1, cumulative });
  }
  const products = new Set([...productTotals.map(([p]) => p), ...soldByProduct.keys()]);
  const byProduct = [...products].map((product) => {
    const n = totals.get(product) ?? null;
    const soldN = soldByProduct.get(product) ?? 0;
    const pDays = (byProductDays.get(product) ?? []).sort((a, b) => a - b);
    return { product, units: n, sold: soldN, share: n === null || n === 0 ? null : soldN / n, thirdReachedOn: thirdDay(pDays, n) };
  });
  return {
    units,
    sold: sold.size,
    share: units === null || units === 0 ? null : sold.size / units,
    thirdReachedOn: thirdDay(days, units),
    byProduct,
    byMonth,
    undated,
    duplicates: duplicates.sort((a, b) => b.customers - a.customers || (a.unit < b.unit ? -1 : 1)),
    source: sheetUnits.length > 0 ? 'sheet' : totals.size > 0 ? 'totals' : 'none',
    // The sheet's own count, set beside the deals' so that a sheet and a deal list that disagree are seen.
    sheetSold: sheetUnits.some((u) => (u.status ?? '').trim() !== '') ? sheetUnits.filter((u) => soldStatus(u.status ?? '')).length : null,
  };
}

/** Entered totals replace the inventory (and any 销控表 read before). */
export function setUnits(store: ProjectStore, total: number | undefined, products: Record<string, number> | undefined): SalesProgress {
  const totals = new Map<string, number>(Object.entries(products ?? {}));
  if (total !== undefined) totals.set(TOTAL, total);
  store.revision.setInventory(totals, [], null);
  return salesProgress(store);
}
