import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPrintLayout, mercatorY, pageGeometry } from '../../native/contract/print-layout.js';
import type { PrintFrameFacts } from '../../native/contract/print-layout.js';
import { runCli } from '../../native/host/cli.js';
import { withEngine } from '../support/demo-engine.js';
import { demoCopy } from './workbench-page.js';

/*
 * The printed 地图1 page's cartography, read back from the PDF and the frame facts the export reports:
 * each ring round 本案 drawn and listed once (辐射区's circles are the site layer's rings), the layout's 本案
 * marker switch, and each basemap name (districts above all) printed once on the page.
 */

const shots = process.env.KETU_SHOTS ?? '/work/shots/h3';

function tool(cmd: string, ...args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

async function exportMap1(project: string, out: string): Promise<PrintFrameFacts> {
  const lines: string[] = [];
  const code = await runCli(['export', 'pdf', project, '--template', '地图1', '--paper', 'A4', '--landscape', '--dpi', '150', '--out', out, '--json'], (l) => lines.push(l));
  if (code !== 0) throw new Error(`ketu export failed: ${lines.join('\n')}`);
  const r = JSON.parse(lines.at(-1) ?? '{}') as { frames: PrintFrameFacts[] };
  const frame = r.frames[0];
  if (frame === undefined) throw new Error('no frame facts');
  return frame;
}

const DPI = 100;

/** The page at 100 dpi, kept under the shots folder to look at. */
function keepPng(pdf: string, name: string): PNG {
  const prefix = pdf.replace(/\.pdf$/, '');
  tool('pdftoppm', '-png', '-r', String(DPI), '-singlefile', pdf, prefix);
  mkdirSync(shots, { recursive: true });
  const file = readdirSync(join(prefix, '..')).find((f) => f === `${prefix.split('/').at(-1) ?? ''}.png`);
  if (file === undefined) throw new Error('pdftoppm wrote no page');
  copyFileSync(join(prefix, '..', file), join(shots, `${name}.png`));
  return PNG.sync.read(readFileSync(join(prefix, '..', file)));
}

type Rgb = [number, number, number];
const rgbOf = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const pixel = (png: PNG, x: number, y: number): Rgb => {
  const i = (Math.round(y) * png.width + Math.round(x)) * 4;
  return [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
};
const apart = (a: Rgb, b: Rgb): number => Math.max(...a.map((v, k) => Math.abs(v - (b[k] ?? 0))));

/** The colour of the legend swatch printed left of the text `label`: the commonest coloured pixel there. */
function swatchLeftOf(pdf: string, png: PNG, label: string): Rgb {
  const html = tool('pdftotext', '-bbox', pdf, '-');
  const m = new RegExp(`<word xMin="([\\d.]+)" yMin="([\\d.]+)" xMax="[\\d.]+" yMax="([\\d.]+)">${label}</word>`).exec(html);
  if (m === null) throw new Error(`no ${label} on the page`);
  const [x0, y0, y1] = [m[1], m[2], m[3]].map((v) => (Number(v) * DPI) / 72) as [number, number, number];
  const h = y1 - y0;
  const seen = new Map<string, number>();
  for (let y = y0 + h * 0.3; y <= y1 - h * 0.3; y++) {
    for (let x = x0 - h * 1.6; x < x0; x++) {
      const c = pixel(png, x, y);
      if (apart(c, [255, 255, 255]) > 60) seen.set(c.join(','), (seen.get(c.join(',')) ?? 0) + 1);
    }
  }
  const top = [...seen].sort((a, b) => b[1] - a[1])[0];
  if (top === undefined) throw new Error(`no swatch left of ${label}`);
  return top[0].split(',').map(Number) as Rgb;
}

/**
 * How many of 24 points on the circle of `radiusM` round `centre` (its north, where the name sits, left out)
 * have a pixel within `tol` of `colour` close by: the printed frame's outline of that circle, in that colour.
 */
function circleDrawnIn(png: PNG, f: PrintFrameFacts, frameAt: { x: number; y: number }, centre: { lng: number; lat: number }, radiusM: number, colour: Rgb, tol: number): number {
  const [w, s, e, n] = f.bounds;
  const px = (mm: number): number => (mm * DPI) / 25.4;
  let hits = 0;
  for (let k = 0; k < 24; k++) {
    const a = (k / 24) * 2 * Math.PI;
    if (Math.sin(a) > 0.5) continue;
    const lng = centre.lng + (Math.cos(a) * radiusM) / (111_320 * Math.cos((centre.lat * Math.PI) / 180));
    const lat = centre.lat + (Math.sin(a) * radiusM) / 110_574;
    const x = px(frameAt.x + ((lng - w) / (e - w)) * f.frameMm.w);
    const y = px(frameAt.y + ((mercatorY(n) - mercatorY(lat)) / (mercatorY(n) - mercatorY(s))) * f.frameMm.h);
    let near = false;
    for (let dy = -3; dy <= 3 && !near; dy++) for (let dx = -3; dx <= 3 && !near; dx++) near = apart(pixel(png, x + dx, y + dy), colour) <= tol;
    if (near) hits++;
  }
  return hits;
}

/** Pairs of KeTu names on the printed frame whose boxes intersect. */
function overlapping(labels: PrintFrameFacts['mapLabels']): string[] {
  const out: string[] = [];
  labels.forEach((a, i) => {
    for (const b of labels.slice(i + 1)) if (a.box[0] < b.box[2] && b.box[0] < a.box[2] && a.box[1] < b.box[3] && b.box[1] < a.box[3]) out.push(`${a.text} × ${b.text}`);
  });
  return out;
}

function occurrences(text: string, word: string): number {
  return text.split(word).length - 1;
}

describe('printed 地图1 cartography', () => {
  const { dir, project } = demoCopy('ketu-print-carto-');
  let site = { lng: 0, lat: 0 };
  afterAll(() => dir.remove());

  beforeAll(async () => {
    // 辐射区 made 1 and 3 km round 本案 (the site layer's own radii are 1, 3, 5 km), and 2 km with it.
    await withEngine(async (call) => {
      const info = await call('project.open', { path: project });
      const found = info.sites.find((s) => s.kind === 'project');
      if (found === undefined) throw new Error('the demo has a 本案');
      site = found;
      for (const km of [1, 2, 3]) await call('areas.add', { name: `本案${km}公里`, shape: { kind: 'circle', lng: site.lng, lat: site.lat, radiusM: km * 1000 } });
    });
  }, 60_000);

  it('draws and lists each ring round 本案 once, names each district once, and leaves 本案 off when its marker is switched off', async () => {
    const out = dir.file('map1.pdf');
    const frame = await exportMap1(project, out);
    keepPng(out, 'print-map1-rings');
    const entries = frame.legends.flatMap((l) => l.entries);
    // One legend row per ring, the 辐射区 ones under their own names, each with its band and cumulative counts.
    const rings = entries.filter((e) => e.shape === 'ring').map((e) => e.label.split('：')[0]);
    expect(rings).toEqual(['本案1公里', '本案2公里', '本案3公里', '5 公里圈']);
    expect(entries.filter((e) => e.shape === 'ring').every((e) => /公里住家 [\d]+ 户，\d 公里内累计 [\d]+ 户$/.test(e.label))).toBe(true);
    // …and not a second time among the target areas.
    expect(frame.legends.some((l) => l.title.startsWith('目标区域') && l.entries.some((e) => e.label.startsWith('本案')))).toBe(false);
    // On the map itself each circle keeps its name, the 5 km ring too, none on top of another.
    expect(frame.mapLabels.map((l) => l.text)).toEqual(expect.arrayContaining(['本案1公里', '本案2公里', '本案3公里', '5 km', '杭州·云栖江澜府']));
    expect(overlapping(frame.mapLabels)).toEqual([]);
    const text = tool('pdftotext', '-layout', out, '-');
    for (const name of ['本案1公里', '本案2公里', '本案3公里']) expect(occurrences(text, name), name).toBe(1);

    // The basemap's names are in the map picture: the frame reports each label MapLibre drew there.
    const names = frame.basemapLabels;
    expect(names.filter((n) => /[区县]$/.test(n)).length).toBeGreaterThanOrEqual(3);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);

    // The layout's 本案 marker switched off: no 本案 on the frame or in its legend; its circles are plain target areas again.
    await withEngine(async (call) => {
      await call('project.open', { path: project });
      const layout = defaultPrintLayout('地图1');
      await call('print.layouts.save', { layout: { ...layout, elements: { ...layout.elements, siteMarker: false } } });
    });
    const bare = dir.file('map1-no-marker.pdf');
    const without = await exportMap1(project, bare);
    const page = keepPng(bare, 'print-map1-no-marker');
    const rows = without.legends.flatMap((l) => l.entries);
    expect(rows.some((e) => e.label === '本案' || e.shape === 'ring')).toBe(false);
    // The three concentric circles' names all printed (their tops a few pixels apart at this scale), apart.
    const printed = without.mapLabels.map((l) => l.text);
    expect(printed.filter((t) => /^本案\d公里$/.test(t)).sort()).toEqual(['本案1公里', '本案2公里', '本案3公里']);
    expect(printed).not.toContain('杭州·云栖江澜府');
    expect(overlapping(without.mapLabels)).toEqual([]);
    const areaRows = without.legends.find((l) => l.title.startsWith('目标区域'))?.entries ?? [];
    expect(areaRows.map((e) => e.label)).toEqual(expect.arrayContaining(['本案1公里', '本案2公里', '本案3公里']));

    // Each area's swatch on the paper is the colour its circle is drawn in on the printed map (blue: no colour or grade of its own).
    const geometry = pageGeometry({ widthMm: 297, heightMm: 210, template: '地图1', elements: { ...defaultPrintLayout('地图1').elements, siteMarker: false } });
    if (geometry.frame === null) throw new Error('地图1 has a map frame');
    for (const km of [1, 2, 3]) {
      const swatch = swatchLeftOf(bare, page, `本案${km}公里`);
      expect(apart(swatch, rgbOf(areaRows.find((e) => e.label === `本案${km}公里`)?.color ?? '#000000'))).toBeLessThanOrEqual(6);
      expect(apart(swatch, rgbOf('#2563eb'))).toBeLessThanOrEqual(6);
      // The outline is drawn at 90 % opacity over the basemap, so a little lighter than the swatch.
      expect(circleDrawnIn(page, without, geometry.frame, site, km * 1000, swatch, 45), `${km} km circle`).toBeGreaterThanOrEqual(12);
    }
  }, 900_000);
});
