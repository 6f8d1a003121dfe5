import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCopy, Workbench } from './workbench-page.js';

/*
 * Labels on the demo map (issue: «文鼎苑» and «嘉绿苑» printed as «文鼎嘉绿苑», a ring's name on «九溪玫瑰园»):
 * the boxes of the drawn labels, measured by the page in the drawn font, never intersect, and 本案 and both
 * 竞品 are always among them. The basemap's own names (MapLibre, under deck.gl's canvas) make way for them: no
 * label MapLibre drew meets a KeTu label's box, by MapLibre's own collision boxes.
 */

/** A drawn label as `window.__ketu.labels()` reports it (renderer/map/ketu-hook.ts). */
interface ScreenLabel {
  text: string;
  box: [number, number, number, number];
}

function overlaps(labels: readonly ScreenLabel[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i]?.box ?? [0, 0, 0, 0];
      const b = labels[j]?.box ?? [0, 0, 0, 0];
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) out.push(`${labels[i]?.text ?? ''} × ${labels[j]?.text ?? ''}`);
    }
  }
  return out;
}

describe('map labels', () => {
  let wb: Workbench;
  beforeAll(async () => {
    wb = await Workbench.start(demoCopy('map-labels').project);
    await wb.waitReady();
  }, 180_000);
  afterAll(async () => wb.close());

  const onScreen = async (): Promise<ScreenLabel[]> => {
    const box = await wb.map.box();
    const all = await wb.page.evaluate(() => (window as unknown as { __ketu?: { labels(): ScreenLabel[] } }).__ketu?.labels() ?? []);
    return all.filter((l) => l.box[2] > 0 && l.box[0] < box.width && l.box[3] > 0 && l.box[1] < box.height);
  };

  /** Basemap names MapLibre drew under each KeTu label's box (less the halo, where a neighbour's may end). */
  const basemapUnder = async (labels: readonly ScreenLabel[]): Promise<string[]> =>
    wb.page.evaluate((ls) => {
      const hook = (window as unknown as { __ketu?: { basemapLabelsIn(box: [number, number, number, number]): string[] } }).__ketu;
      return ls.flatMap((l) => (hook?.basemapLabelsIn([l.box[0] + 3, l.box[1] + 3, l.box[2] - 3, l.box[3] - 3]) ?? []).map((name) => `${l.text} ⊃ ${name}`));
    }, labels);
  const basemapAll = async (): Promise<string[]> => {
    const box = await wb.map.box();
    return wb.page.evaluate((b) => (window as unknown as { __ketu?: { basemapLabelsIn(box: [number, number, number, number]): string[] } }).__ketu?.basemapLabelsIn([0, 0, b.width, b.height]) ?? [], box);
  };

  it('draws 地图1 with no two labels overlapping, 本案 and 竞品 among them, at the city view and closer in', async () => {
    await wb.layers.template('map1');
    await wb.waitReady();
    await wb.frames(3);
    const city = await onScreen();
    expect(city.length).toBeGreaterThan(8);
    expect(overlaps(city)).toEqual([]);
    const texts = city.map((l) => l.text);
    expect(texts).toEqual(expect.arrayContaining(['杭州·云栖江澜府', '之江·春澜苑', '云栖·望山府']));
    // The two neighbours the issue saw merged: at most one is named at this zoom, never both on top of each other.
    expect(texts.filter((t) => t === '文鼎苑' || t === '嘉绿苑').length).toBeLessThanOrEqual(2);
    // The basemap names districts here, and none of its names lies under a KeTu label.
    expect((await basemapAll()).length).toBeGreaterThan(3);
    await expect.poll(async () => basemapUnder(await onScreen()), { timeout: 30_000 }).toEqual([]);

    // Closer in, over the two communities: placed again, still apart.
    await wb.map.zoomAt(120.1225, 30.285, 4);
    await wb.frames(3);
    const close = await onScreen();
    expect(overlaps(close)).toEqual([]);
    expect(close.map((l) => l.text)).toContain('嘉绿苑');
    await expect.poll(async () => basemapUnder(await onScreen()), { timeout: 30_000 }).toEqual([]);
  }, 240_000);
});
