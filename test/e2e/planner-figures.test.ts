import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointInRing } from '../../native/analysis/geometry.js';
import type { Area, AreaGrading } from '../../native/contract/methods.js';
import { ExcelJS } from '../../native/export/exceljs.js';
import { sqlRows } from '../support/sql-oracle.js';
import { demoCopy, Workbench } from './workbench-page.js';

const shots = process.env.KETU_SHOTS;

interface PlaceRow {
  lng: number;
  lat: number;
  customer_id: number;
  stage: string | null;
  product: string | null;
}
type Output = { prospects: number; visitors: number; deals: number };
type Minimums = Output;

/** The grade by the documented rule (first of A, B, C whose every minimum, or one OR group, is reached), from independent counts. */
function gradeBy(out: Output, t: { A: Minimums; B: Minimums; C: Minimums; or?: Partial<Record<'A' | 'B' | 'C', Minimums[]>> }): string {
  const reaches = (m: Minimums): boolean => out.prospects >= m.prospects && out.visitors >= m.visitors && out.deals >= m.deals;
  return (['A', 'B', 'C'] as const).find((g) => reaches(t[g]) || (t.or?.[g] ?? []).some(reaches)) ?? 'D';
}

describe('the planner’s figures in the workbench: grading beside the map filter, area lists by customer, rankings that say their filter', () => {
  const { dir, project } = demoCopy('ketu-e2e-figures-');
  let wb: Workbench;
  let places: PlaceRow[] = [];
  let area: Area;

  const call = async <T>(method: Parameters<Workbench['dispatcher']['call']>[0], params: unknown): Promise<T> => {
    const r = await wb.dispatcher.call(method, params);
    if (!r.ok) throw new Error(r.error.message);
    return r.result as T;
  };
  /** Distinct customers per stage inside the area, from the file itself. */
  const output = (keep: (p: PlaceRow) => boolean): Output => {
    const inside = places.filter((p) => keep(p) && pointInRing(p.lng, p.lat, area.ring));
    const people = (stage: string): number => new Set(inside.filter((p) => p.stage === stage).map((p) => p.customer_id)).size;
    return { prospects: people('prospects'), visitors: people('visitors'), deals: people('deals') };
  };
  const shot = async (name: string): Promise<void> => {
    if (shots !== undefined) await wb.page.screenshot({ path: `${shots}/${name}.png` });
  };
  const gradeRow = (name: string): ReturnType<Workbench['page']['getByTestId']> => wb.page.getByTestId(`grade-row-${name}`);
  const rowOutput = async (name: string): Promise<Output & { grade: string | null }> => {
    const row = gradeRow(name);
    const n = async (attr: string): Promise<number> => Number(await row.getAttribute(attr));
    return { prospects: await n('data-prospects'), visitors: await n('data-visitors'), deals: await n('data-deals'), grade: await row.getAttribute('data-grade') };
  };

  beforeAll(async () => {
    places = sqlRows<PlaceRow>(project, "SELECT p.lng, p.lat, p.customer_id, r.stage, json_extract(r.attributes, '$.product') AS product FROM places p LEFT JOIN customer_records r ON r.id = p.record_id");
    wb = await Workbench.start(project);
    await wb.waitReady();
    const site = (await call<{ project: { sites: Array<{ kind: string; lng: number; lat: number }> } }>('app.status', {})).project.sites.find((s) => s.kind === 'project');
    if (site === undefined) throw new Error('the demo has no 本案');
    area = await call<Area>('areas.add', { name: '本案3公里', shape: { kind: 'circle', lng: site.lng, lat: site.lat, radiusM: 3000 } });
    await call('areas.add', { name: '空白', shape: { kind: 'circle', lng: 121.5, lat: 31.2, radiusM: 500 } });
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('grades by every stage under a 成交 filter, says so on the tab, and applies that grade', async () => {
    const { areas: panel } = wb;
    // The filter as the planner set it when the wrong grade was seen: 客户阶段 = 成交客户.
    await wb.filters.openGroup('stage');
    await wb.filters.check('stage', 'deals');
    await wb.page.keyboard.press('Escape');
    await expect.poll(() => wb.filters.summary()).toContain('成交客户');
    await panel.open();
    await panel.tab('grading');
    const all = output(() => true);
    const thresholds = (await call<AreaGrading>('areas.grade', {})).thresholds;
    expect(all.visitors).toBeGreaterThan(0);
    await expect.poll(() => rowOutput('本案3公里'), { timeout: 30_000 }).toEqual({ ...all, grade: gradeBy(all, thresholds) });
    // What the old tab showed: the filter's deals only, so no visits.
    const dealsOnly = output((p) => p.stage === 'deals');
    expect(dealsOnly.visitors).toBe(0);
    const scope = await wb.textOf('grade-scope');
    expect(scope).toContain('按全部客户计数');
    expect(scope).toContain('地图筛选「成交客户」未用于分级');
    await shot('grading-beside-filter');

    await panel.applyGrades();
    await expect.poll(() => wb.textOf('area-notice'), { timeout: 30_000 }).toContain('写入等级');
    const saved = (await call<Area[]>('areas.list', {})).find((a) => a.name === '本案3公里');
    expect(saved?.grade).toBe(gradeBy(all, thresholds));
  });

  it('grades within the filter when switched on, its stage part aside, and names the filter', async () => {
    const { filters } = wb;
    await wb.page.getByTestId('grade-use-filter').check();
    // Only a stage in the filter: nothing to narrow by, and the tab says why.
    await expect.poll(() => wb.textOf('grade-scope')).toContain('只有客户阶段条件');
    await filters.openGroup('product');
    await filters.check('product', '洋房');
    await wb.page.keyboard.press('Escape');
    const within = output((p) => p.product === '洋房');
    expect(within.visitors).toBeLessThan(output(() => true).visitors);
    await expect.poll(() => wb.textOf('grade-scope'), { timeout: 30_000 }).toBe('按当前筛选计数：产品类型：洋房（客户阶段条件不用于分级）');
    await expect.poll(() => rowOutput('本案3公里'), { timeout: 30_000 }).toMatchObject(within);
    await shot('grading-within-filter');
    await wb.page.getByTestId('grade-use-filter').uncheck();
    await expect.poll(() => wb.textOf('grade-scope')).toContain('未用于分级');
  });

  it('combines a grade’s minimums with OR when chosen, and saves it as an OR', async () => {
    const { areas: panel } = wb;
    const all = output(() => true);
    // A: 100000 visits OR 1 deal — AND would give no A anywhere.
    await panel.threshold('A', 'visitors', '100000');
    await panel.threshold('A', 'deals', '1');
    await panel.threshold('A', 'prospects', '0');
    await wb.page.getByTestId('threshold-A-combine').selectOption('or');
    await wb.page.getByTestId('grade-run').click();
    const expected = all.deals >= 1 ? 'A' : 'D';
    await expect.poll(async () => (await rowOutput('本案3公里')).grade, { timeout: 30_000 }).toBe(expected);
    const saved = (await call<AreaGrading>('areas.grade', {})).thresholds;
    expect(saved.A).toEqual({ prospects: 0, visitors: 100000, deals: 0 });
    expect(saved.or?.A).toEqual([{ prospects: 0, visitors: 0, deals: 1 }]);
    expect(gradeBy(all, saved)).toBe(expected);
  });

  it('lists an area one row per customer (or per place), counting distinct customers as SQL does; an empty area says so', async () => {
    const { areas: panel, filters } = wb;
    // Unfiltered, as when 399 people were seen twice or three times in one list.
    await filters.openGroup('stage');
    await filters.option('stage', 'deals').locator('input').uncheck();
    await filters.openGroup('product');
    await filters.option('product', '洋房').locator('input').uncheck();
    await wb.page.keyboard.press('Escape');
    await expect.poll(() => filters.summary()).toContain('未筛选');
    await panel.tab('export');
    await panel.exportArea().selectOption(String(area.id));
    const inside = places.filter((p) => pointInRing(p.lng, p.lat, area.ring));
    const customers = new Set(inside.map((p) => p.customer_id)).size;
    expect(customers).toBeGreaterThan(0);
    expect(customers).toBeLessThan(inside.length);
    const out = dir.file('本案3公里-清单.xlsx');
    await panel.exportPath().fill(out);
    await panel.runExport();
    await expect.poll(() => panel.exportResult().innerText(), { timeout: 30_000 }).toBe(
      `已导出 ${customers.toLocaleString('zh-CN')} 位客户（区域内 ${inside.length.toLocaleString('zh-CN')} 个地点，每位客户一行）：${out}`,
    );
    const rowsOf = async (path: string): Promise<number> => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path);
      const sheet = book.worksheets[0];
      if (sheet === undefined) throw new Error('no sheet');
      // Title, filter note and header rows above the data.
      return sheet.rowCount - 3;
    };
    expect(await rowsOf(out)).toBe(customers);
    await shot('area-list-per-customer');

    const perPlace = dir.file('本案3公里-地点.xlsx');
    await wb.page.getByTestId('export-rows-place').check();
    await panel.exportPath().fill(perPlace);
    await panel.runExport();
    await expect.poll(() => panel.exportResult().innerText(), { timeout: 30_000 }).toContain(`已导出 ${inside.length.toLocaleString('zh-CN')} 个地点（${customers.toLocaleString('zh-CN')} 位客户`);
    expect(await rowsOf(perPlace)).toBe(inside.length);

    const empty = await call<Area[]>('areas.list', {}).then((list) => list.find((a) => a.name === '空白'));
    await panel.exportArea().selectOption(String(empty?.id));
    const nothing = dir.file('空白-清单.xlsx');
    await panel.exportPath().fill(nothing);
    await panel.runExport();
    await expect.poll(() => wb.dialogError(), { timeout: 30_000 }).toBe('区域「空白」内没有客户，未导出清单');
    expect(await panel.exportResult().count()).toBe(0);
    expect(existsSync(nothing)).toBe(false);
    await shot('area-list-empty');
  });

  it('shows the filter a ranking was made with, as its exported sheet’s note row says it', async () => {
    const { rankings, filters } = wb;
    await rankings.open();
    await expect.poll(() => rankings.filter(), { timeout: 30_000 }).toBe('筛选条件：无（全部客户）');
    await filters.openGroup('stage');
    await filters.check('stage', 'deals');
    await wb.page.keyboard.press('Escape');
    await expect.poll(() => rankings.filter(), { timeout: 30_000 }).toBe('筛选条件：客户阶段：成交客户');
    const out = dir.file('排名.xlsx');
    await rankings.exportPath().fill(out);
    await rankings.export();
    await expect.poll(() => rankings.exportResult(), { timeout: 30_000 }).toContain(out);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets[0]?.getRow(2).getCell(1).text).toBe(await rankings.filter());
    await shot('rankings-filter-note');
  });
});
