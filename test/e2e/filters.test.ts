import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCopy, Workbench } from './workbench-page.js';

/** Counts straight from the project file, written here without the engine's filter code. */
function count(path: string, sql: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

const FROM = "FROM places p JOIN customer_records r ON r.id = p.record_id";
// 成交客户 · 洋房 · 90–120㎡ · 来访日期 2025-06-01 ~ 2025-09-30: what the test sets in the filter bar.
const WHERE = `WHERE r.stage = 'deals' AND json_extract(r.attributes, '$.product') = '洋房'
  AND json_extract(r.attributes, '$.area') >= 90 AND json_extract(r.attributes, '$.area') < 120
  AND json_extract(r.attributes, '$.visitDate') BETWEEN '2025-06-01' AND '2025-09-30'`;

describe('the map filter bar on the demo project', () => {
  const { dir, project } = demoCopy('ketu-e2e-filter-');
  let wb: Workbench | null = null;
  let total = 0;
  let expected = 0;
  let households = 0;

  beforeAll(() => {
    total = count(project, 'SELECT count(*) FROM places');
    expected = count(project, `SELECT count(*) ${FROM} ${WHERE}`);
    households = count(project, `SELECT count(DISTINCT p.customer_id) ${FROM} ${WHERE} AND p.role = 'home' AND p.name IS NOT NULL`);
  });

  afterAll(async () => {
    await wb?.close();
    dir.remove();
  });

  it('narrows the points, the count and the rankings to stage, product, 面积段 and date', async () => {
    expect(expected).toBeGreaterThan(0);
    wb = await Workbench.start(project);
    const { page, filters } = wb;
    // A non-null handle for the polls below (`wb` is reassigned between tests).
    const shown = wb;
    await wb.waitReady(total);
    await expect.poll(() => filters.count()).toContain(total.toLocaleString('en'));

    // Opening a group fetches its column; no layer reads it yet, so deck.gl must not be handed a new
    // layer list (a full frame: seconds at 1M points on a software GPU).
    const layersSet = async (): Promise<number> => (await shown.hook()).frames.layersSet;
    const setBefore = await layersSet();
    await filters.openGroup('stage');
    await filters.option('stage', 'deals').waitFor();
    // The options render from the fetched column; a layer list made from it would be handed over by the next frames.
    await wb.frames(3);
    expect(await layersSet()).toBe(setBefore);
    await filters.check('stage', 'deals');
    await filters.openGroup('product');
    await filters.check('product', '洋房');
    await filters.openGroup('area');
    await filters.check('band', '90–120㎡');
    await filters.openGroup('date');
    await filters.dateField().selectOption('visitDate');
    await filters.dateFrom().fill('2025-06-01');
    await filters.dateTo().fill('2025-09-30');
    await page.keyboard.press('Escape');

    await expect.poll(async () => (await shown.hook()).renderedPoints).toBe(expected);
    await expect.poll(() => filters.count()).toContain(`${expected.toLocaleString('en')} / ${total.toLocaleString('en')}`);
    await expect.poll(() => shown.shell.pointCountText()).toContain(expected.toLocaleString('en'));
    const summary = await filters.summary();
    for (const part of ['成交客户', '洋房', '90–120㎡', '2025-06-01']) expect(summary).toContain(part);

    await wb.rankings.open();
    await expect.poll(() => shown.rankings.total(), { timeout: 30_000 }).toContain(`共 ${households.toLocaleString('en')} 位客户`);
    await expect.poll(() => shown.rankings.filter()).toContain('洋房');
  });

  it('keeps the filter when the project is opened again, and clears it', async () => {
    await wb?.close();
    wb = await Workbench.start(project);
    const { filters } = wb;
    // A non-null handle for the polls below (`wb` is reassigned between tests).
    const shown = wb;
    await wb.waitReady(expected);
    await expect.poll(() => filters.summary()).toContain('成交客户');
    await expect.poll(() => filters.count()).toContain(`${expected.toLocaleString('en')} / `);

    await filters.clear();
    await expect.poll(async () => (await shown.hook()).renderedPoints).toBe(total);
    await expect.poll(() => filters.summary()).toContain('未筛选');
    // Cleared is saved too: the next open shows everything.
    const saved = async (): Promise<unknown> => {
      const r = await (wb as Workbench).dispatcher.call('map.get', {});
      return r.ok ? (r.result as { filter: unknown }).filter : null;
    };
    await expect.poll(saved).toEqual({});
    await wb.close();
    wb = await Workbench.start(project);
    await wb.waitReady(total);
  });
});
