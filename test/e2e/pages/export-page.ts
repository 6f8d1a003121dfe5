import type { Locator, Page } from 'playwright-core';

/** The 导出 dialog (PNG of the view; PDF, PPTX and the pack in its print part). */
export class ExportPage {
  constructor(private readonly page: Page) {}

  readonly ratio = (): Locator => this.page.getByTestId('export-ratio');
  readonly path = (): Locator => this.page.getByTestId('export-path');
  readonly legend = (): Locator => this.page.getByTestId('export-legend');
  readonly result = (): Locator => this.page.getByTestId('export-result');

  async open(): Promise<void> {
    await this.page.getByTestId('export-button').click();
  }

  /** Opens the dialog on its PDF print pages. */
  async openPdf(): Promise<void> {
    await this.open();
    await this.page.getByTestId('export-kind').selectOption('pdf');
  }

  async submit(): Promise<void> {
    await this.page.getByTestId('export-submit').click();
  }
}
