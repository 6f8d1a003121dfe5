import type { PlainCell } from '../cell-value.js';
import { parseDate } from './dates.js';
import type { Parsed } from './parse-result.js';
import { fail, ok } from './parse-result.js';
import { cellText } from './text.js';

export type Gender = '男' | '女';

// 1 and 2 are the GB/T 2261.1 codes that HR and government exports use.
const genderWords: Readonly<Record<string, Gender>> = {
  男: '男', 男性: '男', 男士: '男', 先生: '男', m: '男', male: '男', man: '男', 1: '男',
  女: '女', 女性: '女', 女士: '女', 小姐: '女', 太太: '女', 夫人: '女', f: '女', female: '女', woman: '女', 2: '女',
};
const unknownGender = /^(?:未知|不详|未填|未说明|0|9|-|\/|\?)$/;
const severalPeople = /夫妻|夫妇|情侣|一家|家庭|全家|男女|女男|男\/女|女\/男|男、女/;

/** 男/女 from a gender cell: 男/女, 男士/女士, 先生/小姐, M/F, GB/T 2261.1 codes 1/2, even 张先生. */
export function parseGender(cell: PlainCell): Parsed<Gender> {
  const text = cellText(cell);
  if (text === null) return fail('为空');
  const t = text.replace(/\s+/g, '').toLowerCase();
  const direct = genderWords[t];
  if (direct !== undefined) return ok(direct);
  if (severalPeople.test(t)) return fail(`是多人（夫妻/家庭），无法确定性别：${text}`);
  if (unknownGender.test(t)) return fail(`性别不详：${text}`);
  if (t.endsWith('先生')) return ok('男');
  if (/(?:女士|小姐|太太)$/.test(t)) return ok('女');
  return fail(`不是可识别的性别：${text}`);
}

/** The age bands used in buyer profiles; 25岁以下 is under 25, 60岁以上 over 60. */
export const ageBands = ['25岁以下', '25-30', '31-35', '36-40', '41-50', '51-60', '60岁以上'] as const;
export type AgeBand = (typeof ageBands)[number];

export function ageBand(age: number): AgeBand {
  if (age < 25) return '25岁以下';
  if (age <= 30) return '25-30';
  if (age <= 35) return '31-35';
  if (age <= 40) return '36-40';
  if (age <= 50) return '41-50';
  if (age <= 60) return '51-60';
  return '60岁以上';
}

export interface AgeValue {
  /** Whole years, when the cell gave one age; absent for a range such as 30-40. */
  age?: number;
  /** A standard band when the age is known, otherwise the band as written (30-40, 30岁以下). */
  band: string;
}

// Buyers and visitors; anything outside is a typo or a different column.
const ages = { min: 16, max: 100 } as const;

function plausible(age: number): boolean {
  return age >= ages.min && age <= ages.max;
}

function fromAge(age: number, text: string): Parsed<AgeValue> {
  const whole = Math.floor(age);
  if (!plausible(whole)) return fail(`年龄不合理（应在 ${ages.min}–${ages.max} 岁之间）：${text}`);
  return ok({ age: whole, band: ageBand(whole) });
}

function fromBirthYear(year: number, text: string, referenceYear: number | undefined): Parsed<AgeValue> {
  if (referenceYear === undefined) return fail(`是出生年份，需要参考年份才能算出年龄：${text}`);
  return fromAge(referenceYear - year, text);
}

const single = /^(?:大约|约)?(\d{1,3}(?:\.\d+)?)(?:周岁|岁)?(?:左右|上下)?$/;
const birthYear = /^(\d{4})(?:年)?(?:生|出生|生人)?$/;
const twoDigitBirth = /^(\d{2})(?:年(?:生|出生)?|后)$/;
const range = /^(\d{1,3})(?:周岁|岁)?(?:-{1,2}|~|—{1,2}|–|至|到)(\d{1,3})(?:周岁|岁)?$/;
const bound = /^(\d{1,3})(?:周岁|岁)?(及以下|以下|及以上|以上|\+)$/;
const comparison = /^([<>])=?(\d{1,3})(?:周岁|岁)?$/;

/**
 * An age cell: 35, '35岁', '35周岁'; birth years (1988, '1988年生') and birth dates need referenceYear
 * (the pure function never reads the clock); ranges ('30-40') and bounds ('60岁以上') keep the band as
 * written. Two-digit years and 80后 are refused: they name a decade, not an age.
 */
export function parseAge(cell: PlainCell, referenceYear?: number): Parsed<AgeValue> {
  const text = cellText(cell);
  if (text === null) return fail('为空');
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail(`不是有效的年龄：${text}`);
    if (cell >= 1900 && cell <= 2100 && Number.isInteger(cell)) return fromBirthYear(cell, text, referenceYear);
    return fromAge(cell, text);
  }
  const t = text.replace(/\s+/g, '').replace(/＜/g, '<').replace(/＞/g, '>');

  const born = birthYear.exec(t);
  if (born) {
    const year = Number(born[1]);
    if (year >= 1900 && year <= 2100) return fromBirthYear(year, text, referenceYear);
    return fail(`不是有效的年龄：${text}`);
  }
  const one = single.exec(t);
  if (one) return fromAge(Number(one[1]), text);
  if (twoDigitBirth.test(t)) return fail(`是出生年代，两位数年份无法换算成年龄：${text}`);

  const r = range.exec(t);
  if (r) {
    const lo = Number(r[1]);
    const hi = Number(r[2]);
    if (lo >= hi || !plausible(hi) || lo < 0) return fail(`年龄范围无效：${text}`);
    return ok({ band: `${lo}-${hi}` });
  }
  const b = bound.exec(t);
  if (b) {
    const n = Number(b[1]);
    return ok({ band: b[2]?.includes('下') ? `${n}岁以下` : `${n}岁以上` });
  }
  const c = comparison.exec(t);
  if (c) return ok({ band: c[1] === '<' ? `${c[2] ?? ''}岁以下` : `${c[2] ?? ''}岁以上` });

  // A birth date such as 1988-05-03 or 1988年5月3日: only the year counts, the band is coarse anyway.
  const date = parseDate(cell);
  if (date.ok) return fromBirthYear(Number(date.value.slice(0, 4)), text, referenceYear);
  return fail(`不是可识别的年龄：${text}`);
}
