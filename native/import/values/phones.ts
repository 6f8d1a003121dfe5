import type { PlainCell } from '../cell-value.js';
import type { Parsed } from './parse-result.js';
import { fail, ok } from './parse-result.js';
import { cellText, toHalfWidth } from './text.js';

export interface PhoneNumbers {
  /** The first usable number: a mobile '13800001234', a landline '0571-88881234', or a local '88881234'. */
  phone: string;
  /** Further usable numbers in the same cell, normalised the same way. */
  others: string[];
}

const maskedReason = '号码已打码，无法识别客户';

// Between numbers in one cell: 138…/139…, 138…、139…, 138…或139…
const separators = /[/\\,;|\n\r、]+|或/;
const labels = /(?:手机号码|手机号|手机|电话号码|电话|座机|固话|联系方式|办公室?|住宅|家里|家庭|tel|mobile|phone)[:：]?/gi;
const extension = /(?:转|分机|ext\.?|x)\s*\d{1,6}$/i;
const masked = /[*]|[x×]{2,}/i;

const mobile = /^1[3-9]\d{9}$/;
// Beijing 010 and 02x have 3-digit area codes, the rest 4; a local number never starts with 0 or 1.
const landline3 = /^(0(?:10|2\d))([2-9]\d{7})$/;
const landline4 = /^(0[3-9]\d{2})([2-9]\d{6,7})$/;
const local = /^[2-9]\d{6,7}$/;
const missingTrunk = /^(?:(?:10|2\d)[2-9]\d{7}|[3-9]\d{2}[2-9]\d{6,7})$/;
const serviceNumber = /^(?:400|800)\d{7}$/;

function normaliseOne(raw: string): Parsed<string> {
  const text = toHalfWidth(raw).trim();
  if (masked.test(text)) return fail(maskedReason);
  const cleaned = text.replace(labels, '').replace(/\.0+$/, '').trim().replace(extension, '');
  const compact = cleaned.replace(/[\s\-—–()[\].]/g, '');
  if (!/^\+?\d+$/.test(compact)) return fail(`不是有效的电话号码：${raw}`);
  const plus = compact.startsWith('+');
  let digits = compact.replace('+', '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (plus && digits.startsWith('86')) digits = digits.slice(2);
  else if (plus) return fail(`不是中国大陆的电话号码：${raw}`);
  else if (/^861[3-9]\d{9}$/.test(digits)) digits = digits.slice(2);
  if (serviceNumber.test(digits)) return fail(`是企业服务号码（400/800），不是客户电话：${raw}`);
  // Out-of-town mobiles were dialled with a leading 0; international form and number cells drop the
  // trunk 0 of an area code (0571… stored as the number 571…). Neither is ambiguous with a mobile.
  if (/^01[3-9]\d{9}$/.test(digits)) digits = digits.slice(1);
  if (missingTrunk.test(digits)) digits = `0${digits}`;
  if (mobile.test(digits)) return ok(digits);
  const land = landline3.exec(digits) ?? landline4.exec(digits);
  if (land) return ok(`${land[1] ?? ''}-${land[2] ?? ''}`);
  if (local.test(digits)) return ok(digits);
  return fail(`不是有效的电话号码：${raw}`);
}

/** One part of the cell, which may still be several numbers separated only by spaces. */
function normalisePart(part: string): Parsed<string>[] {
  const whole = normaliseOne(part);
  if (whole.ok) return [whole];
  const pieces = part.trim().split(/\s+/);
  if (pieces.length > 1) {
    const each = pieces.map(normaliseOne);
    if (each.every((p) => p.ok)) return each;
  }
  return [whole];
}

/**
 * A phone cell as text. Number cells are written without exponent or '.0'; +86/0086/86 prefixes, spaces,
 * dashes, brackets, labels (手机：) and extensions (转123) are dropped; full-width digits are read.
 * Several numbers in one cell: the first usable one is the phone, the other usable ones go to others,
 * and unusable extras are dropped (the caller keeps the original cell). Masked numbers are refused:
 * they cannot identify a customer.
 */
export function normalisePhone(cell: PlainCell): Parsed<PhoneNumbers> {
  if (typeof cell === 'number' && !Number.isInteger(cell)) return fail(`不是有效的电话号码：${String(cell)}`);
  const text = cellText(cell);
  if (text === null) return fail('为空');
  // Most cells hold one plain mobile number, which every step below would leave as it is.
  if (mobile.test(text)) return ok({ phone: text, others: [] });
  const results = text
    .split(separators)
    .filter((p) => p.trim() !== '')
    .flatMap(normalisePart);
  const found: string[] = [];
  for (const r of results) if (r.ok && !found.includes(r.value)) found.push(r.value);
  const [phone, ...others] = found;
  if (phone !== undefined) return ok({ phone, others });
  const first = results[0];
  return first && !first.ok ? first : fail(`不是有效的电话号码：${text}`);
}

/** A phone for lists that leave the office: 138****1234, 0571-****1234, ****1234. */
export function maskPhone(phone: string): string {
  const text = toHalfWidth(phone).trim();
  if (mobile.test(text)) return `${text.slice(0, 3)}****${text.slice(7)}`;
  const land = /^(0\d{2,3})-(\d{7,8})$/.exec(text);
  if (land) return `${land[1] ?? ''}-****${(land[2] ?? '').slice(-4)}`;
  const parsed = normaliseOne(text);
  if (parsed.ok && parsed.value !== text) return maskPhone(parsed.value);
  const digits = text.replace(/\D/g, '');
  return `****${digits.length > 4 ? digits.slice(-4) : ''}`;
}
