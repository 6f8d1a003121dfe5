import { copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExcelJS } from '../../native/export/exceljs.js';
import { tempDir } from '../support/files.js';
import { countNear, Workbench } from './workbench-page.js';

const demo = fileURLToPath(new URL('../../resources/demo/demo.ketu', import.meta.url));

function query(path: string, sql: string, ...args: string[]): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).get(...args);
  } finally {
    db.close();
  }
}

describe('rankings panel on the demo project', () => {
  const dir = tempDir('ketu-e2e-rank-');
  const project = dir.file('demo.ketu');
  let wb: Workbench;
  let demoPlaces = 0;
  let top: { name: string; n: number };

  beforeAll(async () => {
    if (!existsSync(demo)) throw new Error('run `npm run build` first: it generates resources/demo/demo.ketu');
    copyFileSync(demo, project);
    demoPlaces = (query(project, 'SELECT count(*) n FROM places') as { n: number }).n;
    top = query(
      project,
      "SELECT name, count(DISTINCT customer_id) n FROM places WHERE role='home' AND name IS NOT NULL GROUP BY name ORDER BY n DESC, name LIMIT 1",
    ) as { name: string; n: number };
    wb = await Workbench.start(project);
    await wb.waitReady(demoPlaces);
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  /** Pixels of a colour on the map left of the drawer: the drawer's own swatch and row marker do not count. */
  async function mapPixelsNear(rgb: [number, number, number]): Promise<number> {
    const { page } = wb;
    const map = await page.getByTestId('map').boundingBox();
    const panel = await page.getByTestId('rankings-panel').boundingBox();
    if (map === null || panel === null) throw new Error('map or panel not laid out');
    const png = PNG.sync.read(await page.screenshot({ clip: { x: map.x, y: map.y, width: panel.x - map.x, height: map.height } }));
    return countNear(png, rgb, 30);
  }

  it('ranks home communities as the project file counts them, and districts', async () => {
    const { page } = wb;
    await page.getByTestId('rankings-button').click();
    await expect.poll(() => page.getByTestId('rankings-panel').count()).toBe(1);
    await expect.poll(() => page.getByTestId('rank-row-0').count(), { timeout: 30_000 }).toBe(1);
    const first = await page.getByTestId('rank-row-0').locator('td').allInnerTexts();
    expect(first[0]).toBe('1');
    expect(first[1]).toBe(top.name);
    expect(first[2]?.replace(/[^\d]/g, '')).toBe(String(top.n));
    expect(first[3]).toMatch(/%$/);
    // Default 前15位: never more rows than that.
    expect(await page.locator('[data-testid^="rank-row-"]').count()).toBeLessThanOrEqual(15);
    expect(await page.getByTestId('rank-total').innerText()).toMatch(/\d/);

    await page.getByTestId('rank-tab-district').click();
    await expect.poll(() => page.locator('[data-testid^="rank-row-"]').allInnerTexts(), { timeout: 30_000 }).toContainEqual(expect.stringContaining('西湖区'));
    // 写字楼: the demo's employers named after their park or tower (no addresses in the demo).
    const park = (query(project, "SELECT count(DISTINCT customer_id) n FROM places WHERE role='work' AND name = '海创园'") as { n: number }).n;
    await page.getByTestId('rank-tab-building').click();
    await expect.poll(() => page.locator('[data-testid^="rank-row-"]').allInnerTexts(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(new RegExp(`海创园\\s+${park}\\b`)));
    await page.getByTestId('rank-tab-community').click();
    await expect.poll(() => page.getByTestId('rank-row-0').locator('td').nth(1).innerText(), { timeout: 30_000 }).toBe(top.name);
  });

  it('highlights a row’s places on the map and clears them again', async () => {
    const { page } = wb;
    const places = (query(project, "SELECT count(*) n FROM places WHERE role='home' AND name = ?", top.name) as { n: number }).n;
    await page.getByTestId('rank-row-0').click();
    await expect.poll(() => page.getByTestId('rank-highlight').innerText(), { timeout: 30_000 }).toContain(top.name);
    expect((await page.getByTestId('rank-highlight').innerText()).replace(/「[^」]*」/, '').replace(/[^\d]/g, '')).toBe(String(places));
    const css = await page.getByTestId('rank-highlight').locator('.swatch').evaluate((el) => getComputedStyle(el).backgroundColor);
    const m = /rgba?\((\d+)[ ,]+(\d+)[ ,]+(\d+)/.exec(css);
    if (m === null) throw new Error(`unexpected swatch colour ${css}`);
    const rgb: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];

    // The highlight adds a layer, not points: the status bar and the drawn count stay the project's.
    await wb.waitReady(demoPlaces);
    expect((await page.getByTestId('point-count').innerText()).replace(/[^\d]/g, '')).not.toBe('0');
    await expect.poll(() => mapPixelsNear(rgb), { timeout: 60_000 }).toBeGreaterThan(0);

    // Clicking the row again clears, as does 清除高亮.
    await page.getByTestId('rank-row-0').click();
    await expect.poll(() => page.getByTestId('rank-highlight').count()).toBe(0);
    await expect.poll(() => mapPixelsNear(rgb), { timeout: 60_000 }).toBe(0);
    await page.getByTestId('rank-row-0').click();
    await expect.poll(() => mapPixelsNear(rgb), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('rank-clear').click();
    await expect.poll(() => mapPixelsNear(rgb), { timeout: 60_000 }).toBe(0);
    await wb.waitReady(demoPlaces);
  });

  it('exports the ranking as .xlsx next to the project', async () => {
    const { page } = wb;
    const out = await page.getByTestId('rank-export-path').inputValue();
    const name = await page.getByTestId('project-name').innerText();
    expect(out).toBe(dir.file(`${name}-居住小区排名.xlsx`));
    const shown = await page.locator('[data-testid^="rank-row-"]').count();
    await page.getByTestId('rank-export').click();
    await expect.poll(() => page.getByTestId('rank-export-result').innerText(), { timeout: 30_000 }).toContain(out);
    expect(existsSync(out)).toBe(true);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.worksheets[0];
    if (sheet === undefined) throw new Error('no sheet in the export');
    // Row 1 is the title, row 2 the filter it was made with, row 3 the header, then one row per ranked community.
    expect(sheet.getRow(2).getCell(1).text).toMatch(/^筛选条件：/);
    expect(sheet.rowCount - 3).toBe(shown);
    expect(sheet.getRow(4).getCell(2).value).toBe(top.name);
    expect(sheet.getRow(4).getCell(3).value).toBe(top.n);
    expect(sheet.getRow(4).getCell(4).numFmt).toBe('0.0%');
  });
});
