import { maskPhone } from '../import/values/index.js';
import { writeXlsxTable } from './xlsx-table.js';

export interface ListRow {
  name: string | null;
  phone: string | null;
  role: 'home' | 'work' | 'leisure';
  place: string | null;
  address: string | null;
  district: string | null;
  industry: string | null;
  stage: string | null;
  attributes: string;
}

const roleLabel = { home: '住家', work: '工作', leisure: '娱乐' } as const;
const stageLabel: Record<string, string> = { competitors: '竞品客户', visitors: '来访/意向客户', prospects: '拓客登记', deals: '成交客户', field: '外拓' };

/** An N份清单 sheet for one area: who is there, where, and how to reach them (masked by default). */
export async function writeCustomerList(out: string, title: string, rows: readonly ListRow[], maskPhones: boolean): Promise<number> {
  await writeXlsxTable(out, '客户清单', {
    sheet: '客户清单',
    title,
    header: ['序号', '姓名', '电话', '地点类型', '小区/单位', '地址', '区县', '行业', '客户阶段', '产品类型', '面积(㎡)'],
    widths: [6, 10, 15, 8, 18, 28, 10, 20, 12, 10, 9],
    rows: rows.map((r, i) => {
      const attrs = JSON.parse(r.attributes) as Record<string, string | number | null>;
      return [
        i + 1,
        r.name ?? '',
        r.phone === null ? '' : maskPhones ? maskPhone(r.phone) : r.phone,
        roleLabel[r.role],
        r.place ?? '',
        r.address ?? '',
        r.district ?? '',
        r.industry ?? '',
        r.stage === null ? '' : (stageLabel[r.stage] ?? r.stage),
        attrs.product ?? '',
        attrs.area ?? '',
      ];
    }),
  });
  return rows.length;
}
