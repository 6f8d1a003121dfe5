import type { Locator, Page } from 'playwright-core';

/** The 底图 picker: the bundled map, local archives, online services with their keys and endpoints. */
export class BasemapPage {
  constructor(private readonly page: Page) {}

  readonly button = (): Locator => this.page.getByTestId('basemap-button');
  readonly option = (id: string): Locator => this.page.getByTestId(`basemap-option-${id}`);
  readonly problem = (): Locator => this.page.getByTestId('basemap-problem');
  readonly tiandituKey = (): Locator => this.page.getByTestId('basemap-tianditu-key');

  async openPicker(): Promise<void> {
    if (!(await this.page.getByTestId('basemap-picker').isVisible())) await this.button().click();
    await this.page.getByTestId('basemap-picker').waitFor();
  }

  async choose(id: string): Promise<void> {
    await this.openPicker();
    await this.option(id).click();
  }

  async addArchive(path: string, name: string): Promise<void> {
    await this.openPicker();
    await this.page.getByTestId('basemap-add').click();
    await this.page.getByTestId('basemap-path').fill(path);
    await this.page.getByTestId('basemap-name').fill(name);
    await this.page.getByTestId('basemap-add-submit').click();
  }

  /** Points an online service (`amap`, `tianditu`) at another tile endpoint, under 高级. */
  async setEndpoint(service: string, template: string): Promise<void> {
    await this.openPicker();
    await this.page.locator('.basemap-advanced summary').click();
    await this.page.getByTestId(`basemap-endpoint-${service}`).fill(template);
  }
}
