import { renameSync } from 'node:fs';
import { ExcelJS } from './exceljs.js';
import type { CellProblem } from '../contract/errors.js';
import { KetuError } from '../contract/errors.js';

/** The full problem report of an import as .xlsx: one row per problem, errors first, in sheet order. */
export async function writeImportReport(out: string, title: string, problems: readonly CellProblem[]): Promise<number> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KeTu 客图';
  const ws = wb.addWorksheet('导入报告');
  ws.addRow([title]);
  ws.getRow(1).font = { bold: true, size: 13 };
  ws.addRow(['工作表', '行', '列', '原值', '问题', '处理']);
  ws.getRow(2).font = { bold: true };
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? a.row - b.row : a.severity === 'error' ? -1 : 1));
  for (const p of sorted) ws.addRow([p.sheet, p.row, p.column, p.value ?? '', p.reason, p.severity === 'error' ? '未导入' : '已导入，待核对']);
  ws.columns.forEach((c, i) => (c.width = [14, 8, 16, 24, 48, 16][i] ?? 12));
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  // Written beside the target and renamed, so a failed write never leaves half a report.
  const tmp = `${out}.${process.pid}.tmp.xlsx`;
  try {
    await wb.xlsx.writeFile(tmp);
    renameSync(tmp, out);
  } catch (err) {
    throw new KetuError('EXPORT_FAILED', `无法写入导入报告：${out}（${err instanceof Error ? err.message : String(err)}）`, { file: out });
  }
  return sorted.length;
}
