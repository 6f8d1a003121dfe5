import { describe, expect, it } from 'vitest';
import { runCli } from '../../native/host/cli.js';
import { soldStatus } from '../../native/revision/progress.js';
import { withDemoCopy } from '../support/demo-engine.js';
import type { Cell } from '../support/files.js';
import { scopedTempDir, writeXlsx } from '../support/files.js';
import { sqlRows } from '../support/sql-oracle.js';

describe('a 销控表 that disagrees with the deal records', () => {
  it('reads 状态 as sold or not the way sales offices write it', () => {
    for (const s of ['已售', ' 已售 ', '已签约', '网签', '已认购', '已成交', '已备案']) expect(soldStatus(s), s).toBe(true);
    for (const s of ['未售', '待售', '可售', '销控', '保留', '', '退房']) expect(soldStatus(s), s).toBe(false);
  });

  it('is counted beside the deals and named, as is a product sold past its stock', async () => {
    const dir = scopedTempDir();
    const sheet = dir.file('销控表.xlsx');
    // 90 洋房 of which 40 已售 (two written 已签约), 30 商铺 with 5 已售; the demo's deals carry no 房号.
    const rows: Cell[][] = Array.from({ length: 120 }, (_, i) => [`${1 + Math.floor(i / 30)}-${101 + i}`, i < 90 ? '洋房' : '商铺', 100, i < 38 || (i >= 90 && i < 95) ? '已售' : i < 40 ? '已签约' : '待售', null]);
    await writeXlsx(sheet, [['房号', '产品类型', '面积', '销售状态', '成交日期'], ...rows], { titleRows: ['销控表（截至2025-12-31）'] });
    await withDemoCopy(async ({ call, path }) => {
      await call('project.close', {});
      const lines: string[] = [];
      expect(await runCli(['units', path, '--from', sheet], (l) => lines.push(l))).toBe(0);
      const deals = sqlRows<{ n: number }>(path, "SELECT count(*) AS n FROM customer_records WHERE stage = 'deals'")[0]?.n ?? 0;
      const houses = sqlRows<{ n: number }>(path, "SELECT count(*) AS n FROM customer_records WHERE stage = 'deals' AND json_extract(attributes, '$.product') = '洋房'")[0]?.n ?? 0;
      expect(houses).toBeGreaterThan(90);
      const text = lines.join('\n');
      expect(text).toContain(`! 销控表记为已售 45 套，成交记录计 ${deals} 套，请核对`);
      expect(text).toContain(`! 洋房 成交 ${houses} 套，多于货量 90 套，请核对成交记录与货量`);
      lines.length = 0;
      expect(await runCli(['progress', path, '--json'], (l) => lines.push(l))).toBe(0);
      expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ units: 120, sold: deals, sheetSold: 45, source: 'sheet' });
    });
  });
});
