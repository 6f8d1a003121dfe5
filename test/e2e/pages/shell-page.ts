import type { Locator, Page } from 'playwright-core';

/** The top bar (project, open, language, the drawers' buttons) and the status bar. */
export class ShellPage {
  constructor(private readonly page: Page) {}

  readonly projectName = (): Locator => this.page.getByTestId('project-name');
  readonly openButton = (): Locator => this.page.getByTestId('open-button');
  readonly importButton = (): Locator => this.page.getByTestId('import-button');
  readonly langSwitch = (): Locator => this.page.getByTestId('lang-switch');
  readonly cursorCoords = (): Locator => this.page.getByTestId('cursor-coords');
  readonly scale = (): Locator => this.page.getByTestId('map-scale');
  readonly crs = (): Locator => this.page.getByTestId('status-crs');
  readonly legend = (): Locator => this.page.getByTestId('map-legend');
  /** The dimmed backdrop of any open modal. */
  readonly modalBackdrop = (): Locator => this.page.locator('.modal-backdrop');

  /** The status bar's point count, digits only. */
  async pointCount(): Promise<number> {
    return Number((await this.page.getByTestId('point-count').innerText()).replace(/[^\d]/g, ''));
  }

  async pointCountText(): Promise<string> {
    return this.page.getByTestId('point-count').innerText();
  }

  /** The page's `lang` attribute, which the language switch sets. */
  async lang(): Promise<string> {
    return this.page.evaluate(() => document.documentElement.lang);
  }

  /** Asks to open a file as a project through the 打开 dialog. */
  async open(path: string): Promise<void> {
    await this.openButton().click();
    await this.page.getByTestId('open-path').fill(path);
    await this.page.getByTestId('open-submit').click();
  }
}
