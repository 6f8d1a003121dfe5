import { describe, expect, it } from 'vitest';
import { maskPhone, normalisePhone } from '../../native/import/values/index.js';

const one = (phone: string) => ({ ok: true, value: { phone, others: [] } });

describe('normalisePhone', () => {
  it('writes number cells as text without exponent or .0', () => {
    expect(normalisePhone(13800001234)).toEqual(one('13800001234'));
    expect(normalisePhone(8613800001234)).toEqual(one('13800001234'));
    expect(normalisePhone('13800001234.0')).toEqual(one('13800001234'));
  });

  it.each([
    ['13800001234', '13800001234'],
    ['138 0000 1234', '13800001234'],
    ['138-0000-1234', '13800001234'],
    ['(138)00001234', '13800001234'],
    ['+86 138 0000 1234', '13800001234'],
    ['+86-13800001234', '13800001234'],
    ['0086 13800001234', '13800001234'],
    ['86-13800001234', '13800001234'],
    ['013800001234', '13800001234'],
    ['１３８００００１２３４', '13800001234'],
    ['手机：13800001234', '13800001234'],
    ['Tel: 13800001234', '13800001234'],
    ['19912345678', '19912345678'],
  ])('reads the mobile %s', (input, phone) => {
    expect(normalisePhone(input)).toEqual(one(phone));
  });

  it.each([
    ['0571-88881234', '0571-88881234'],
    ['057188881234', '0571-88881234'],
    ['(0571)88881234', '0571-88881234'],
    ['0571 8888 1234', '0571-88881234'],
    ['010-62345678', '010-62345678'],
    ['021 6234 5678', '021-62345678'],
    ['0575-8123456', '0575-8123456'],
    ['+86 571 88881234', '0571-88881234'],
    ['0571-88881234转8001', '0571-88881234'],
    ['座机：0571-88881234', '0571-88881234'],
  ])('reads the landline %s', (input, phone) => {
    expect(normalisePhone(input)).toEqual(one(phone));
  });

  it('restores the area code 0 that number cells drop', () => {
    expect(normalisePhone(57188881234)).toEqual(one('0571-88881234'));
    expect(normalisePhone(1062345678)).toEqual(one('010-62345678'));
  });

  it('accepts local numbers without area code', () => {
    expect(normalisePhone('88881234')).toEqual(one('88881234'));
    expect(normalisePhone(8123456)).toEqual(one('8123456'));
  });

  it('splits cells holding several numbers', () => {
    const both = { ok: true, value: { phone: '13800001234', others: ['13900005678'] } };
    expect(normalisePhone('13800001234/13900005678')).toEqual(both);
    expect(normalisePhone('13800001234，13900005678')).toEqual(both);
    expect(normalisePhone('13800001234、13900005678')).toEqual(both);
    expect(normalisePhone('13800001234；13900005678')).toEqual(both);
    expect(normalisePhone('13800001234或13900005678')).toEqual(both);
    expect(normalisePhone('13800001234 13900005678')).toEqual(both);
    expect(normalisePhone('13800001234\n13900005678')).toEqual(both);
    expect(normalisePhone('13800001234/0571-88881234/13900005678')).toEqual({
      ok: true,
      value: { phone: '13800001234', others: ['0571-88881234', '13900005678'] },
    });
    // The same number twice, or an unusable extra, does not end up in others.
    expect(normalisePhone('13800001234/138 0000 1234')).toEqual(one('13800001234'));
    expect(normalisePhone('138****5678/13800001234')).toEqual(one('13800001234'));
    expect(normalisePhone('13800001234/无')).toEqual(one('13800001234'));
  });

  it('refuses masked numbers', () => {
    const masked = { ok: false, reason: '号码已打码，无法识别客户' };
    expect(normalisePhone('138****1234')).toEqual(masked);
    expect(normalisePhone('138＊＊＊＊1234')).toEqual(masked);
    expect(normalisePhone('138xxxx1234')).toEqual(masked);
    expect(normalisePhone('0571-****1234')).toEqual(masked);
  });

  it('gives reasons for what is not a phone number', () => {
    expect(normalisePhone(null)).toEqual({ ok: false, reason: '为空' });
    expect(normalisePhone('无')).toEqual({ ok: false, reason: '不是有效的电话号码：无' });
    expect(normalisePhone('1380000123')).toEqual({ ok: false, reason: '不是有效的电话号码：1380000123' });
    expect(normalisePhone('12800001234')).toEqual({ ok: false, reason: '不是有效的电话号码：12800001234' });
    expect(normalisePhone('138000012345')).toEqual({ ok: false, reason: '不是有效的电话号码：138000012345' });
    expect(normalisePhone('12345')).toEqual({ ok: false, reason: '不是有效的电话号码：12345' });
    expect(normalisePhone('张先生')).toEqual({ ok: false, reason: '不是有效的电话号码：张先生' });
    expect(normalisePhone(1.5)).toEqual({ ok: false, reason: '不是有效的电话号码：1.5' });
    expect(normalisePhone(Number.NaN)).toEqual({ ok: false, reason: '不是有效的电话号码：NaN' });
    expect(normalisePhone('400-800-1234')).toEqual({ ok: false, reason: '是企业服务号码（400/800），不是客户电话：400-800-1234' });
    expect(normalisePhone('+852 9123 4567')).toEqual({ ok: false, reason: '不是中国大陆的电话号码：+852 9123 4567' });
  });
});

describe('maskPhone', () => {
  it('masks mobiles in the middle', () => {
    expect(maskPhone('13800001234')).toBe('138****1234');
    expect(maskPhone('+86 138 0000 1234')).toBe('138****1234');
  });

  it('keeps the area code and the last four digits of landlines', () => {
    expect(maskPhone('0571-88881234')).toBe('0571-****1234');
    expect(maskPhone('010-62345678')).toBe('010-****5678');
    expect(maskPhone('057188881234')).toBe('0571-****1234');
    expect(maskPhone('88881234')).toBe('****1234');
  });

  it('never reveals more than the last four digits of anything else', () => {
    expect(maskPhone('12345')).toBe('****2345');
    expect(maskPhone('123')).toBe('****');
    expect(maskPhone('')).toBe('****');
  });

  it('round-trips with normalisePhone', () => {
    const n = normalisePhone(13800001234);
    expect(n.ok && maskPhone(n.value.phone)).toBe('138****1234');
  });
});
