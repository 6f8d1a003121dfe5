import { describe, expect, it } from 'vitest';
import { parseArea, parseNumber, parsePrice } from '../../native/import/values/index.js';

describe('parseNumber', () => {
  it.each([
    [128, 128],
    [128.5, 128.5],
    ['128', 128],
    ['128㎡', 128],
    ['128m²', 128],
    ['128 m2', 128],
    ['128M2', 128],
    ['128平米', 128],
    ['128平方米', 128],
    ['128平', 128],
    ['128.5 ㎡', 128.5],
    ['1,234', 1234],
    ['1，234', 1234],
    ['1,234,567.89', 1234567.89],
    ['1.2万', 12000],
    ['350万元', 3_500_000],
    ['3.5亿', 350_000_000],
    ['350w', 3_500_000],
    ['5千', 5000],
    ['¥1,234,567', 1_234_567],
    ['￥1,234,567元', 1_234_567],
    ['RMB 3500', 3500],
    ['１２８', 128],
    ['１２８．５㎡', 128.5],
    ['约128㎡', 128],
    ['-5', -5],
    ['.5', 0.5],
    ['0.07万', 700],
    ['1.2万㎡', 12000],
  ])('reads %s', (input, value) => {
    expect(parseNumber(input)).toEqual({ ok: true, value });
  });

  it('refuses ranges instead of averaging them', () => {
    expect(parseNumber('90-120')).toEqual({ ok: false, reason: '是范围而不是数字：90-120' });
    expect(parseNumber('90~120㎡')).toEqual({ ok: false, reason: '是范围而不是数字：90~120㎡' });
    expect(parseNumber('90㎡—120㎡')).toEqual({ ok: false, reason: '是范围而不是数字：90㎡—120㎡' });
    expect(parseNumber('300至400万')).toEqual({ ok: false, reason: '是范围而不是数字：300至400万' });
    expect(parseNumber('１２０～１４４')).toEqual({ ok: false, reason: '是范围而不是数字：120~144' });
  });

  it('gives a reason for everything else', () => {
    expect(parseNumber(null)).toEqual({ ok: false, reason: '为空' });
    expect(parseNumber(' ')).toEqual({ ok: false, reason: '为空' });
    expect(parseNumber(Number.NaN)).toEqual({ ok: false, reason: '不是有效数字：NaN' });
    expect(parseNumber('待定')).toEqual({ ok: false, reason: '不是数字：待定' });
    expect(parseNumber('128套')).toEqual({ ok: false, reason: '带有无法识别的单位“套”：128套' });
    expect(parseNumber('35%')).toEqual({ ok: false, reason: '带有无法识别的单位“%”：35%' });
    expect(parseNumber('1,23')).toEqual({ ok: false, reason: '千分位分隔不正确：1,23' });
    expect(parseNumber('12,34,567')).toEqual({ ok: false, reason: '千分位分隔不正确：12,34,567' });
    expect(parseNumber('¥128㎡')).toEqual({ ok: false, reason: '单位自相矛盾：¥128㎡' });
    expect(parseNumber('128 130')).toEqual({ ok: false, reason: '包含多个数字：128 130' });
    expect(parseNumber('128/130')).toEqual({ ok: false, reason: '包含多个数字：128/130' });
  });
});

describe('parseArea', () => {
  it('reads areas in ㎡', () => {
    expect(parseArea('89.5㎡')).toEqual({ ok: true, value: 89.5 });
    expect(parseArea(144)).toEqual({ ok: true, value: 144 });
    expect(parseArea('1.2万平方米')).toEqual({ ok: true, value: 12000 });
    expect(parseArea('100000')).toEqual({ ok: true, value: 100000 });
  });

  it('refuses zero, absurd sizes, money and ranges', () => {
    expect(parseArea(0)).toEqual({ ok: false, reason: '面积必须大于 0：0' });
    expect(parseArea('-90')).toEqual({ ok: false, reason: '面积必须大于 0：-90' });
    expect(parseArea('100001')).toEqual({ ok: false, reason: '面积过大（超过 100000㎡）：100001' });
    expect(parseArea('350万元')).toEqual({ ok: false, reason: '是金额而不是面积：350万元' });
    expect(parseArea('90-120㎡')).toEqual({ ok: false, reason: '是范围而不是数字：90-120㎡' });
    expect(parseArea(null)).toEqual({ ok: false, reason: '为空' });
  });
});

describe('parsePrice', () => {
  it('trusts units written in the cell', () => {
    expect(parsePrice('350万')).toEqual({ ok: true, value: 3_500_000 });
    expect(parsePrice('350万元', '总价(元)')).toEqual({ ok: true, value: 3_500_000 });
    expect(parsePrice('1.05亿')).toEqual({ ok: true, value: 105_000_000 });
    expect(parsePrice('¥3,500,000')).toEqual({ ok: true, value: 3_500_000 });
    expect(parsePrice('3500000元', '总价(万元)')).toEqual({ ok: true, value: 3_500_000 });
  });

  it('follows a header that declares the unit', () => {
    expect(parsePrice(350, '总价(万元)')).toEqual({ ok: true, value: 3_500_000 });
    expect(parsePrice('350.5', '成交总价万元')).toEqual({ ok: true, value: 3_505_000 });
    expect(parsePrice(12000, '总价（万）')).toEqual({ ok: true, value: 120_000_000 });
    expect(parsePrice(3_500_000, '总价(元)')).toEqual({ ok: true, value: 3_500_000 });
    expect(parsePrice('３５０', '总价（万元）')).toEqual({ ok: true, value: 3_500_000 });
  });

  it('reads plain numbers under 10000 as 万元 and larger ones as 元', () => {
    expect(parsePrice(350)).toEqual({ ok: true, value: 3_500_000 });
    expect(parsePrice('289.66', '总价')).toEqual({ ok: true, value: 2_896_600 });
    expect(parsePrice(9999)).toEqual({ ok: true, value: 99_990_000 });
    expect(parsePrice(10000)).toEqual({ ok: true, value: 10000 });
    expect(parsePrice('3,500,000')).toEqual({ ok: true, value: 3_500_000 });
  });

  it('refuses prices in the wrong unit, areas and empties', () => {
    expect(parsePrice(350, '总价(元)')).toEqual({ ok: false, reason: '总价不足 1 万元，请检查单位：350' });
    expect(parsePrice('350元')).toEqual({ ok: false, reason: '总价不足 1 万元，请检查单位：350元' });
    expect(parsePrice(0.5)).toEqual({ ok: false, reason: '总价不足 1 万元，请检查单位：0.5' });
    expect(parsePrice(3_500_000, '总价(万元)')).toEqual({ ok: false, reason: '总价超过 100 亿元，请检查单位：3500000' });
    expect(parsePrice(0)).toEqual({ ok: false, reason: '总价必须大于 0：0' });
    expect(parsePrice('128㎡')).toEqual({ ok: false, reason: '是面积而不是金额：128㎡' });
    expect(parsePrice('300-400万')).toEqual({ ok: false, reason: '是范围而不是数字：300-400万' });
    expect(parsePrice(null, '总价(万元)')).toEqual({ ok: false, reason: '为空' });
  });
});
