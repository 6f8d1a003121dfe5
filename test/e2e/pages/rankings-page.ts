import type { Locator, Page } from 'playwright-core';
import { swatchRgb } from './swatch.js';

/** The 排名 drawer: tabs, ranked rows, the highlight of a row's places and the .xlsx export. */
export class RankingsPage {
  constructor(private readonly page: Page) {}

  readonly panel = (): Locator => this.page.getByTestId('rankings-panel');
  readonly row = (index: number): Locator => this.page.getByTestId(`rank-row-${index}`);
  readonly rows = (): Locator => this.page.locator('[data-testid^="rank-row-"]');
  readonly highlight = (): Locator => this.page.getByTestId('rank-highlight');
  readonly exportPath = (): Locator => this.page.getByTestId('rank-export-path');

  async open(): Promise<void> {
    await this.page.getByTestId('rankings-button').click();
    await this.panel().waitFor();
  }

  async tab(name: 'community' | 'district' | 'building' | 'employer'): Promise<void> {
    await this.page.getByTestId(`rank-tab-${name}`).click();
  }

  /** The cells of a row: rank, name, customers, share. */
  cells(index: number): Promise<string[]> {
    return this.row(index).locator('td').allInnerTexts();
  }

  total(): Promise<string> {
    return this.page.getByTestId('rank-total').innerText();
  }

  filter(): Promise<string> {
    return this.page.getByTestId('rank-filter').innerText();
  }

  /** The highlight swatch's colour. */
  async highlightRgb(): Promise<[number, number, number]> {
    return swatchRgb(this.highlight());
  }

  async clearHighlight(): Promise<void> {
    await this.page.getByTestId('rank-clear').click();
  }

  async export(): Promise<void> {
    await this.page.getByTestId('rank-export').click();
  }

  exportResult(): Promise<string> {
    return this.page.getByTestId('rank-export-result').innerText();
  }
}
