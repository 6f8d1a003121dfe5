import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/i18n/messages.js';
import { stageKeys } from '../../renderer/i18n/stage-labels.js';
import { sqlColumn, sqlRows } from '../support/sql-oracle.js';
import { demoCopy, Workbench } from './workbench-page.js';

/*
 * Points that answer back (issue 13 item 7) on the demo: hovering a home shows who, where, stage and date as
 * SQL has them; a click opens the customer's card with the phone masked; its button highlights every place
 * of the customer; a grouped symbol lists its customers page by page.
 */

interface Candidate {
  fid: number;
  customer: number;
  lng: number;
  lat: number;
  name: string;
  customerName: string;
  date: string;
}

describe('points that answer back', () => {
  const { project } = demoCopy('place-card');
  let wb: Workbench;
  beforeAll(async () => {
    wb = await Workbench.start(project);
    await wb.waitReady();
  }, 180_000);
  afterAll(async () => wb.close());

  it('a grouped symbol lists its customers, 20 a page', async () => {
    await wb.layers.template('map1');
    await wb.waitReady();
    const [centre] = sqlRows<{ lng: number; lat: number; n: number }>(project, "SELECT avg(lng) AS lng, avg(lat) AS lat, count(*) AS n FROM places WHERE role = 'home' AND name = '桂花城'");
    if (centre === undefined) throw new Error('桂花城 in the demo');
    const [x, y] = await wb.map.pixelOf(centre.lng, centre.lat);
    // Just off the centre: the disc is large, and smaller discs drawn over its middle answer for themselves.
    await wb.map.click([[x, y + 12]]);
    await expect.poll(() => wb.textOf('place-card-title')).toBe(`桂花城 · ${centre.n} 户`);
    await expect.poll(() => wb.page.getByTestId('place-card-list').locator('li').count()).toBe(20);
    expect(await wb.textOf('place-card-page')).toBe(`第 1 / ${Math.ceil(centre.n / 20)} 页`);
    await wb.page.getByTestId('place-card-next').click();
    await expect.poll(() => wb.textOf('place-card-page')).toBe(`第 2 / ${Math.ceil(centre.n / 20)} 页`);
    await wb.page.getByTestId('place-card-close').click();
    // Back to one dot per place for the next test.
    await wb.press('Control+z');
    await wb.waitReady();
  }, 240_000);

  it('hover shows the place as SQL names it; click opens the card; its button highlights the other places', async () => {
    // A deal customer's home that stands alone (no other place within 25 m), so the pointer finds only it.
    const all = sqlRows<{ fid: number; lng: number; lat: number }>(project, 'SELECT fid, lng, lat FROM places');
    const candidates = sqlRows<Candidate>(
      project,
      `SELECT p.fid, p.customer_id AS customer, p.lng, p.lat, p.name, c.name AS customerName, substr(json_extract(r.attributes, '$.dealDate'), 1, 10) AS date
       FROM places p JOIN customers c ON c.id = p.customer_id JOIN customer_records r ON r.id = p.record_id
       WHERE p.role = 'home' AND r.stage = 'deals' AND EXISTS (SELECT 1 FROM places w WHERE w.customer_id = p.customer_id AND w.role = 'work')`,
    );
    const apart = (c: Candidate): number => Math.min(...all.filter((o) => o.fid !== c.fid).map((o) => Math.hypot((o.lng - c.lng) * 96_000, (o.lat - c.lat) * 111_000)));
    const lone = candidates.map((c) => ({ c, d: apart(c) })).sort((a, b) => b.d - a.d)[0];
    if (lone === undefined || lone.d < 25) throw new Error('the demo has a lone deal home');
    const home = lone.c;

    await wb.map.zoomAt(home.lng, home.lat, 18);
    await wb.waitReady();
    const [x, y] = await wb.map.pixelOf(home.lng, home.lat);
    const box = await wb.map.box();
    await wb.page.mouse.move(box.x + x, box.y + y, { steps: 4 });
    const tooltip = wb.page.getByTestId('place-tooltip');
    await expect.poll(() => tooltip.count()).toBe(1);
    expect(await tooltip.innerText()).toBe([home.customerName, home.name, zhCN[stageKeys.deals], home.date].join(' · '));

    await wb.page.mouse.click(box.x + x, box.y + y);
    const card = wb.page.getByTestId('place-card');
    await expect.poll(() => card.count()).toBe(1);
    await expect.poll(() => wb.textOf('place-card-title')).toBe(home.customerName);
    const phone = sqlColumn<string>(project, 'SELECT phone FROM customers WHERE id = ?', home.customer)[0] ?? '';
    expect(await wb.textOf('place-card-phone')).toContain(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    expect(await card.innerText()).not.toContain(phone);
    const placeIds = sqlColumn<number>(project, 'SELECT fid FROM places WHERE customer_id = ? ORDER BY fid', home.customer);
    await expect.poll(() => wb.page.getByTestId('place-card-places').locator('li').count()).toBe(placeIds.length);

    await wb.page.getByTestId('place-card-highlight').click();
    await expect.poll(() => wb.page.evaluate(() => (window as unknown as { __ketu?: { highlightedPlaces: number[] } }).__ketu?.highlightedPlaces ?? [])).toEqual(placeIds);
    await wb.page.getByTestId('place-card-close').click();
    await expect.poll(() => card.count()).toBe(0);
    await expect.poll(() => wb.page.evaluate(() => (window as unknown as { __ketu?: { highlightedPlaces: number[] } }).__ketu?.highlightedPlaces.length ?? -1)).toBe(0);
  }, 240_000);
});
