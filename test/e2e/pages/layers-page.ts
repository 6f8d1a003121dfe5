import type { Locator, Page } from 'playwright-core';
import { swatchRgb } from './swatch.js';

/** The 图层 panel: rows, their buttons, templates, legends and the selected layer's properties. */
export class LayersPage {
  constructor(private readonly page: Page) {}

  readonly row = (id: string): Locator => this.page.getByTestId(`layer-${id}`);
  readonly checkbox = (id: string): Locator => this.row(id).locator('input[type=checkbox]');
  readonly legend = (id: string): Locator => this.page.getByTestId(`legend-${id}`);
  /** One control of the selected layer's properties (`prop-<key>`, checkboxes `prop-<key>-<value>`). */
  readonly prop = (key: string): Locator => this.page.getByTestId(`prop-${key}`);

  /** Layer ids as the panel lists them, top (drawn last) first. */
  async ids(): Promise<string[]> {
    return this.page.locator('.layer-rows > li').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.testid?.replace(/^layer-/, '') ?? ''));
  }

  async name(id: string): Promise<string> {
    return this.page.getByTestId(`name-${id}`).innerText();
  }

  /** The count a row shows, digits only. */
  async count(id: string): Promise<number> {
    return Number((await this.page.getByTestId(`count-${id}`).innerText()).replace(/\D/g, ''));
  }

  async isVisible(id: string): Promise<boolean> {
    return this.checkbox(id).isChecked();
  }

  /** Shows or hides a layer with its row's checkbox. */
  async toggle(id: string): Promise<void> {
    await this.checkbox(id).click();
  }

  /** The colour of a row's swatch. */
  async swatchRgb(id: string): Promise<[number, number, number]> {
    return swatchRgb(this.row(id));
  }

  async add(type: string): Promise<void> {
    await this.page.getByTestId('layer-add').click();
    await this.page.getByTestId(`layer-add-${type}`).click();
  }

  async rename(id: string, name: string): Promise<void> {
    await this.page.getByTestId(`name-${id}`).dblclick();
    await this.page.getByTestId(`rename-${id}`).fill(name);
    await this.page.getByTestId(`rename-${id}`).press('Enter');
  }

  /** Selects a layer: its properties open below the list. */
  async select(id: string): Promise<void> {
    await this.row(id).click();
  }

  async duplicate(id: string): Promise<void> {
    await this.select(id);
    await this.page.getByTestId(`duplicate-${id}`).click();
  }

  async moveUp(id: string): Promise<void> {
    await this.select(id);
    await this.page.getByTestId(`up-${id}`).click();
  }

  async remove(id: string): Promise<void> {
    await this.select(id);
    await this.page.getByTestId(`remove-${id}`).click();
  }

  /** Builds a map from a template (`map1`, `map2`). */
  async template(name: string): Promise<void> {
    await this.page.getByTestId('layer-templates').click();
    await this.page.getByTestId(`template-${name}`).click();
  }
}
