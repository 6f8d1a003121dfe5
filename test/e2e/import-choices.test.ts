import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExcelJS } from '../../native/export/exceljs.js';
import { withEngine } from '../support/demo-engine.js';
import { tempDir } from '../support/files.js';
import { sqlNumber, sqlText } from '../support/sql-oracle.js';
import { Workbench } from './workbench-page.js';

const shots = process.env.KETU_SHOTS;
/** A sales office's deals sheet written by openpyxl: employers without coordinates, one row whose 经度 is text. */
const plannerSheet = fileURLToPath(new URL('../fixtures/sources/planner-deals.xlsx', import.meta.url));

describe('import choices a planner makes in the dialog: the stage, the coordinate system, the bad rows', () => {
  const dir = tempDir('ketu-e2e-import-choices-');
  const project = dir.file('选择.ketu');
  let wb: Workbench;

  beforeAll(async () => {
    await withEngine((call) => call('project.create', { path: project, name: '选择', site: { lng: 120.15, lat: 30.27 }, city: '杭州市' }));
    wb = await Workbench.start(project);
    await wb.waitReady(0);
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('guesses the stage from the sheet name, says GCJ-02 is a default, counts places by role and precision, and asks about the bad row', async () => {
    const { imports, page } = wb;
    // The file's name says visits, its sheet's name says deals: the sheet is what the rows are.
    const file = dir.file('云栖-来访登记.xlsx');
    copyFileSync(plannerSheet, file);
    await imports.previewFile(file);
    await expect.poll(() => imports.preview('rejected').innerText()).toBe('1');
    expect(await imports.preview('usable').innerText()).toBe('4');

    expect(await imports.stage().inputValue()).toBe('deals');
    expect(await wb.textOf('import-stage-guess')).toBe('按工作表名「成交客户明细」猜测为成交客户，可更改');
    expect(await wb.textOf('crs-defaulted')).toContain('未注明坐标系，按 GCJ-02（高德/腾讯）读取');
    // Declared, the sentence goes: it described a default no longer in force.
    await imports.crs('gcj02').check();
    await expect.poll(() => wb.textOf('crs-defaulted')).toBe('');
    await imports.crs('auto').check();
    await expect.poll(() => wb.textOf('crs-defaulted')).toContain('按 GCJ-02');

    // Every employer named is a place (placed at the city at worst), none dropped.
    expect(await page.getByTestId('placed-home').getAttribute('data-total')).toBe('4');
    expect(await page.getByTestId('placed-work').getAttribute('data-total')).toBe('4');
    expect(await page.getByTestId('placed-home').locator('[data-precision="coordinate"]').innerText()).toBe('4');
    const dialogText = await page.getByTestId('import-dialog').innerText();
    expect(dialogText).not.toMatch(/unplaced|\bnone\b|\bcoordinate\b/i);

    // One bad row: 导入 waits for the planner's choice; all-or-nothing imports nothing.
    const commit = page.getByTestId('import-commit');
    expect(await commit.isDisabled()).toBe(true);
    expect(await wb.textOf('import-bad-rows')).toContain('跳过问题行，导入其余 4 行');
    await page.getByTestId('bad-rows-all').check();
    expect(await commit.isDisabled()).toBe(true);
    expect(await wb.textOf('bad-rows-hint')).toContain('修正');
    if (shots !== undefined) await page.screenshot({ path: `${shots}/import-choices.png`, fullPage: true });
    await page.getByTestId('bad-rows-skip').check();
    expect(await commit.isDisabled()).toBe(false);

    await imports.commit();
    const report = dir.file('云栖-来访登记-导入报告.xlsx');
    await expect.poll(() => wb.toast(), { timeout: 30_000 }).toBe(`已导入 4 行（新客户 4，待核对 4）；跳过问题行 1 行，已列入导入报告：${report}`);
    // The skipped row is in the report, to be fixed and imported later.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(report);
    const lines: string[] = [];
    book.worksheets[0]?.eachRow((row) => lines.push((row.values as unknown[]).slice(1).map(String).join('|')));
    expect(lines.filter((l) => l.includes('东经120度')).every((l) => l.includes('未导入'))).toBe(true);
    expect(lines.some((l) => l.includes('东经120度'))).toBe(true);
    await wb.waitReady(8);
    expect(sqlNumber(project, 'SELECT count(*) FROM customers')).toBe(4);
    expect(sqlNumber(project, "SELECT count(*) FROM places WHERE role = 'work'")).toBe(4);
    expect(sqlText(project, 'SELECT stage FROM imports')).toBe('deals');
  });

  it('keeps the planner’s own stage over the guess', async () => {
    const { imports } = wb;
    const file = dir.file('成交客户.xlsx');
    copyFileSync(plannerSheet, file);
    await imports.previewFile(file);
    await expect.poll(() => imports.stage().inputValue()).toBe('deals');
    await imports.stage().selectOption('visitors');
    expect(await wb.textOf('import-stage-guess')).toBe('');
    await imports.askPreview();
    await expect.poll(() => imports.preview('rows').innerText()).toBe('5');
    expect(await imports.stage().inputValue()).toBe('visitors');
  });
});
