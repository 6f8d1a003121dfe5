import { defaultAreaListColumns } from '../contract/methods.js';
import type { AreaListColumn } from '../contract/methods.js';
import { writeXlsxTable } from './xlsx-table.js';
import type { TableCell } from './xlsx-table.js';

export interface ListRow {
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

const roleLabel = { home: '住家', work: '工作', leisure: '娱乐' } as const;
const stageLabel: Record<string, string> = { competitors: '竞品客户', visitors: '来访/意向客户', prospects: '拓客登记', deals: '成交客户', field: '外拓' };

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
      return roleLabel[row.role];
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
      return row.stage === null ? '' : (stageLabel[row.stage] ?? row.stage);
    default:
      return attrs[column] ?? '';
  }
}

/** How phones appear on a list that leaves the office (import/values' maskPhone), or null for as stored. */
export type PhoneMask = (phone: string) => string;

/** An N份清单 sheet for one area: who is there, where, and how to reach them (masked by default), in the chosen columns. */
export async function writeCustomerList(out: string, title: string, rows: readonly ListRow[], mask: PhoneMask | null, columns: readonly AreaListColumn[] = defaultAreaListColumns): Promise<number> {
  await writeXlsxTable(out, '客户清单', {
    sheet: '客户清单',
    title,
    header: ['序号', ...columns.map((c) => listColumnTitles[c].title)],
    widths: [6, ...columns.map((c) => listColumnTitles[c].width)],
    rows: rows.map((r, i) => {
      const attrs = JSON.parse(r.attributes) as Record<string, string | number | null>;
      return [i + 1, ...columns.map((c) => cell(r, attrs, c, mask))];
    }),
  });
  return rows.length;
}
