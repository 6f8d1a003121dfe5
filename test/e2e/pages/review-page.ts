import type { Locator, Page } from 'playwright-core';
import type { MapPage } from './map-page.js';

/** The 待核对 panel, its placing card and the 重新定位 (geocode) dialog. */
export class ReviewPage {
  constructor(
    private readonly page: Page,
    private readonly map: MapPage,
  ) {}

  readonly panel = (): Locator => this.page.getByTestId('review-panel');
  readonly item = (id: number): Locator => this.page.getByTestId(`review-item-${id}`);
  /** The role mark (住/工/娱) of a listed place. */
  readonly roleIcon = (id: number): Locator => this.item(id).locator('.role-icon');
  readonly placing = (): Locator => this.page.getByTestId('review-placing');
  readonly marker = (): Locator => this.page.getByTestId('review-marker');
  readonly confirmButton = (): Locator => this.page.getByTestId('review-confirm');
  readonly candidateList = (): Locator => this.page.getByTestId('review-candidates');
  readonly candidate = (index: number): Locator => this.page.getByTestId(`review-candidate-${index}`);

  /** The number the panel shows as still to check. */
  async count(): Promise<number> {
    return Number(await this.page.getByTestId('review-count').innerText());
  }

  /** Picks a place to check; resolves once the camera has flown to it and stands still. */
  async choose(id: number): Promise<void> {
    await this.map.afterFlight(() => this.item(id).click());
    await this.placing().waitFor();
  }

  async candidatesState(): Promise<string | null> {
    return this.candidateList().getAttribute('data-state');
  }

  /** `data-source` of each offered candidate, in order. */
  async candidateSources(): Promise<Array<string | null>> {
    return this.candidateList()
      .locator('[data-testid^="review-candidate-"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-source')));
  }

  async candidatePosition(index: number): Promise<{ lng: number; lat: number }> {
    const c = this.candidate(index);
    return { lng: Number(await c.getAttribute('data-lng')), lat: Number(await c.getAttribute('data-lat')) };
  }

  /** Picks a candidate; resolves once the camera has brought it into view. */
  async pickCandidate(index: number): Promise<void> {
    await this.map.afterFlight(() => this.candidate(index).click());
  }

  /** Where the point will be placed; null before it is placed. */
  async position(): Promise<{ lng: number; lat: number } | null> {
    const el = this.page.getByTestId('review-position');
    const lng = await el.getAttribute('data-lng');
    const lat = await el.getAttribute('data-lat');
    return lng === null || lng === '' || lat === null || lat === '' ? null : { lng: Number(lng), lat: Number(lat) };
  }

  /** Drags the marker by CSS px. */
  async dragMarker(dx: number, dy: number): Promise<void> {
    const box = await this.marker().boundingBox();
    if (box === null) throw new Error('marker not laid out');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx, y + dy, { steps: 6 });
    await this.page.mouse.up();
  }

  async isPlacing(): Promise<boolean> {
    return (await this.placing().count()) > 0;
  }

  // 重新定位 dialog.
  readonly geocodeDialog = (): Locator => this.page.getByTestId('geocode-dialog');
  readonly geocodeKey = (): Locator => this.page.getByTestId('geocode-key');
  readonly geocodeRun = (): Locator => this.page.getByTestId('geocode-run');
  readonly geocodeOffline = (): Locator => this.page.getByTestId('geocode-offline');
  readonly geocodeResult = (): Locator => this.page.getByTestId('geocode-result');

  async openGeocode(): Promise<void> {
    await this.page.getByTestId('geocode-online').click();
    await this.geocodeDialog().waitFor();
  }
}
