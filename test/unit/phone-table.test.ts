import { describe, expect, it } from 'vitest';
import { PhoneTable } from '../../native/store/phone-table.js';

describe('PhoneTable (a batch\u2019s phones to their customers)', () => {
  it('answers as a Map does for 50,000 phones, updates and near-identical keys, through growth and clear', () => {
    const table = new PhoneTable();
    const oracle = new Map<string, number>();
    // Phones that differ in one digit, the same digits as another text, and non-ASCII keys: Latin-1
    // (one byte a unit) and wider, whose two bytes a unit could read as another key's one byte each.
    const keys: string[] = [];
    for (let i = 0; i < 50_000; i++) keys.push(`138${String(i).padStart(8, '0')}`, `+86 138${String(i).padStart(8, '0')}`);
    keys.push('', '一三八', '13800000001,13900000002', 'é138', '\u4e00\u0000', '\u0000\u4e00', 'ÿĀ');
    let n = 0;
    for (const k of keys) {
      table.set(k, ++n);
      oracle.set(k, n);
      if (n % 7 === 0) {
        table.set(k, n * 10);
        oracle.set(k, n * 10);
      }
    }
    expect(table.size).toBe(oracle.size);
    for (const [k, v] of oracle) expect(table.get(k)).toBe(v);
    for (const k of ['13800000000 ', '1380000000', '139', '一三九', '\u0000N', 'N\u0000', '\u0000N\u0000N', 'ÿ', 'é13']) {
      expect(table.has(k)).toBe(false);
      expect(table.get(k)).toBeUndefined();
    }
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get(keys[0] ?? '')).toBeUndefined();
    table.set('13800000000', 5);
    expect(table.get('13800000000')).toBe(5);
  });
});
