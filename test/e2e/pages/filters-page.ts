import type { Locator, Page } from 'playwright-core';

/** The map's filter bar: groups of options (stage, product, area, date), its count and summary. */
export class FiltersPage {
  constructor(private readonly page: Page) {}

  readonly dateField = (): Locator => this.page.getByTestId('filter-date-field');
  readonly dateFrom = (): Locator => this.page.getByTestId('filter-date-from');
  readonly dateTo = (): Locator => this.page.getByTestId('filter-date-to');

  count(): Promise<string> {
    return this.page.getByTestId('filter-count').innerText();
  }

  summary(): Promise<string> {
    return this.page.getByTestId('filter-summary').innerText();
  }

  async openGroup(group: 'stage' | 'product' | 'area' | 'date'): Promise<void> {
    await this.page.getByTestId(`filter-group-${group}`).click();
  }

  /** One option of a group by its value (`stage`/`deals`, `product`/`洋房`, `band`/`90–120㎡`). */
  option(kind: 'stage' | 'product' | 'band', value: string): Locator {
    return this.page.locator(`[data-testid^="filter-${kind}-"][data-value="${value}"]`);
  }

  async check(kind: 'stage' | 'product' | 'band', value: string): Promise<void> {
    await this.option(kind, value).locator('input').check();
  }

  async clear(): Promise<void> {
    await this.page.getByTestId('filter-clear').click();
  }
}
