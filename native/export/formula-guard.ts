/** Text a spreadsheet would start evaluating: = + - @, and tab or CR (which some importers strip before looking). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain signed number ("-5", "+3.2") is data, not a formula, and stays as it is. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A text cell guarded against formula injection (`=HYPERLINK(…)`, `@SUM(1)`, `=cmd|' /C calc'!A0`):
 * a leading ' keeps Excel, WPS and LibreOffice from evaluating it when the sheet is pasted, converted
 * or saved as CSV. Every exported table passes its cells through here; numbers are untouched.
 */
export function guardFormula<T extends string | number>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}
