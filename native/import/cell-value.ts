/** A cell as the import reads it: text (trimmed, never blank), a number, or nothing. Dates are 'YYYY-MM-DD' text. */
export type PlainCell = string | number | null;

/** Text as a cell value: trimmed, and blank is no value. */
export function plainText(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}
