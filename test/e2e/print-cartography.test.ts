import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPrintLayout } from '../../native/contract/print-layout.js';
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

/** The page as a PNG under the shots folder, to look at. */
function keepPng(pdf: string, name: string): void {
  const prefix = pdf.replace(/\.pdf$/, '');
  tool('pdftoppm', '-png', '-r', '100', '-singlefile', pdf, prefix);
  mkdirSync(shots, { recursive: true });
  const file = readdirSync(join(prefix, '..')).find((f) => f === `${prefix.split('/').at(-1) ?? ''}.png`);
  if (file !== undefined) copyFileSync(join(prefix, '..', file), join(shots, `${name}.png`));
}

function occurrences(text: string, word: string): number {
  return text.split(word).length - 1;
}

describe('printed 地图1 cartography', () => {
  const { dir, project } = demoCopy('ketu-print-carto-');
  afterAll(() => dir.remove());

  beforeAll(async () => {
    // 辐射区 made 1 and 3 km round 本案 (the site layer's own radii are 1, 3, 5 km), and 2 km with it.
    await withEngine(async (call) => {
      const info = await call('project.open', { path: project });
      const site = info.sites.find((s) => s.kind === 'project');
      if (site === undefined) throw new Error('the demo has a 本案');
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
    keepPng(bare, 'print-map1-no-marker');
    const rows = without.legends.flatMap((l) => l.entries);
    expect(rows.some((e) => e.label === '本案' || e.shape === 'ring')).toBe(false);
    expect(without.legends.find((l) => l.title.startsWith('目标区域'))?.entries.map((e) => e.label)).toEqual(expect.arrayContaining(['本案1公里', '本案2公里', '本案3公里']));
  }, 900_000);
});
