import { copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/files.js';
import { Workbench } from './workbench-page.js';

const demo = fileURLToPath(new URL('../../resources/demo/demo.ketu', import.meta.url));

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

function hookPoints(wb: Workbench): Promise<number> {
  return wb.page.evaluate(() => (window as unknown as { __ketu: { renderedPoints: number } }).__ketu.renderedPoints);
}

describe('the map filter bar on the demo project', () => {
  const dir = tempDir('ketu-e2e-filter-');
  const project = dir.file('demo.ketu');
  let wb: Workbench | null = null;
  let total = 0;
  let expected = 0;
  let households = 0;

  beforeAll(() => {
    if (!existsSync(demo)) throw new Error('run `npm run build` first: it generates resources/demo/demo.ketu');
    copyFileSync(demo, project);
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
    const { page } = wb;
    await wb.waitReady(total);
    await expect.poll(() => page.getByTestId('filter-count').innerText()).toContain(total.toLocaleString('en'));

    // Opening a group fetches its column; no layer reads it yet, so deck.gl must not be handed a new
    // layer list (a full frame: seconds at 1M points on a software GPU).
    const layersSet = (): Promise<number> => page.evaluate(() => window.__ketu?.frames.layersSet ?? -1);
    const setBefore = await layersSet();
    await page.getByTestId('filter-group-stage').click();
    await page.locator('[data-testid^="filter-stage-"][data-value="deals"]').waitFor();
    await page.waitForTimeout(500);
    expect(await layersSet()).toBe(setBefore);
    await page.locator('[data-testid^="filter-stage-"][data-value="deals"] input').check();
    await page.getByTestId('filter-group-product').click();
    await page.locator('[data-testid^="filter-product-"][data-value="洋房"] input').check();
    await page.getByTestId('filter-group-area').click();
    await page.locator('[data-testid^="filter-band-"][data-value="90–120㎡"] input').check();
    await page.getByTestId('filter-group-date').click();
    await page.getByTestId('filter-date-field').selectOption('visitDate');
    await page.getByTestId('filter-date-from').fill('2025-06-01');
    await page.getByTestId('filter-date-to').fill('2025-09-30');
    await page.keyboard.press('Escape');

    await expect.poll(() => hookPoints(wb as Workbench)).toBe(expected);
    await expect.poll(() => page.getByTestId('filter-count').innerText()).toContain(`${expected.toLocaleString('en')} / ${total.toLocaleString('en')}`);
    await expect.poll(() => page.getByTestId('point-count').innerText()).toContain(expected.toLocaleString('en'));
    const summary = await page.getByTestId('filter-summary').innerText();
    for (const part of ['成交客户', '洋房', '90–120㎡', '2025-06-01']) expect(summary).toContain(part);

    await page.getByTestId('rankings-button').click();
    await expect.poll(() => page.getByTestId('rank-total').innerText(), { timeout: 30_000 }).toContain(`共 ${households.toLocaleString('en')} 位客户`);
    await expect.poll(() => page.getByTestId('rank-filter').innerText()).toContain('洋房');
  });

  it('keeps the filter when the project is opened again, and clears it', async () => {
    await wb?.close();
    wb = await Workbench.start(project);
    const { page } = wb;
    await wb.waitReady(expected);
    await expect.poll(() => page.getByTestId('filter-summary').innerText()).toContain('成交客户');
    await expect.poll(() => page.getByTestId('filter-count').innerText()).toContain(`${expected.toLocaleString('en')} / `);

    await page.getByTestId('filter-clear').click();
    await expect.poll(() => hookPoints(wb as Workbench)).toBe(total);
    await expect.poll(() => page.getByTestId('filter-summary').innerText()).toContain('未筛选');
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
