import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngineHost } from '../../native/host/in-process.js';
import { engineCall } from '../support/engine-call.js';
import { tempDir, writeXlsx } from '../support/files.js';

const plannerSheet = fileURLToPath(new URL('../fixtures/sources/planner-deals.xlsx', import.meta.url));

describe('the import preview guesses what the planner would otherwise type', () => {
  const dir = tempDir();
  const { dispatcher, engine } = createEngineHost();
  const call = engineCall(dispatcher);
  afterAll(() => {
    engine.close();
    dir.remove();
  });

  it('reads 客户阶段 from the sheet name before the file name, and says which coordinates were read as GCJ-02 by default', async () => {
    await call('project.create', { path: dir.file('p.ketu'), name: '测试', city: '杭州市' });
    // The file is named for visits, its sheet for deals: the sheet says more about its rows.
    const file = dir.file('云栖-来访登记.xlsx');
    copyFileSync(plannerSheet, file);
    const preview = await call('import.preview', { file });
    expect(preview.stageGuess).toEqual({ stage: 'deals', from: 'sheet', name: '成交客户明细' });
    expect(preview.crsDefaulted).toEqual(['经度/纬度']);
    expect(preview.crsUsed).toEqual({ '经度/纬度': 'gcj02' });
    expect(preview).toMatchObject({ usable: 4, rejected: 1 });
    expect(preview.placedByRole.home).toEqual({ coordinate: 4 });
    expect(Object.values(preview.placedByRole.work).reduce((s, n) => s + n, 0)).toBe(4);

    // Declared, or said by the column names: not a default.
    expect((await call('import.preview', { file, crs: 'wgs84' })).crsDefaulted).toEqual([]);
    const named = dir.file('Sheet.xlsx');
    await writeXlsx(named, [['姓名', '高德经度', '高德纬度'], ['甲', 120.13, 30.28]]);
    const byName = await call('import.preview', { file: named });
    expect(byName.crsDefaulted).toEqual([]);
    expect(byName.stageGuess).toBeNull();
  });
});
