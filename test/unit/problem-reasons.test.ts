import { describe, expect, it } from 'vitest';
import type { Parsed } from '../../native/import/values/index.js';
import { normalisePhone, parseAge, parseArea, parseDate, parseGender, parseNumber, parsePrice } from '../../native/import/values/index.js';
import { translate } from '../../renderer/i18n/i18n.js';
import { englishReason, problemReason } from '../../renderer/i18n/problem-reasons.js';

const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>): string => translate('en', key, vars);
const cjk = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

function reasonOf(parsed: Parsed<unknown>): string {
  if (parsed.ok) throw new Error('expected a refusal');
  return parsed.reason;
}

describe('import problem reasons in the English UI', () => {
  // Each refusal as the engine words it today, from the engine's own parsers: a rewording that no rule matches fails here.
  const refusals: Array<[string, string]> = [
    [reasonOf(parseGender('夫妻')), ''],
    [reasonOf(parseGender('未知')), ''],
    [reasonOf(parseGender('xyz')), 'xyz'],
    [reasonOf(parseAge('300')), '300'],
    [reasonOf(parseAge('abc')), 'abc'],
    [reasonOf(normalisePhone('400-800-1234')), ''],
    [reasonOf(normalisePhone('138****1234')), ''],
    [reasonOf(normalisePhone('12ab')), '12ab'],
    [reasonOf(parseNumber('90-120')), '90-120'],
    [reasonOf(parseNumber('abc')), 'abc'],
    [reasonOf(parseNumber('1,23,4')), '1,23,4'],
    [reasonOf(parseArea('-5')), '-5'],
    [reasonOf(parseArea('300万')), ''],
    [reasonOf(parsePrice('0')), '0'],
    [reasonOf(parsePrice('120㎡')), ''],
    [reasonOf(parseDate('24/3/1')), '24/3/1'],
    [reasonOf(parseDate('3/15/2024')), '3/15/2024'],
    [reasonOf(parseDate('2024年3月')), ''],
    [reasonOf(parseDate('hello')), 'hello'],
  ];

  it.each(refusals)('%s', (reason, value) => {
    const english = englishReason(reason, t);
    expect(english).not.toBeNull();
    // Only the cell's own value may keep its characters.
    const withoutValue = (english ?? '').replace(reason.split('：').slice(1).join('：'), '');
    expect(withoutValue).not.toMatch(cjk);
    if (value !== '') expect(english).toContain(value);
  });

  it('says the pipeline’s own reasons in English, keeping data such as the place found', () => {
    expect(englishReason('经度不是数字：东经120度', t)).toBe('Longitude is not a number: 东经120度');
    expect(englishReason('仅定位到城市（杭州市（名称未识别，暂放在项目城市中心 上城区）），待核对', t)).toBe('Placed only at City level (杭州市: name not recognised, parked at the city centre 上城区); to review');
    expect(englishReason('工作地点无法定位：未设置地图服务 Key 或处于离线状态', t)).toBe('Work place could not be placed: no map service key, or offline');
    expect(englishReason('距本批其他客户约 812 公里，请核对坐标', t)).toBe('About 812 km from the rest of this import; check the coordinates');
  });

  it('falls back to the severity in English, and leaves Chinese as the engine wrote it', () => {
    expect(problemReason('某个将来的新原因', 'error', 'en', t)).toBe(t('import.reason.otherError'));
    expect(problemReason('某个将来的新原因', 'flag', 'en', t)).not.toMatch(cjk);
    expect(problemReason('经度为空', 'error', 'zh-CN', t)).toBe('经度为空');
  });
});
