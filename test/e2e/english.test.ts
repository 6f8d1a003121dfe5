import { copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Area } from '../../native/contract/methods.js';
import { ExcelJS } from '../../native/export/exceljs.js';
import { demoCopy, Workbench } from './workbench-page.js';

const shots = process.env.KETU_SHOTS;
const plannerSheet = fileURLToPath(new URL('../fixtures/sources/planner-deals.xlsx', import.meta.url));
/** Chinese characters and Chinese punctuation: none may be left once the data values are taken out. */
const cjk = /[\u3400-\u9fff\u3000-\u303f，。：；（）！？]/g;
/** Engine keys that would mean a value went on screen untranslated in the Chinese UI. */
const engineKeys = /\b(unplaced|none|coordinate|home|work|leisure|deals|visitors|prospects|competitors|field|city|district|address|community|road|null|undefined)\b/i;

/** `text` without every data value (longest first, so a name inside a longer one goes with it). */
function withoutData(text: string, data: Iterable<string>): string {
  let rest = text;
  for (const value of [...new Set(data)].filter((v) => v !== '').sort((a, b) => b.length - a.length)) rest = rest.split(value).join(' ');
  return rest;
}

describe('English is English: layers, legend, import problems and errors in the English UI', () => {
  const { dir, project } = demoCopy('ketu-e2e-english-');
  let wb: Workbench;
  /** What the planner's own files and project hold: names of people, places, sheets, batches. */
  const data = new Set<string>();

  const call = async <T>(method: Parameters<Workbench['dispatcher']['call']>[0], params: unknown): Promise<T> => {
    const r = await wb.dispatcher.call(method, params);
    if (!r.ok) throw new Error(r.error.message);
    return r.result as T;
  };
  const leftover = (text: string): string[] => withoutData(text, data).match(cjk) ?? [];

  beforeAll(async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(plannerSheet);
    for (const sheet of book.worksheets) {
      data.add(sheet.name);
      sheet.eachRow((row) => row.eachCell((cell) => data.add(cell.text)));
    }
    wb = await Workbench.start(project);
    await wb.waitReady();
    const status = await call<{ project: { name: string; sites: Array<{ name: string }> } }>('app.status', {});
    data.add(status.project.name);
    for (const s of status.project.sites) data.add(s.name);
    for (const b of await call<Array<{ file: string }>>('imports.list', {})) data.add(b.file);
    // Where the geocoder parks an unknown name: the project's city and its core district (place names).
    data.add('杭州市');
    data.add('上城区');
    await wb.shell.langSwitch().click();
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('names layers and legend headings in English', async () => {
    await expect.poll(() => wb.shell.lang()).toBe('en');
    const layers = await wb.page.getByTestId('layer-list').innerText();
    expect(layers).toContain('Home');
    expect(leftover(layers)).toEqual([]);
    const legend = await wb.shell.legend().innerText();
    // One row per ring round the project, by band and cumulative (counts checked in ring-counts.test.ts).
    for (const [from, to] of [[0, 1], [1, 3], [3, 5]]) expect(legend).toMatch(new RegExp(`${to} km ring: \\d+ homes ${from}–${to} km, \\d+ within ${to} km`));
    expect(leftover(legend)).toEqual([]);
    const batches = await wb.page.getByTestId('batches-panel').innerText();
    expect(leftover(batches)).toEqual([]);
    if (shots !== undefined) await wb.page.screenshot({ path: `${shots}/english-workbench.png` });
  });

  it('previews a sheet with problems in English, the cell values kept as they are', async () => {
    const { imports, page } = wb;
    const file = dir.file('planner-deals.xlsx');
    copyFileSync(plannerSheet, file);
    data.add(file);
    data.add(dir.file('planner-deals-导入报告.xlsx'));
    await imports.previewFile(file);
    await expect.poll(() => imports.preview('rejected').innerText(), { timeout: 30_000 }).toBe('1');
    const reasons = await page.getByTestId('problem-reason').allInnerTexts();
    expect(reasons).toContain('Longitude is not a number: 东经120度');
    expect(reasons.filter((r) => r.startsWith('Placed only at City level')).length).toBe(4);
    const dialog = page.getByTestId('import-dialog');
    // The report path's default name is the engine's (…-导入报告.xlsx), a file name: data.
    expect(leftover(await dialog.innerText())).toEqual([]);
    // Form fields show their values outside innerText: the selects' chosen options.
    const chosen = await dialog.locator('select').evaluateAll((els) => els.map((el) => (el as HTMLSelectElement).selectedOptions[0]?.text ?? ''));
    expect(leftover(chosen.join('\n'))).toEqual([]);
    if (shots !== undefined) await page.screenshot({ path: `${shots}/english-import.png`, fullPage: true });
    await page.getByRole('button', { name: 'Cancel' }).first().click();
  });

  it('says engine errors in English: a missing file, an empty area', async () => {
    const { imports, page } = wb;
    const missing = dir.file('missing.xlsx');
    await imports.open(missing);
    await imports.askPreview();
    await expect.poll(() => wb.dialogError(), { timeout: 30_000 }).toBe(`File not found: ${missing}`);
    await page.getByRole('button', { name: 'Cancel' }).first().click();

    const empty = await call<Area>('areas.add', { name: '空白', shape: { kind: 'circle', lng: 121.5, lat: 31.2, radiusM: 500 } });
    data.add(empty.name);
    await wb.areas.open();
    await wb.areas.tab('export');
    await wb.areas.exportArea().selectOption(String(empty.id));
    const out = dir.file('empty.xlsx');
    await wb.areas.exportPath().fill(out);
    await wb.areas.runExport();
    await expect.poll(() => wb.dialogError(), { timeout: 30_000 }).toBe('Area "空白" holds no customers; no list was written');
    expect(existsSync(out)).toBe(false);
    await wb.areas.tab('grading');
    await expect.poll(() => wb.textOf('grade-scope'), { timeout: 30_000 }).toContain('Counted over all customers');
    expect(leftover(await wb.page.getByTestId('areas-panel').innerText())).toEqual([]);
    if (shots !== undefined) await page.screenshot({ path: `${shots}/english-areas.png` });
  });

  it('leaves no engine key untranslated in the Chinese UI', async () => {
    const { imports, page } = wb;
    await wb.shell.langSwitch().click();
    await expect.poll(() => wb.shell.lang()).toBe('zh-CN');
    await imports.previewFile(dir.file('planner-deals.xlsx'));
    await expect.poll(() => imports.preview('rejected').innerText(), { timeout: 30_000 }).toBe('1');
    const texts = [await page.getByTestId('import-dialog').innerText(), await page.getByTestId('layer-list').innerText(), await wb.shell.legend().innerText()];
    for (const text of texts) expect(withoutData(text, data)).not.toMatch(engineKeys);
  });
});
