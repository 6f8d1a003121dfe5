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

/** Screenshots to look at, when KETU_SHOTS names a folder. */
const shots = process.env.KETU_SHOTS;

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
  /** Grouped discs deck.gl picks under each label's box (less the halo): a ring or area name on a community's disc. */
  const symbolsUnder = async (labels: readonly ScreenLabel[]): Promise<string[]> =>
    wb.page.evaluate((ls) => {
      const hook = (window as unknown as { __ketu?: { placeSymbolsIn(box: [number, number, number, number]): string[] } }).__ketu;
      return ls.flatMap((l) => (hook?.placeSymbolsIn([l.box[0] + 3, l.box[1] + 3, l.box[2] - 3, l.box[3] - 3]) ?? []).map((disc) => `${l.text} ⊃ ${disc}`));
    }, labels);

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
    // The outer rings' names round 本案 are there, and none sits on a community's disc (the 5 km ring's top crosses one).
    const rings = city.filter((l) => /^\d+ km$/.test(l.text));
    expect(rings.map((l) => l.text)).toEqual(expect.arrayContaining(['3 km', '5 km']));
    expect(await symbolsUnder(rings)).toEqual([]);
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

  it('names each of three concentric target areas round 本案 with 本案 switched off, none on another', async () => {
    await wb.areas.open();
    await wb.areas.tab('rings');
    await wb.areas.createRings('1, 2, 3');
    await expect.poll(async () => (await onScreen()).filter((l) => l.text.startsWith('本案')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await wb.areas.close();
    await wb.layers.select('map1-sites');
    await wb.layers.prop('kind-project').uncheck();
    // Back out to the city view, where the three circles' tops lie a few pixels apart.
    const info = await wb.dispatcher.call('project.info', {});
    const site = info.ok ? (info.result as { sites: Array<{ kind: string; lng: number; lat: number }> }).sites.find((s) => s.kind === 'project') : undefined;
    if (site === undefined) throw new Error('the demo has a 本案');
    await wb.map.zoomAt(site.lng, site.lat, -4);
    await expect.poll(async () => (await onScreen()).map((l) => l.text), { timeout: 30_000 }).not.toContain('杭州·云栖江澜府');
    await wb.frames(3);
    if (shots !== undefined) await wb.page.screenshot({ path: `${shots}/map-labels-concentric.png` });
    const labels = await onScreen();
    const names = labels.filter((l) => /^本案\d公里$/.test(l.text));
    expect(names.map((l) => l.text).sort()).toEqual(['本案1公里', '本案2公里', '本案3公里']);
    expect(overlaps(labels)).toEqual([]);
  }, 240_000);
});
