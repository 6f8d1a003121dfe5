import type { Page } from 'playwright-core';

/** Resolves after the page has painted `n` more frames: whatever an input or state change scheduled has rendered by then. */
export async function afterFrames(page: Page, n = 2): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        let left = count;
        const tick = (): void => {
          left -= 1;
          if (left <= 0) resolve();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    n,
  );
}
