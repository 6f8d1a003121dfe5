import type { PlainCell } from '../cell-value.js';

const wide = /[\u3000\uFF01-\uFF5E]/;

/** Full-width ASCII (Chinese IME input: １２８，ＡＢＣ) and the ideographic space become plain ASCII. */
export function toHalfWidth(text: string): string {
  // Most cells have none: one scan instead of two replacing passes over every text cell of a sheet.
  if (!wide.test(text)) return text;
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * A cell as trimmed half-width text, or null when empty. Integral numbers are written without exponent
 * or '.0', because Excel stores phone numbers and compact dates as numbers.
 */
export function cellText(cell: PlainCell): string | null {
  if (cell === null) return null;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return String(cell);
    return Number.isInteger(cell) && Math.abs(cell) < 1e21 ? cell.toFixed(0) : String(cell);
  }
  const text = toHalfWidth(cell).trim();
  return text === '' ? null : text;
}
