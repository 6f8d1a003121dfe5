/** A cell as the import reads it: text (trimmed, never blank), a number, or nothing. Dates are 'YYYY-MM-DD' text. */
export type PlainCell = string | number | null;

/** Text as a cell value: trimmed, and blank is no value. */
export function plainText(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** Flattens exceljs cell values (rich text, formulas, hyperlinks, dates) into plain JS values. */
export function plainCell(value: unknown): PlainCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return plainText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return plainCell((v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join(''));
    if ('result' in v) return plainCell(v.result);
    if ('text' in v) return plainCell(v.text);
    if ('error' in v) return null;
  }
  return null;
}
