import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExcelJS } from '../../native/export/exceljs.js';
import { countNear, demoCopy, Workbench } from './workbench-page.js';

function query(path: string, sql: string, ...args: string[]): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).get(...args);
  } finally {
    db.close();
  }
}

describe('rankings panel on the demo project', () => {
  const { dir, project } = demoCopy('ketu-e2e-rank-');
  let wb: Workbench;
  let demoPlaces = 0;
  let top: { name: string; n: number };

  beforeAll(async () => {
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
    const map = await wb.map.box();
    const panel = await wb.rankings.panel().boundingBox();
    if (panel === null) throw new Error('rankings panel not laid out');
    const png = PNG.sync.read(await page.screenshot({ clip: { x: map.x, y: map.y, width: panel.x - map.x, height: map.height } }));
    return countNear(png, rgb, 30);
  }

  it('ranks home communities as the project file counts them, and districts', async () => {
    const { rankings } = wb;
    await rankings.open();
    await expect.poll(() => rankings.row(0).count(), { timeout: 30_000 }).toBe(1);
    const first = await rankings.cells(0);
    expect(first[0]).toBe('1');
    expect(first[1]).toBe(top.name);
    expect(first[2]?.replace(/[^\d]/g, '')).toBe(String(top.n));
    expect(first[3]).toMatch(/%$/);
    // Default 前15位: never more rows than that.
    expect(await rankings.rows().count()).toBeLessThanOrEqual(15);
    expect(await rankings.total()).toMatch(/\d/);

    await rankings.tab('district');
    await expect.poll(() => rankings.rows().allInnerTexts(), { timeout: 30_000 }).toContainEqual(expect.stringContaining('西湖区'));
    // 写字楼: the demo's employers named after their park or tower (no addresses in the demo).
    const park = (query(project, "SELECT count(DISTINCT customer_id) n FROM places WHERE role='work' AND name = '海创园'") as { n: number }).n;
    await rankings.tab('building');
    await expect.poll(() => rankings.rows().allInnerTexts(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(new RegExp(`海创园\\s+${park}\\b`)));
    await rankings.tab('community');
    await expect.poll(async () => (await rankings.cells(0))[1], { timeout: 30_000 }).toBe(top.name);
  });

  it('highlights a row’s places on the map and clears them again', async () => {
    const { rankings } = wb;
    const places = (query(project, "SELECT count(*) n FROM places WHERE role='home' AND name = ?", top.name) as { n: number }).n;
    await rankings.row(0).click();
    await expect.poll(() => rankings.highlight().innerText(), { timeout: 30_000 }).toContain(top.name);
    expect((await rankings.highlight().innerText()).replace(/「[^」]*」/, '').replace(/[^\d]/g, '')).toBe(String(places));
    const rgb = await rankings.highlightRgb();

    // The highlight adds a layer, not points: the status bar and the drawn count stay the project's.
    await wb.waitReady(demoPlaces);
    expect(await wb.shell.pointCount()).not.toBe(0);
    await expect.poll(() => mapPixelsNear(rgb), { timeout: 60_000 }).toBeGreaterThan(0);

    // Clicking the row again clears, as does 清除高亮.
    await rankings.row(0).click();
    await expect.poll(() => rankings.highlight().count()).toBe(0);
    await expect.poll(() => mapPixelsNear(rgb), { timeout: 60_000 }).toBe(0);
    await rankings.row(0).click();
    await expect.poll(() => mapPixelsNear(rgb), { timeout: 60_000 }).toBeGreaterThan(0);
    await rankings.clearHighlight();
    await expect.poll(() => mapPixelsNear(rgb), { timeout: 60_000 }).toBe(0);
    await wb.waitReady(demoPlaces);
  });

  it('exports the ranking as .xlsx next to the project', async () => {
    const { rankings } = wb;
    const out = await rankings.exportPath().inputValue();
    const name = await wb.shell.projectName().innerText();
    expect(out).toBe(dir.file(`${name}-居住小区排名.xlsx`));
    const shown = await rankings.rows().count();
    await rankings.export();
    await expect.poll(() => rankings.exportResult(), { timeout: 30_000 }).toContain(out);
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
