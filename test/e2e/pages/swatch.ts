import type { Locator } from 'playwright-core';

/** The colour of the `.swatch` inside `within` (a layer row, the rankings highlight). */
export async function swatchRgb(within: Locator): Promise<[number, number, number]> {
  const css = await within.locator('.swatch').evaluate((el) => getComputedStyle(el).backgroundColor);
  const m = /rgba?\((\d+)[ ,]+(\d+)[ ,]+(\d+)/.exec(css);
  if (m === null) throw new Error(`unexpected swatch colour ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
