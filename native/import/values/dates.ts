import type { PlainCell } from '../cell-value.js';
import type { Parsed } from './parse-result.js';
import { fail, ok } from './parse-result.js';
import { cellText } from './text.js';

const dayMs = 86_400_000;
// Serial 61 onwards counts days from 1899-12-30; the serials before the fake leap day are one day later.
const serialEpoch = Date.UTC(1899, 11, 30);
// 9999-12-31, Excel's last serial: beyond it Date would throw.
const maxSerial = 2_958_465;

// Excel serials are accepted only for these years: a bare number outside them is far more likely
// a count, a price or a room number than a date.
const serialYears = { min: 1950, max: 2100 } as const;
// Written dates may be older (birth dates), but not absurd.
const textYears = { min: 1900, max: 2100 } as const;

/**
 * The calendar day of an Excel serial in the 1900 date system, as 'YYYY-MM-DD'; the fractional part
 * (time of day) is ignored. Serial 60 is the 1900-02-29 that Lotus 1-2-3 invented and Excel kept:
 * it names no real day, so it gives null, as do serials below 1 and beyond 9999-12-31.
 */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial);
  if (day < 1 || day === 60 || day > maxSerial) return null;
  const offset = day < 60 ? day + 1 : day;
  return new Date(serialEpoch + offset * dayMs).toISOString().slice(0, 10);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A real calendar day, checked by a round trip through Date (2011-02-30 would roll into March). */
function calendarDate(year: number, month: number, day: number, original: string): Parsed<string> {
  if (year < textYears.min || year > textYears.max) return fail(`年份超出范围（${textYears.min}–${textYears.max} 年）：${original}`);
  const d = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || day < 1 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return fail(`日期无效：${original}`);
  }
  return ok(`${year}-${pad(month)}-${pad(day)}`);
}

function fromSerial(serial: number, original: string): Parsed<string> {
  const iso = excelSerialToIso(serial);
  const year = iso === null ? NaN : Number(iso.slice(0, 4));
  if (iso === null || year < serialYears.min || year > serialYears.max) {
    return fail(`数字不是有效的 Excel 日期（应为 ${serialYears.min}–${serialYears.max} 年间的日期序号）：${original}`);
  }
  return ok(iso);
}

const ymd = /^(\d{1,4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*[日号]?(.*)$/s;
const compact = /^(\d{4})(\d{2})(\d{2})$/;
const serialText = /^\d{5}(?:\.\d+)?$/;
const yearMonthOnly = /^\d{4}\s*(?:[-/.]|年)\s*\d{1,2}\s*月?$/;
const monthFirst = /^\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}(?!\d)/;
const twoDigitYear = /^\d{2}\s*(?:[-/.]|年)\s*\d{1,2}\s*(?:[-/.]|月)\s*\d{1,2}(?!\d)/;

// What may follow the day: a time (10:20, 10:20:30.000Z, 下午3点20分) and/or a weekday (星期二, (周二)).
const weekday = /[(（]?(?:星期|周|礼拜)[一二三四五六日天七][)）]?/g;
const clockTime = /(?:T|\s)*(?:上午|下午|晚上|早上|凌晨|中午)?\s*\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?\s*(?:am|pm|z|[+-]\d{2}:?\d{2})?/gi;
const chineseTime = /(?:上午|下午|晚上|早上|凌晨|中午)?\s*\d{1,2}[时点](?:\d{1,2}分)?(?:\d{1,2}秒)?/g;

function onlyTimeOrWeekday(rest: string): boolean {
  return rest.replace(weekday, ' ').replace(clockTime, ' ').replace(chineseTime, ' ').replace(/[\s,，]+/g, '') === '';
}

// What date cells are read as: the checks below would all pass it through to calendarDate.
const isoDay = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function parseText(text: string): Parsed<string> {
  const iso = isoDay.exec(text);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]), text);
  const c = compact.exec(text);
  if (c) return calendarDate(Number(c[1]), Number(c[2]), Number(c[3]), text);
  if (serialText.test(text)) return fromSerial(Number(text), text);
  if (twoDigitYear.test(text)) return fail(`两位数年份无法确定世纪，请写成四位年份：${text}`);
  if (monthFirst.test(text)) return fail(`日期不是年月日顺序，无法区分月和日：${text}`);
  if (yearMonthOnly.test(text)) return fail(`日期缺少日：${text}`);
  const m = ymd.exec(text);
  if (!m || m[1]?.length !== 4 || !onlyTimeOrWeekday(m[4] ?? '')) return fail(`不是可识别的日期：${text}`);
  return calendarDate(Number(m[1]), Number(m[2]), Number(m[3]), text);
}

/**
 * A date cell as ISO 'YYYY-MM-DD': Excel serials (number cells, or 5-digit text), 20110503, and written
 * dates year-first with - / . or 年月日, optionally followed by a time or weekday, which are dropped.
 * Two-digit years and month-first dates are refused rather than guessed.
 */
export function parseDate(cell: PlainCell): Parsed<string> {
  const text = cellText(cell);
  if (text === null) return fail('为空');
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail(`不是有效的日期：${text}`);
    // An integral 8-digit number is a compact date typed into a number cell, not a serial (year 57000).
    if (Number.isInteger(cell) && cell >= 10_000_000 && cell <= 99_999_999) return parseText(text);
    return fromSerial(cell, text);
  }
  return parseText(text);
}
