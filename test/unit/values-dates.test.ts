import { describe, expect, it } from 'vitest';
import { excelSerialToIso, parseDate } from '../../native/import/values/index.js';

describe('excelSerialToIso', () => {
  it('converts serials in the 1900 date system', () => {
    expect(excelSerialToIso(40666)).toBe('2011-05-03');
    expect(excelSerialToIso(18264)).toBe('1950-01-01');
    expect(excelSerialToIso(73415)).toBe('2100-12-31');
    expect(excelSerialToIso(45292)).toBe('2024-01-01');
  });

  it('keeps the Lotus leap-year bug: serial 60 is the fake 1900-02-29', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeNull();
    expect(excelSerialToIso(61)).toBe('1900-03-01');
  });

  it('ignores the time of day and refuses serials that name no day', () => {
    expect(excelSerialToIso(40666.75)).toBe('2011-05-03');
    expect(excelSerialToIso(0)).toBeNull();
    expect(excelSerialToIso(-5)).toBeNull();
    expect(excelSerialToIso(Number.NaN)).toBeNull();
    expect(excelSerialToIso(1e12)).toBeNull();
  });
});

describe('parseDate', () => {
  it('reads Excel serials from number cells and 5-digit text', () => {
    expect(parseDate(40666)).toEqual({ ok: true, value: '2011-05-03' });
    expect(parseDate(40666.4305)).toEqual({ ok: true, value: '2011-05-03' });
    expect(parseDate('40666')).toEqual({ ok: true, value: '2011-05-03' });
  });

  it('accepts serials only for 1950–2100', () => {
    const reason = (n: number) => `数字不是有效的 Excel 日期（应为 1950–2100 年间的日期序号）：${n}`;
    expect(parseDate(2011)).toEqual({ ok: false, reason: reason(2011) });
    expect(parseDate(60)).toEqual({ ok: false, reason: reason(60) });
    expect(parseDate(18263)).toEqual({ ok: false, reason: reason(18263) });
    expect(parseDate(73416)).toEqual({ ok: false, reason: reason(73416) });
    expect(parseDate(-3)).toEqual({ ok: false, reason: reason(-3) });
    expect(parseDate(18264)).toEqual({ ok: true, value: '1950-01-01' });
  });

  it.each([
    ['2011/5/3', '2011-05-03'],
    ['2011-05-03', '2011-05-03'],
    ['2011-5-3 10:20', '2011-05-03'],
    ['2011年5月3日', '2011-05-03'],
    ['2011年05月03日 星期二', '2011-05-03'],
    ['2011年5月3号', '2011-05-03'],
    ['2011.05.03', '2011-05-03'],
    ['20110503', '2011-05-03'],
    ['2011/05/03 10:20:30', '2011-05-03'],
    ['2011-05-03T10:20:30.000Z', '2011-05-03'],
    ['2011/5/3 下午3:20', '2011-05-03'],
    ['2011年5月3日 14时30分', '2011-05-03'],
    ['2011-05-03（周二）', '2011-05-03'],
    ['２０１１－０５－０３', '2011-05-03'],
    [' 2011 年 5 月 3 日 ', '2011-05-03'],
    ['1988-02-29', '1988-02-29'],
    ['2000-02-29', '2000-02-29'],
  ])('reads %s', (input, iso) => {
    expect(parseDate(input)).toEqual({ ok: true, value: iso });
  });

  it('reads compact dates typed into number cells', () => {
    expect(parseDate(20110503)).toEqual({ ok: true, value: '2011-05-03' });
    expect(parseDate(20110230)).toEqual({ ok: false, reason: '日期无效：20110230' });
  });

  it('refuses invalid calendar dates', () => {
    expect(parseDate('2011-02-30')).toEqual({ ok: false, reason: '日期无效：2011-02-30' });
    expect(parseDate('2011-02-29')).toEqual({ ok: false, reason: '日期无效：2011-02-29' });
    expect(parseDate('1900-02-29')).toEqual({ ok: false, reason: '日期无效：1900-02-29' });
    expect(parseDate('2011/13/01')).toEqual({ ok: false, reason: '日期无效：2011/13/01' });
    expect(parseDate('2011年4月31日')).toEqual({ ok: false, reason: '日期无效：2011年4月31日' });
    expect(parseDate('2011-00-10')).toEqual({ ok: false, reason: '日期无效：2011-00-10' });
  });

  it('refuses two-digit years instead of guessing the century', () => {
    expect(parseDate('11/5/3')).toEqual({ ok: false, reason: '两位数年份无法确定世纪，请写成四位年份：11/5/3' });
    expect(parseDate('11年5月3日')).toEqual({ ok: false, reason: '两位数年份无法确定世纪，请写成四位年份：11年5月3日' });
    expect(parseDate('88-05-03')).toEqual({ ok: false, reason: '两位数年份无法确定世纪，请写成四位年份：88-05-03' });
  });

  it('refuses month-first dates, partial dates and years out of range', () => {
    expect(parseDate('5/3/2011')).toEqual({ ok: false, reason: '日期不是年月日顺序，无法区分月和日：5/3/2011' });
    expect(parseDate('2011年5月')).toEqual({ ok: false, reason: '日期缺少日：2011年5月' });
    expect(parseDate('2011-05')).toEqual({ ok: false, reason: '日期缺少日：2011-05' });
    // exceljs gives time-only cells the date 1899-12-30.
    expect(parseDate('1899-12-30')).toEqual({ ok: false, reason: '年份超出范围（1900–2100 年）：1899-12-30' });
    expect(parseDate('2201-01-01')).toEqual({ ok: false, reason: '年份超出范围（1900–2100 年）：2201-01-01' });
  });

  it('never throws on garbage', () => {
    expect(parseDate(null)).toEqual({ ok: false, reason: '为空' });
    expect(parseDate('   ')).toEqual({ ok: false, reason: '为空' });
    expect(parseDate('明天')).toEqual({ ok: false, reason: '不是可识别的日期：明天' });
    expect(parseDate('2011-05-03 备注')).toEqual({ ok: false, reason: '不是可识别的日期：2011-05-03 备注' });
    expect(parseDate('2011-05-031')).toEqual({ ok: false, reason: '不是可识别的日期：2011-05-031' });
    expect(parseDate('211-05-03')).toEqual({ ok: false, reason: '不是可识别的日期：211-05-03' });
    expect(parseDate(Number.NaN)).toEqual({ ok: false, reason: '不是有效的日期：NaN' });
    expect(parseDate(Number.POSITIVE_INFINITY)).toEqual({ ok: false, reason: '不是有效的日期：Infinity' });
  });
});
