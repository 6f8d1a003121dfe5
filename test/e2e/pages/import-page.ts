import type { Locator, Page } from 'playwright-core';

/** The 导入 dialog (file, preview, column mapping, stage, report) and the batches panel with its undo. */
export class ImportPage {
  constructor(private readonly page: Page) {}

  readonly path = (): Locator => this.page.getByTestId('import-path');
  readonly crs = (name: 'auto' | 'wgs84' | 'gcj02' | 'bd09'): Locator => this.page.getByTestId(`crs-${name}`);
  readonly encoding = (): Locator => this.page.getByTestId('import-encoding');
  readonly stage = (): Locator => this.page.getByTestId('import-stage');
  /** A preview figure: rows, usable, rejected, flagged, skipped, crs. */
  readonly preview = (name: 'rows' | 'usable' | 'rejected' | 'flagged' | 'skipped' | 'crs'): Locator => this.page.getByTestId(`preview-${name}`);
  /** The field a sheet column is mapped to. */
  readonly mapField = (header: string): Locator => this.page.getByTestId(`map-field-${header}`);
  readonly mappingRemembered = (): Locator => this.page.getByTestId('mapping-remembered');
  readonly problems = (): Locator => this.page.getByTestId('import-problems');
  readonly problemRows = (severity: 'flag' | 'error'): Locator => this.problems().locator(`tr[data-severity="${severity}"]`);
  /** The preview's section (file, encoding, counts). */
  readonly previewSection = (): Locator => this.preview('rows').locator('xpath=ancestor::section');
  readonly reportPath = (): Locator => this.page.getByTestId('report-path');
  readonly reportSaved = (): Locator => this.page.getByTestId('report-saved');
  readonly batch = (id: number): Locator => this.page.getByTestId(`batch-${id}`);
  readonly confirmDialog = (): Locator => this.page.getByTestId('confirm-dialog');

  /** Opens the dialog on a file. */
  async open(path: string): Promise<void> {
    await this.page.getByTestId('import-button').click();
    await this.path().fill(path);
  }

  /** Opens the dialog on a file and waits for its first preview. */
  async previewFile(path: string): Promise<void> {
    await this.open(path);
    await this.page.getByTestId('import-preview').click();
    await this.preview('rows').waitFor();
  }

  async askPreview(): Promise<void> {
    await this.page.getByTestId('import-preview').click();
  }

  async commit(): Promise<void> {
    await this.page.getByTestId('import-commit').click();
  }

  async saveReport(): Promise<void> {
    await this.page.getByTestId('save-report').click();
  }

  /** 撤销 on a batch's row: asks for confirmation first. */
  async undoBatch(id: number): Promise<void> {
    await this.page.getByTestId(`undo-batch-${id}`).click();
  }

  async confirm(): Promise<void> {
    await this.page.getByTestId('confirm-ok').click();
  }

  async cancel(): Promise<void> {
    await this.page.getByTestId('confirm-cancel').click();
  }
}
