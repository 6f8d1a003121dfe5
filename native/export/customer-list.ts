import { defaultAreaListColumns } from '../contract/methods.js';
import type { AreaListColumn, AreaListRowKind } from '../contract/methods.js';
import { roleWords, stageWords } from './filter-words.js';
import { writeXlsxTable } from './xlsx-table.js';
import type { TableCell, XlsxTable } from './xlsx-table.js';

export interface ListRow {
  /** The customer's id: a per-customer list joins rows that share it. */
  customer: number;
  name: string | null;
  phone: string | null;
  role: 'home' | 'work' | 'leisure';
  place: string | null;
  address: string | null;
  district: string | null;
  city?: string | null;
  industry: string | null;
  stage: string | null;
  attributes: string;
}

/** Header and width of each list column, as planners name them in their sheets. */
export const listColumnTitles: Record<AreaListColumn, { title: string; width: number }> = {
  name: { title: '姓名', width: 10 },
  phone: { title: '电话', width: 15 },
  gender: { title: '性别', width: 6 },
  age: { title: '年龄', width: 6 },
  role: { title: '地点类型', width: 8 },
  place: { title: '小区/单位', width: 18 },
  address: { title: '地址', width: 28 },
  district: { title: '区县', width: 10 },
  city: { title: '城市', width: 10 },
  industry: { title: '行业', width: 20 },
  position: { title: '职务', width: 10 },
  stage: { title: '客户阶段', width: 12 },
  product: { title: '产品类型', width: 10 },
  area: { title: '面积(㎡)', width: 9 },
  price: { title: '总价', width: 10 },
  unit: { title: '房号', width: 10 },
  channel: { title: '渠道', width: 12 },
  consultant: { title: '置业顾问', width: 10 },
  visitDate: { title: '来访日期', width: 12 },
  dealDate: { title: '成交日期', width: 12 },
  purpose: { title: '置业目的', width: 10 },
  family: { title: '家庭结构', width: 10 },
  note: { title: '备注', width: 24 },
};

function cell(row: ListRow, attrs: Record<string, string | number | null>, column: AreaListColumn, mask: PhoneMask | null): TableCell {
  switch (column) {
    case 'name':
      return row.name ?? '';
    case 'phone':
      return row.phone === null ? '' : mask === null ? row.phone : mask(row.phone);
    case 'role':
      return roleWords[row.role] ?? row.role;
    case 'place':
      return row.place ?? '';
    case 'address':
      return row.address ?? '';
    case 'district':
      return row.district ?? '';
    case 'city':
      return row.city ?? '';
    case 'industry':
      return row.industry ?? '';
    case 'stage':
      return row.stage === null ? '' : (stageWords[row.stage] ?? row.stage);
    default:
      return attrs[column] ?? '';
  }
}

/** How phones appear on a list that leaves the office (import/values' maskPhone), or null for as stored. */
export type PhoneMask = (phone: string) => string;

/** Columns that describe one place: in a per-customer list they give way to the 住家/工作/娱乐 columns. */
const placeColumns: ReadonlySet<AreaListColumn> = new Set<AreaListColumn>(['role', 'place', 'address', 'district', 'city']);
const roleOrder = ['home', 'work', 'leisure'] as const;

/** One place in a per-customer list: 「桂花城（文三路 1 号，西湖区）」. */
function placeText(r: ListRow): string {
  const name = r.place ?? r.address ?? '';
  const extra = [r.place !== null && r.address !== null && r.address !== r.place ? r.address : null, r.district].filter((x): x is string => x !== null && x !== '');
  return extra.length === 0 ? name : `${name}（${extra.join('，')}）`;
}

/** Values of one column over a customer's rows: one number stays a number, texts join without repeats. */
function joined(values: readonly TableCell[]): TableCell {
  const distinct = [...new Set(values.filter((v) => v !== ''))];
  if (distinct.length === 1) return distinct[0] ?? '';
  return distinct.map(String).join('、');
}

export interface CustomerListOptions {
  title: string;
  /** The filter the list was made with, in words, for the note row ('' = none). */
  filterText: string;
  mask: PhoneMask | null;
  columns?: readonly AreaListColumn[] | undefined;
  rowsPer: AreaListRowKind;
}

/**
 * An N份清单 sheet for one area: who is there, where, and how to reach them (masked by default), in the
 * chosen columns. Per customer (the default) each person is one row, the places inside listed under
 * 住家/工作/娱乐; per place, one row per place. Returns the rows written.
 */
export async function writeCustomerList(out: string, rows: readonly ListRow[], opts: CustomerListOptions): Promise<number> {
  return writeXlsxTable(out, '客户清单', customerListTable(rows, opts));
}

/** The list of one area as a sheet (`sheet`: its tab name), for a workbook of one sheet per area. */
export function customerListTable(rows: readonly ListRow[], opts: CustomerListOptions, sheet = '客户清单'): XlsxTable {
  const columns = opts.columns ?? defaultAreaListColumns;
  // Each record's attributes are parsed once, however many columns read them.
  const attrs = new Map<ListRow, Record<string, string | number | null>>();
  const values = (r: ListRow, c: AreaListColumn): TableCell => {
    let a = attrs.get(r);
    if (a === undefined) {
      a = JSON.parse(r.attributes) as Record<string, string | number | null>;
      attrs.set(r, a);
    }
    return cell(r, a, c, opts.mask);
  };
  let header: string[];
  let widths: number[];
  let body: TableCell[][];
  if (opts.rowsPer === 'place') {
    header = columns.map((c) => listColumnTitles[c].title);
    widths = columns.map((c) => listColumnTitles[c].width);
    body = rows.map((r) => columns.map((c) => values(r, c)));
  } else {
    const own = columns.filter((c) => !placeColumns.has(c));
    const at = columns.findIndex((c) => placeColumns.has(c));
    const split = at < 0 ? own.length : columns.slice(0, at).filter((c) => !placeColumns.has(c)).length;
    header = [...own.slice(0, split).map((c) => listColumnTitles[c].title), '住家', '工作', '娱乐', ...own.slice(split).map((c) => listColumnTitles[c].title)];
    widths = [...own.slice(0, split).map((c) => listColumnTitles[c].width), 28, 28, 20, ...own.slice(split).map((c) => listColumnTitles[c].width)];
    const people = new Map<number, ListRow[]>();
    for (const r of rows) {
      const mine = people.get(r.customer);
      if (mine === undefined) people.set(r.customer, [r]);
      else mine.push(r);
    }
    body = [...people.values()].map((mine) => {
      const ownCells = own.map((c) => joined(mine.map((r) => values(r, c))));
      const places = roleOrder.map((role) => [...new Set(mine.filter((r) => r.role === role).map(placeText))].join('；'));
      return [...ownCells.slice(0, split), ...places, ...ownCells.slice(split)];
    });
  }
  return {
    sheet,
    title: opts.title,
    note: opts.filterText === '' ? '筛选条件：无（全部客户）' : `筛选条件：${opts.filterText}`,
    header: ['序号', ...header],
    widths: [6, ...widths],
    rows: body.map((r, i) => [i + 1, ...r]),
  };
}
