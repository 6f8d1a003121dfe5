import type { Locator, Page } from 'playwright-core';

/** The one-third revision: status bar progress, the prompt, map versions, the panel and its maps. */
export class RevisionPage {
  constructor(private readonly page: Page) {}

  readonly progress = (): Locator => this.page.getByTestId('sales-progress');
  readonly prompt = (): Locator => this.page.getByTestId('revision-prompt');
  readonly promptStart = (): Locator => this.page.getByTestId('revision-prompt-start');
  readonly versionsButton = (): Locator => this.page.getByTestId('versions-button');
  readonly versionsDialog = (): Locator => this.page.getByTestId('versions-dialog');
  readonly versionName = (): Locator => this.page.getByTestId('version-name');
  readonly versionSave = (): Locator => this.page.getByTestId('version-save');
  readonly versionRow = (name: string): Locator => this.page.locator(`[data-testid="version-row"][data-name="${name}"]`);
  readonly versionRows = (): Locator => this.page.getByTestId('version-row');
  readonly renameInput = (): Locator => this.page.getByTestId('version-rename-input');
  readonly banner = (): Locator => this.page.getByTestId('version-banner');
  readonly versionView = (): Locator => this.page.getByTestId('version-view');
  readonly back = (): Locator => this.page.getByTestId('version-back');
  readonly panelButton = (): Locator => this.page.getByTestId('revision-button');
  readonly panel = (): Locator => this.page.getByTestId('revision-panel');
  readonly plan = (): Locator => this.page.getByTestId('revision-plan');
  readonly summary = (): Locator => this.page.getByTestId('revision-summary');
  readonly body = (): Locator => this.page.getByTestId('revision-body');
  readonly areaRow = (name: string): Locator => this.page.locator(`[data-testid="revision-area-row"][data-name="${name}"]`);
  readonly sourceRow = (name: string): Locator => this.page.locator(`[data-testid="revision-source-row"][data-name="${name}"]`);
  readonly mix = (dim: string): Locator => this.page.locator(`[data-testid="revision-mix"][data-dim="${dim}"]`);
  readonly mode = (m: 'split' | 'swipe' | 'change'): Locator => this.page.getByTestId(`revision-mode-${m}`);
  readonly splitMap = (): Locator => this.page.getByTestId('split-map');
  readonly changeMap = (): Locator => this.page.getByTestId('change-map');
  readonly changeLegend = (): Locator => this.page.getByTestId('change-legend');
  readonly swipeHandle = (): Locator => this.page.getByTestId('swipe-handle');
  readonly saveName = (): Locator => this.page.getByTestId('revision-save-name');
  readonly save = (): Locator => this.page.getByTestId('revision-save');
  readonly exportButton = (): Locator => this.page.getByTestId('revision-export');

  /** A side's MapLibre container (its camera is in `data-center`: lng,lat,zoom once it settled). */
  side(which: 'plan' | 'actual'): Locator {
    return this.page.getByTestId(`split-${which}`).locator('.maplibregl-map');
  }

  async centre(which: 'plan' | 'actual'): Promise<[number, number, number] | null> {
    const c = await this.side(which).getAttribute('data-center');
    return c === null ? null : (c.split(',').map(Number) as [number, number, number]);
  }

  /** Cells of a table row as text. */
  async cells(row: Locator): Promise<string[]> {
    return row.locator('td').allInnerTexts();
  }
}
