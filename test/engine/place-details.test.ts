import { describe, expect, it } from 'vitest';
import { refusalOf } from '../support/engine-call.js';
import { sqlColumn, sqlRows, sqlText } from '../support/sql-oracle.js';
import { withDemoCopy } from '../support/demo-engine.js';

/*
 * Points that answer back: places.brief (tooltip) and places.detail (card) on the demo project, checked
 * against hand-written SQL; the phone leaves the engine masked unless asked for.
 */

describe('place briefs and cards', () => {
  it('names the place, customer, stage and date; the card lists every record and place, phone masked', async () => {
    await withDemoCopy(async ({ call, path, dispatcher }) => {
      // A deal customer with a home and a workplace.
      const [pick] = sqlRows<{ customer: number; home: number }>(
        path,
        `SELECT p.customer_id AS customer, p.fid AS home FROM places p JOIN customer_records r ON r.id = p.record_id
         WHERE p.role = 'home' AND r.stage = 'deals' AND EXISTS (SELECT 1 FROM places w WHERE w.customer_id = p.customer_id AND w.role = 'work') ORDER BY p.fid LIMIT 1`,
      );
      if (pick === undefined) throw new Error('the demo has a deal customer with a workplace');
      const [brief] = await call('places.brief', { placeIds: [pick.home, 99_999_999] });
      expect(brief).toEqual({
        placeId: pick.home,
        role: 'home',
        name: sqlText(path, 'SELECT name FROM places WHERE fid = ?', pick.home),
        customerId: pick.customer,
        customerName: sqlText(path, 'SELECT name FROM customers WHERE id = ?', pick.customer),
        stage: 'deals',
        date: sqlText(path, "SELECT substr(json_extract(r.attributes, '$.dealDate'), 1, 10) FROM places p JOIN customer_records r ON r.id = p.record_id WHERE p.fid = ?", pick.home),
      });
      expect(brief?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      const card = await call('places.detail', { placeId: pick.home });
      const phone = sqlText(path, 'SELECT phone FROM customers WHERE id = ?', pick.customer) ?? '';
      expect(phone).toMatch(/^1\d{10}$/);
      expect(card.customer?.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
      expect(JSON.stringify(card)).not.toContain(phone);
      expect(card.places.map((p) => p.placeId).sort((a, b) => a - b)).toEqual(sqlColumn<number>(path, 'SELECT fid FROM places WHERE customer_id = ? ORDER BY fid', pick.customer));
      expect(card.places.map((p) => p.role)).toContain('work');
      expect(card.records.map((r) => r.id)).toEqual(sqlColumn<number>(path, 'SELECT id FROM customer_records WHERE customer_id = ? ORDER BY id', pick.customer));
      expect((await call('places.detail', { placeId: pick.home, unmasked: true })).customer?.phone).toBe(phone);
      expect(await refusalOf(dispatcher, 'places.detail', { placeId: 99_999_999 })).toMatch(/^INVALID_PARAMS/);
    });
  });
});
