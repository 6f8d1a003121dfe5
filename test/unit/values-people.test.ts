import { describe, expect, it } from 'vitest';
import { ageBand, ageBands, parseAge, parseGender } from '../../native/import/values/index.js';

describe('parseGender', () => {
  it.each([
    ['男', '男'], ['女', '女'], ['男性', '男'], ['女性', '女'], ['男士', '男'], ['女士', '女'], ['先生', '男'], ['小姐', '女'],
    ['M', '男'], ['F', '女'], ['m', '男'], ['f', '女'], ['Male', '男'], ['FEMALE', '女'], ['Ｍ', '男'], [' 女 ', '女'],
    ['张先生', '男'], ['王女士', '女'], [1, '男'], [2, '女'], ['1', '男'], ['2', '女'],
  ] as const)('reads %s as %s', (input, gender) => {
    expect(parseGender(input)).toEqual({ ok: true, value: gender });
  });

  it('refuses couples, unknowns and garbage with a reason', () => {
    expect(parseGender(null)).toEqual({ ok: false, reason: '为空' });
    expect(parseGender('夫妻')).toEqual({ ok: false, reason: '是多人（夫妻/家庭），无法确定性别：夫妻' });
    expect(parseGender('男/女')).toEqual({ ok: false, reason: '是多人（夫妻/家庭），无法确定性别：男/女' });
    expect(parseGender('一家三口')).toEqual({ ok: false, reason: '是多人（夫妻/家庭），无法确定性别：一家三口' });
    expect(parseGender('不详')).toEqual({ ok: false, reason: '性别不详：不详' });
    expect(parseGender(0)).toEqual({ ok: false, reason: '性别不详：0' });
    expect(parseGender('张三')).toEqual({ ok: false, reason: '不是可识别的性别：张三' });
    expect(parseGender(3)).toEqual({ ok: false, reason: '不是可识别的性别：3' });
  });
});

describe('ageBand', () => {
  it('puts ages into the profile bands', () => {
    expect(ageBands).toEqual(['25岁以下', '25-30', '31-35', '36-40', '41-50', '51-60', '60岁以上']);
    expect([24, 25, 30, 31, 35, 36, 40, 41, 50, 51, 60, 61].map(ageBand)).toEqual([
      '25岁以下', '25-30', '25-30', '31-35', '31-35', '36-40', '36-40', '41-50', '41-50', '51-60', '51-60', '60岁以上',
    ]);
  });
});

describe('parseAge', () => {
  it('reads ages', () => {
    expect(parseAge(35)).toEqual({ ok: true, value: { age: 35, band: '31-35' } });
    expect(parseAge(35.8)).toEqual({ ok: true, value: { age: 35, band: '31-35' } });
    expect(parseAge('35')).toEqual({ ok: true, value: { age: 35, band: '31-35' } });
    expect(parseAge('35岁')).toEqual({ ok: true, value: { age: 35, band: '31-35' } });
    expect(parseAge('35周岁')).toEqual({ ok: true, value: { age: 35, band: '31-35' } });
    expect(parseAge('约45岁')).toEqual({ ok: true, value: { age: 45, band: '41-50' } });
    expect(parseAge('28左右')).toEqual({ ok: true, value: { age: 28, band: '25-30' } });
    expect(parseAge('３５岁')).toEqual({ ok: true, value: { age: 35, band: '31-35' } });
    expect(parseAge(22)).toEqual({ ok: true, value: { age: 22, band: '25岁以下' } });
    expect(parseAge(66)).toEqual({ ok: true, value: { age: 66, band: '60岁以上' } });
  });

  it('turns birth years and birth dates into ages with a reference year', () => {
    expect(parseAge('1988年生', 2024)).toEqual({ ok: true, value: { age: 36, band: '36-40' } });
    expect(parseAge('1988年出生', 2024)).toEqual({ ok: true, value: { age: 36, band: '36-40' } });
    expect(parseAge('1988年', 2024)).toEqual({ ok: true, value: { age: 36, band: '36-40' } });
    expect(parseAge(1988, 2024)).toEqual({ ok: true, value: { age: 36, band: '36-40' } });
    expect(parseAge('1988-05-03', 2024)).toEqual({ ok: true, value: { age: 36, band: '36-40' } });
    expect(parseAge('1988年5月3日', 2024)).toEqual({ ok: true, value: { age: 36, band: '36-40' } });
  });

  it('refuses birth years without a reference year', () => {
    expect(parseAge('1988年生')).toEqual({ ok: false, reason: '是出生年份，需要参考年份才能算出年龄：1988年生' });
    expect(parseAge(1988)).toEqual({ ok: false, reason: '是出生年份，需要参考年份才能算出年龄：1988' });
    expect(parseAge('1988-05-03')).toEqual({ ok: false, reason: '是出生年份，需要参考年份才能算出年龄：1988-05-03' });
  });

  it('keeps ranges and bounds as bands', () => {
    expect(parseAge('30-40')).toEqual({ ok: true, value: { band: '30-40' } });
    expect(parseAge('30~40岁')).toEqual({ ok: true, value: { band: '30-40' } });
    expect(parseAge('30岁-40岁')).toEqual({ ok: true, value: { band: '30-40' } });
    expect(parseAge('31至35')).toEqual({ ok: true, value: { band: '31-35' } });
    expect(parseAge('25岁以下')).toEqual({ ok: true, value: { band: '25岁以下' } });
    expect(parseAge('60岁以上')).toEqual({ ok: true, value: { band: '60岁以上' } });
    expect(parseAge('60+')).toEqual({ ok: true, value: { band: '60岁以上' } });
    expect(parseAge('<25')).toEqual({ ok: true, value: { band: '25岁以下' } });
    expect(parseAge('＞60岁')).toEqual({ ok: true, value: { band: '60岁以上' } });
  });

  it('gives reasons for implausible or unreadable ages', () => {
    expect(parseAge(null)).toEqual({ ok: false, reason: '为空' });
    expect(parseAge(3)).toEqual({ ok: false, reason: '年龄不合理（应在 16–100 岁之间）：3' });
    expect(parseAge('135岁')).toEqual({ ok: false, reason: '年龄不合理（应在 16–100 岁之间）：135岁' });
    expect(parseAge('2020年生', 2024)).toEqual({ ok: false, reason: '年龄不合理（应在 16–100 岁之间）：2020年生' });
    expect(parseAge('40-30')).toEqual({ ok: false, reason: '年龄范围无效：40-30' });
    expect(parseAge('88年生', 2024)).toEqual({ ok: false, reason: '是出生年代，两位数年份无法换算成年龄：88年生' });
    expect(parseAge('80后', 2024)).toEqual({ ok: false, reason: '是出生年代，两位数年份无法换算成年龄：80后' });
    expect(parseAge('1850年', 2024)).toEqual({ ok: false, reason: '不是有效的年龄：1850年' });
    expect(parseAge('中年')).toEqual({ ok: false, reason: '不是可识别的年龄：中年' });
    expect(parseAge(Number.NaN)).toEqual({ ok: false, reason: '不是有效的年龄：NaN' });
  });
});
