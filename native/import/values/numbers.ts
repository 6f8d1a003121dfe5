import type { PlainCell } from '../cell-value.js';
import type { Parsed } from './parse-result.js';
import { fail, ok } from './parse-result.js';
import { cellText, toHalfWidth } from './text.js';

type UnitKind = 'area' | 'money';

/** A number read from a cell, with what its text said about the unit. */
interface Quantity {
  value: number;
  kind: UnitKind | null;
  /** True when the text itself carried 万/亿/千, so the value is already in base units. */
  scaled: boolean;
  text: string;
}

// Powers of ten written after the number; 'w' is how sales staff type 万 ("350w").
const multipliers: Readonly<Record<string, number>> = { 千: 3, 万: 4, w: 4, 亿: 8 };
const units: Readonly<Record<string, UnitKind>> = {
  '㎡': 'area',
  'm²': 'area',
  m2: 'area',
  平米: 'area',
  平方米: 'area',
  平方: 'area',
  平: 'area',
  元: 'money',
  块: 'money',
  人民币: 'money',
};

const moneyPrefix = /^(?:¥|￥|rmb|cny|人民币)/i;
const approxPrefix = /^(?:大约|约|共|计)/;
const rangeSeparator = /^[+-]?[\d.,]+[^\d\-~—–至到]{0,5}(?:-{1,2}|~|—{1,2}|–|至|到)\s*\d/;
const leadingNumber = /^([+-]?)((?:\d[\d,]*)?\d(?:\.\d+)?|\.\d+)(.*)$/s;
const groupedThousands = /^\d{1,3}(?:,\d{3})+$/;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The cell most sheets hold — digits, maybe a fraction, then nothing, a multiplier or a unit
 * ('89.5', '120平米', '350万') — read by one scan; anything else (null) goes through the rules below,
 * which give these cells the same result.
 */
function plainQuantity(text: string): Quantity | null {
  let i = 0;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  if (i === 0) return null;
  if (text.charCodeAt(i) === 46) {
    const fraction = ++i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    if (i === fraction) return null;
  }
  let suffix = text.slice(i);
  const power = Object.hasOwn(multipliers, suffix.charAt(0)) ? multipliers[suffix.charAt(0)] : undefined;
  if (power !== undefined) suffix = suffix.slice(1);
  let kind: UnitKind | null = null;
  if (suffix !== '') {
    if (!Object.hasOwn(units, suffix)) return null;
    kind = units[suffix] ?? null;
  }
  const exponent = power ?? 0;
  const value = Number(`${text.slice(0, i)}e${exponent}`);
  return Number.isFinite(value) ? { value, kind, scaled: exponent > 0, text } : null;
}

function readQuantity(cell: PlainCell): Parsed<Quantity> {
  if (typeof cell === 'number') {
    return Number.isFinite(cell) ? ok({ value: cell, kind: null, scaled: false, text: String(cell) }) : fail(`不是有效数字：${String(cell)}`);
  }
  const original = cellText(cell);
  if (original === null) return fail('为空');
  const plain = plainQuantity(original);
  if (plain !== null) return ok(plain);
  // Digits separated only by a space are two numbers ('128 130'), not one to be glued together.
  if (/\d[\s\u00a0]+\d/.test(original)) return fail(`包含多个数字：${original}`);
  let text = toHalfWidth(original).replace(/[\s\u00a0]+/g, '').toLowerCase();
  let kind: UnitKind | null = null;
  text = text.replace(approxPrefix, '');
  if (moneyPrefix.test(text)) {
    kind = 'money';
    text = text.replace(moneyPrefix, '');
  }
  if (rangeSeparator.test(text)) return fail(`是范围而不是数字：${original}`);
  const m = leadingNumber.exec(text);
  if (!m) return fail(`不是数字：${original}`);
  const sign = m[1] ?? '';
  const digits = m[2] ?? '';
  let suffix = m[3] ?? '';
  const integral = digits.split('.')[0] ?? '';
  if (integral.includes(',') && !groupedThousands.test(integral)) return fail(`千分位分隔不正确：${original}`);

  let exponent = 0;
  const mult = suffix.charAt(0);
  const power = multipliers[mult];
  if (power !== undefined) {
    exponent = power;
    suffix = suffix.slice(1);
  }
  if (units[suffix] === undefined && /\d/.test(suffix)) return fail(`包含多个数字：${original}`);
  if (suffix !== '') {
    const unit = units[suffix];
    if (unit === undefined) return fail(`带有无法识别的单位“${suffix}”：${original}`);
    if (kind !== null && unit !== kind) return fail(`单位自相矛盾：${original}`);
    kind = unit;
  }
  // Shifting the decimal point in the text keeps 1.2万 exactly 12000 (1.2 * 10000 is not always exact).
  const value = Number(`${sign}${digits.replace(/,/g, '')}e${exponent}`);
  if (!Number.isFinite(value)) return fail(`不是有效数字：${original}`);
  return ok({ value, kind, scaled: exponent > 0, text: original });
}

