import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterFrames } from './frames.js';

/** The map: clicks at CSS px from its top-left, its pixels, and the camera state it reports. */
export class MapPage {
  constructor(private readonly page: Page) {}

  readonly root = (): ReturnType<Page['getByTestId']> => this.page.getByTestId('map');

  async box(): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.root().boundingBox();
    if (box === null) throw new Error('map not laid out');
    return box;
  }

  /** Clicks on the map at CSS px from its top-left, moving there first as a hand would. */
  async click(points: ReadonlyArray<readonly [number, number]>): Promise<void> {
    const box = await this.box();
    for (const [x, y] of points) {
      await this.page.mouse.move(box.x + x, box.y + y, { steps: 5 });
      await this.page.mouse.click(box.x + x, box.y + y);
    }
  }

  /** Drags from one map point to another (CSS px from the map's top-left). */
  async drag(from: readonly [number, number], to: readonly [number, number], steps = 10): Promise<void> {
    const box = await this.box();
    await this.page.mouse.move(box.x + from[0], box.y + from[1], { steps: 4 });
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + to[0], box.y + to[1], { steps });
    await this.page.mouse.up();
  }

  /** The WGS-84 position the status bar reads with the mouse at map pixel (x, y). */
  async lngLatAt(x: number, y: number): Promise<[number, number]> {
    const box = await this.box();
    await this.page.mouse.move(box.x + x, box.y + y, { steps: 3 });
    // The status bar renders the move within a frame or two.
    await afterFrames(this.page);
    const text = await this.page.getByTestId('cursor-coords').innerText();
    const m = /(-?\d+\.\d+),\s*(-?\d+\.\d+)/.exec(text);
    if (m === null) throw new Error(`no coordinates in the status bar: "${text}"`);
    return [Number(m[1]), Number(m[2])];
  }

  /** Map CSS px of a WGS-84 position, read off the status bar at two points (linear at city scale). */
  async pixelOf(lng: number, lat: number): Promise<[number, number]> {
    const box = await this.box();
    const a = await this.lngLatAt(box.width * 0.25, box.height * 0.25);
    const b = await this.lngLatAt(box.width * 0.75, box.height * 0.75);
    const x = box.width * 0.25 + ((lng - a[0]) / (b[0] - a[0])) * box.width * 0.5;
    const y = box.height * 0.25 + ((lat - a[1]) / (b[1] - a[1])) * box.height * 0.5;
    return [x, y];
  }

  /** Zooms by mouse wheel (in; negative steps: out) with the pointer on a WGS-84 position, which stays under it. */
  async zoomAt(lng: number, lat: number, wheelSteps: number): Promise<void> {
    const box = await this.box();
    const [x, y] = await this.pixelOf(lng, lat);
    await this.page.mouse.move(box.x + x, box.y + y, { steps: 3 });
    for (let i = 0; i < Math.abs(wheelSteps); i++) {
      await this.page.mouse.wheel(0, wheelSteps > 0 ? -240 : 240);
      await this.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="map"]')?.dataset.moving === undefined, null, { timeout: 30_000, polling: 100 });
    }
  }

  /** Waits until the map shows basemap `id` with its tiles in. */
  async basemapShown(id: string): Promise<void> {
    await this.page.waitForFunction(
      (want) => {
        const el = document.querySelector<HTMLElement>('[data-testid="map"]');
        return el?.dataset.basemap === want && el.dataset.basemapState === 'ready';
      },
      id,
      { timeout: 60_000, polling: 100 },
    );
  }

  async pixels(): Promise<PNG> {
    return PNG.sync.read(await this.root().screenshot());
  }

  /** Flights the camera has finished (the map's `data-flights`). */
  async flights(): Promise<number> {
    return Number((await this.root().getAttribute('data-flights')) ?? '0');
  }

  /**
   * Runs `action` (a click that flies the camera) and waits until that flight has ended and the camera is
   * still: a map that looks still because the flight has not started yet does not count.
   */
  async afterFlight(action: () => Promise<void>): Promise<void> {
    const before = await this.flights();
    await action();
    await this.page.waitForFunction(
      (n) => {
        const el = document.querySelector<HTMLElement>('[data-testid="map"]');
        return el !== null && Number(el.dataset.flights ?? '0') > n && el.dataset.moving === undefined;
      },
      before,
      { timeout: 30_000, polling: 50 },
    );
  }
}
