import { renameSync } from 'node:fs';
import { ExcelJS } from '../import/exceljs.js';
import { KetuError } from '../contract/errors.js';
import { maskPhone } from '../import/values/index.js';

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
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KeTu 客图';
  const ws = wb.addWorksheet('客户清单');
  ws.addRow([title]);
  ws.getRow(1).font = { bold: true, size: 13 };
  ws.addRow(['序号', '姓名', '电话', '地点类型', '小区/单位', '地址', '区县', '行业', '客户阶段', '产品类型', '面积(㎡)']);
  ws.getRow(2).font = { bold: true };
  rows.forEach((r, i) => {
    const attrs = JSON.parse(r.attributes) as Record<string, string | number | null>;
    ws.addRow([
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
    ]);
  });
  ws.columns.forEach((c, i) => (c.width = [6, 10, 15, 8, 18, 28, 10, 20, 12, 10, 9][i] ?? 12));
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  const tmp = `${out}.${process.pid}.tmp.xlsx`;
  try {
    await wb.xlsx.writeFile(tmp);
    renameSync(tmp, out);
  } catch (err) {
    throw new KetuError('EXPORT_FAILED', `无法写入客户清单：${out}（${err instanceof Error ? err.message : String(err)}）`, { file: out });
  }
  return rows.length;
}
