import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PrintFrameFacts } from '../../native/contract/print-layout.js';
import { runCli } from '../../native/host/cli.js';
import { demoCopy, distinctColours, Workbench } from './workbench-page.js';

/*
 * A map frame wider than the WebGL canvas limit is drawn in tiles and pasted into one picture: a tiled
 * capture equals the whole one around the seams, and an A3 landscape page at 600 dpi gets its ~9,450 px map.
 * Pictures go under KETU_SHOTS (default /work/shots/h4) to look at.
 */

const shots = process.env.KETU_SHOTS ?? '/work/shots/h4';

interface FrameHook {
  __ketu?: { state: string; printFrame(request: { template: 'map1'; filter: Record<string, never>; fit: null; padding: number; ratio: number; tilePx?: number }): Promise<{ png: string; width: number; height: number }> };
}

/** Share of pixels in the band of `half` px each side of a seam (column `x` or row `y`) that differ by more than 48 in a channel. */
function seamDifference(a: PNG, b: PNG, seam: { x?: number; y?: number }, half: number): number {
  let differ = 0;
  let total = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const near = seam.x !== undefined ? Math.abs(x - seam.x) < half : Math.abs(y - (seam.y ?? 0)) < half;
      if (!near) continue;
      const i = (y * a.width + x) * 4;
      total++;
      if ([0, 1, 2].some((c) => Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0)) > 48)) differ++;
    }
  }
  return differ / Math.max(1, total);
}

describe('map frames drawn in tiles', () => {
  const { dir, project } = demoCopy('ketu-tiles-');
  afterAll(() => dir.remove());

  it('pastes tiles without seams: around every seam the tiled picture equals the one drawn whole', async () => {
    const wb = await Workbench.start(project);
    try {
      await wb.page.setViewportSize({ width: 800, height: 520 });
      await wb.page.goto(wb.host.openUrl.replace('/#', '/?view=map#'));
      await wb.waitReady();
      const frame = (tilePx?: number): Promise<{ png: string; width: number; height: number }> =>
        wb.page.evaluate((req) => {
          const hook = (globalThis as unknown as FrameHook).__ketu;
          if (hook === undefined) throw new Error('hook missing');
          return hook.printFrame(req);
        }, { template: 'map1' as const, filter: {}, fit: null, padding: 0, ratio: 2, ...(tilePx === undefined ? {} : { tilePx }) });
      const whole = await frame();
      // 1,600 × 1,040 device px in tiles of at most 900: 2 × 2 tiles of 800 × 520.
      const tiled = await frame(900);
      expect([tiled.width, tiled.height]).toEqual([whole.width, whole.height]);
      expect([whole.width, whole.height]).toEqual([1600, 1040]);
      const a = PNG.sync.read(Buffer.from(whole.png, 'base64'));
      const b = PNG.sync.read(Buffer.from(tiled.png, 'base64'));
      mkdirSync(shots, { recursive: true });
      writeFileSync(join(shots, 'tiles-whole.png'), PNG.sync.write(a));
      writeFileSync(join(shots, 'tiles-2x2.png'), PNG.sync.write(b));
      expect(distinctColours(b)).toBeGreaterThan(200);
      // The pixel rows and columns beside each seam match the whole picture (labels the tiles place
      // differently may change a few of them); a shifted or missing strip would change most.
      expect(seamDifference(a, b, { x: 800 }, 4)).toBeLessThan(0.02);
      expect(seamDifference(a, b, { y: 520 }, 4)).toBeLessThan(0.02);
    } finally {
      await wb.close();
    }
  }, 600_000);

  it('prints an A3 landscape page at 600 dpi with a map of about 9,450 px across at 600 ppi', async () => {
    const out = dir.file('a3-600.pdf');
    const lines: string[] = [];
    const code = await runCli(['export', 'pdf', project, '--template', '地图1', '--paper', 'A3', '--landscape', '--dpi', '600', '--out', out, '--json'], (l) => lines.push(l));
    expect(code, lines.join('\n')).toBe(0);
    const r = JSON.parse(lines.at(-1) ?? '{}') as { frames: PrintFrameFacts[] };
    const facts = r.frames[0];
    // 400 mm of frame at 600 dpi: 400 / 25.4 × 600 = 9,449 px, never upscaled.
    expect(facts?.image.widthPx).toBeGreaterThanOrEqual(9440);
    const images = execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim() !== '');
    const map = images.map((l) => l.trim().split(/\s+/)).find((c) => Number(c[3]) > 9000);
    expect(Number(map?.[3])).toBe(facts?.image.widthPx);
    expect(Number(map?.[12])).toBeGreaterThanOrEqual(595);
    execFileSync('pdftoppm', ['-png', '-r', '30', '-singlefile', out, join(shots, 'a3-600dpi-page')]);
  }, 1_500_000);
});