/**
 * Any numeric cell: separators (1,234 / 1，234), full-width digits, units (㎡, 平米, 元) and
 * multipliers (1.2万 = 12000, 3.5亿). Ranges such as 90-120 are refused, never averaged.
 */
export function parseNumber(cell: PlainCell): Parsed<number> {
  const q = readQuantity(cell);
  return q.ok ? ok(q.value.value) : q;
}

const maxArea = 100_000;

/** A floor area in ㎡; a number with a money unit, zero, or more than 100000㎡ is refused. */
export function parseArea(cell: PlainCell): Parsed<number> {
  const q = readQuantity(cell);
  if (!q.ok) return q;
  const { value, kind, text } = q.value;
  if (kind === 'money') return fail(`是金额而不是面积：${text}`);
  if (value <= 0) return fail(`面积必须大于 0：${text}`);
  if (value > maxArea) return fail(`面积过大（超过 ${maxArea}㎡）：${text}`);
  return ok(value);
}

/** The unit a price column's header declares: 总价(万元), 成交总价万元, 总价（万） → 万元; 总价(元) → 元. */
function headerUnit(header: string | undefined): '万元' | '元' | null {
  if (header === undefined) return null;
  const h = toHalfWidth(header);
  if (h.includes('万')) return '万元';
  if (h.includes('元')) return '元';
  return null;
}

const minPrice = 10_000;
const maxPrice = 10_000_000_000;

function toCents(yuan: number): number {
  return Math.round(yuan * 100) / 100;
}

/**
 * A total price in 元. The unit is decided, in order, by:
 * 1. the cell's own text: 350万, 3.5亿, 350万元 are scaled; 3500000元 or ¥3,500,000 are taken as 元;
 * 2. the header: 总价(万元) / 成交总价万元 / 总价（万） mean 万元, 总价(元) means 元;
 * 3. otherwise a plain number below 10000 is read as 万元 (planners' sheets price homes in 万元, and
 *    no home sells for less than 1万元), and 10000 or more as 元 (10000万元 would be 1亿).
 * Results under 1万元 or over 100亿元 are refused as a wrong unit rather than kept.
 */
export function parsePrice(cell: PlainCell, header?: string): Parsed<number> {
  const q = readQuantity(cell);
  if (!q.ok) return q;
  const { value, kind, scaled, text } = q.value;
  if (kind === 'area') return fail(`是面积而不是金额：${text}`);
  let yuan: number;
  if (scaled || kind === 'money') yuan = value;
  else {
    const unit = headerUnit(header);
    const inWan = unit === '万元' || (unit === null && value < minPrice);
    yuan = inWan ? value * 10_000 : value;
  }
  yuan = toCents(yuan);
  if (yuan <= 0) return fail(`总价必须大于 0：${text}`);
  if (yuan < minPrice) return fail(`总价不足 1 万元，请检查单位：${text}`);
  if (yuan > maxPrice) return fail(`总价超过 100 亿元，请检查单位：${text}`);
  return ok(yuan);
}
