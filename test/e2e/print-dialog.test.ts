import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { engineCall } from '../support/engine-call.js';
import { demoWorkbench } from './workbench-page.js';

/*
 * The export dialog's print part: a rankings page (no map, so it is quick in SwiftShader) exported as a PDF
 * from the workbench, with a title typed in the layout editor and saved in the project.
 */
describe('print pages from the export dialog', () => {
  const demo = demoWorkbench('ketu-e2e-print-');

  it('saves an edited title in the layout and prints the 排名 page with it as a PDF', async () => {
    const { page } = demo.wb;
    await demo.wb.exports.openPdf();
    await page.getByTestId('print-template-地图1').uncheck();
    await page.getByTestId('print-template-地图2').uncheck();
    await page.getByTestId('print-template-排名').check();
    await page.getByTestId('print-paper').selectOption('A4');

    await page.getByTestId('print-layout').locator('summary').click();
    await page.getByTestId('print-layout-template').selectOption('排名');
    await page.getByTestId('print-text-title').fill('云栖江澜府 客户来源排名（试稿）');
    await page.getByTestId('print-element-pageNumber').uncheck();
    await page.getByTestId('print-layout-save').click();
    await page.getByText('已保存版式').waitFor();
    const listed = await engineCall(demo.wb.dispatcher)('print.layouts.list', {});
    expect(listed.find((l) => l.id === '排名')).toMatchObject({ texts: { title: '云栖江澜府 客户来源排名（试稿）' }, elements: { pageNumber: false } });

    const out = demo.dir.file('排名.pdf');
    await page.getByTestId('print-path').fill(out);
    await page.getByTestId('print-submit').click();
    await page.getByTestId('print-result').waitFor({ timeout: 120_000 });
    expect(await demo.wb.textOf('print-result')).toContain(out);

    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Pages:\s+1\b[\s\S]*Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('云栖江澜府 客户来源排名（试稿）');
    expect(text).toContain('居住小区前15位');
    expect(text).not.toMatch(/第\s*1\s*页/);
  });
});
