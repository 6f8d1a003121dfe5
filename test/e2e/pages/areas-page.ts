import type { Locator, Page } from 'playwright-core';

type AreaTab = 'list' | 'counts' | 'rings' | 'opportunities' | 'grading' | 'export';

/** The 区域 drawer: drawing tools, its tabs (list, counts, rings, 机会战场, grading, export) and its notices. */
export class AreasPage {
  constructor(private readonly page: Page) {}

  readonly panel = (): Locator => this.page.getByTestId('areas-panel');
  readonly tool = (name: 'polygon' | 'rectangle' | 'circle' | 'select'): Locator => this.page.getByTestId(`area-tool-${name}`);
  readonly circleRadius = (): Locator => this.page.getByTestId('circle-radius');
  readonly row = (name: string): Locator => this.page.getByTestId(`area-row-${name}`);
  readonly snap = (): Locator => this.page.getByTestId('area-snap');
  readonly byGrade = (): Locator => this.page.getByTestId('area-by-grade');
  readonly hint = (): Locator => this.page.getByTestId('area-hint');
  // Rings round 本案 or a clicked point.
  readonly ringRadii = (): Locator => this.page.getByTestId('ring-radii');
  readonly ringCentre = (): Locator => this.page.getByTestId('ring-centre');
  readonly ringResults = (): Locator => this.page.getByTestId('ring-results');
  // 机会战场.
  readonly oppRadius = (): Locator => this.page.getByTestId('opp-radius');
  readonly oppMax = (): Locator => this.page.getByTestId('opp-max');
  readonly oppRows = (): Locator => this.page.getByTestId('opp-row');
  // The list export.
  readonly exportArea = (): Locator => this.page.getByTestId('export-area');
  readonly exportColumn = (column: string): Locator => this.page.getByTestId(`export-col-${column}`);
  readonly exportPath = (): Locator => this.page.getByTestId('export-path');
  readonly exportResult = (): Locator => this.page.getByTestId('export-result');

  async open(): Promise<void> {
    await this.page.getByTestId('areas-button').click();
    await this.panel().waitFor();
  }

  /** Closes the drawer with the same top-bar button. */
  async close(): Promise<void> {
    await this.page.getByTestId('areas-button').click();
    await this.panel().waitFor({ state: 'hidden' });
  }

  async tab(name: AreaTab): Promise<void> {
    await this.page.getByTestId(`area-tab-${name}`).click();
  }

  /** The place count the counts tab shows for an area (`data-total`). */
  total(name: string): Promise<string | null> {
    return this.page.getByTestId(`area-count-${name}`).getAttribute('data-total');
  }

  async rename(from: string, to: string): Promise<void> {
    const field = this.row(from).getByTestId('area-name');
    await field.fill(to);
    await field.press('Enter');
  }

  async setGrade(name: string, grade: string): Promise<void> {
    await this.row(name).getByTestId('area-grade').selectOption(grade);
  }

  async remove(name: string): Promise<void> {
    await this.row(name).getByTestId('area-delete').click();
  }

  async undo(): Promise<void> {
    await this.page.getByTestId('area-undo').click();
  }

  async createRings(radii: string): Promise<void> {
    await this.ringRadii().fill(radii);
    await this.page.getByTestId('ring-create').click();
  }

  async pickRingCentre(): Promise<void> {
    await this.page.getByTestId('ring-pick').click();
  }

  async findOpportunities(radiusKm: string, maxCount: string): Promise<void> {
    await this.oppRadius().fill(radiusKm);
    await this.oppMax().fill(maxCount);
    await this.page.getByTestId('opp-find').click();
  }

  async convertFirstOpportunity(): Promise<void> {
    await this.page.getByTestId('opp-convert').first().click();
  }

  /** Fills one grading threshold (grade A/B/C, stage prospects/visitors/deals). */
  async threshold(grade: 'A' | 'B' | 'C', stage: 'prospects' | 'visitors' | 'deals', value: string): Promise<void> {
    await this.page.getByTestId(`threshold-${grade}-${stage}`).fill(value);
  }

  async applyGrades(): Promise<void> {
    await this.page.getByTestId('grade-apply').click();
  }

  async runExport(): Promise<void> {
    await this.page.getByTestId('export-run').click();
  }
}
