import type { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verdictColors } from '../../native/contract/revision.js';
import type { Revision } from '../../native/contract/revision.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { engineCall } from '../support/engine-call.js';
import { tempDir } from '../support/files.js';
import { ketuJson, pdfPagesAsPng, tool } from '../support/print-files.js';
import { buildRevisionScenario, THIRD } from '../support/revision-scenario.js';
import { distinctColours } from './workbench-page.js';

/*
 * `ketu export pdf|pptx --template 修订` and `ketu export pack --revision` on the revision scenario, read back
 * with pdftotext, pdftoppm and unzip. Pages are saved under KETU_SHOTS (default /work/shots/h4) to look at.
 */

const shots = process.env.KETU_SHOTS ?? '/work/shots/h4';

/** Pixels within `tol` of a colour (per channel): the verdict outlines drawn on the map. */
function pixelsNear(png: PNG, hex: string, tol: number): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (Math.abs((png.data[i] ?? 0) - r) <= tol && Math.abs((png.data[i + 1] ?? 0) - g) <= tol && Math.abs((png.data[i + 2] ?? 0) - b) <= tol) n++;
  return n;
}

describe('the 修订 print template', () => {
  const dir = tempDir('ketu-revision-print-');
  const project = dir.file('revision.ketu');
  let compared: Revision;

  beforeAll(async () => {
    const { dispatcher, engine } = createEngineHost();
    const call = engineCall(dispatcher);
    await buildRevisionScenario(call, project, dir.file);
    compared = await call('revision.compare', {});
    await call('project.close', {});
    engine.close();
  }, 300_000);
  afterAll(() => dir.remove());

  it('prints the plan-vs-actual map, the comparison table and the summary as three PDF pages', async () => {
    const out = dir.file('revision.pdf');
    const r = (await ketuJson(['export', 'pdf', project, '--template', '修订', '--paper', 'A4', '--landscape', '--dpi', '150', '--out', out])) as { pages: number };
    expect(r.pages).toBe(3);
    expect(tool('pdfinfo', out)).toMatch(/Pages:\s+3/);
    const pages = [1, 2, 3].map((p) => tool('pdftotext', '-layout', '-f', String(p), '-l', String(p), out, '-'));
    // Page 1: the map, its legend naming each area with its verdict, plan and deals (the deals as the count).
    expect(pages[0]).toContain('1/3 修订 · 计划与成交对比图');
    for (const a of compared.areas) expect(pages[0]).toMatch(new RegExp(`${a.name} · ${a.grade}（计划 ${a.plan}）\\s+${a.actual}`));
    expect(pages[0]).toContain(`数据：前期地图客户 300 位，成交客户 60 户，截至 ${THIRD}（达到 1/3）`);
    // Page 2: per area plan count and share, actual count and share, ratio and verdict, as revision.compare has them.
    expect(pages[1]).toContain('目标区域：计划与成交');
    for (const a of compared.areas) {
      const row = [a.name, a.plan, `${(a.planShare * 100).toFixed(1)}%`, a.actual, `${(a.actualShare * 100).toFixed(1)}%`, a.ratio?.toFixed(2), a.grade].join('\\s+');
      expect(pages[1]).toMatch(new RegExp(row));
    }
    expect(pages[1]).toMatch(/西湖片区\s+150\s+50\.0%\s+24\s+40\.0%\s+0\.80\s+已印证/);
    expect(pages[1]).toMatch(/萧山区\s+区县\s+24\s+40\.0%\s+0/);
    // Page 3: 对不对 / 够不够 / 好不好 with the panel's sentences (pdftotext breaks lines at full-width commas).
    const summary = (pages[2] ?? '').replace(/\s+/g, '');
    for (const heading of ['对不对', '够不够', '好不好']) expect(summary).toContain(heading);
    for (const line of compared.summary) expect(summary).toContain(line.replace(/\s+/g, ''));
    expect(summary).toContain('萧山区为新增客源：成交24户（40.0%），前期地图未覆盖');
    expect(summary).toContain('剩余80套');
    expect(summary).toContain('项目中没有竞品客户');
    expect(summary).toContain('第3页/共3页');

    const pngs = pdfPagesAsPng(out, 60, shots, 'revision-a4');
    expect(pngs.length).toBe(3);
    expect(pngs.every((p) => distinctColours(p) > 20)).toBe(true);
    // The map page draws 西湖片区 in the 已印证 colour and 拱墅片区 in the 偏弱 colour (outlines and legend swatches).
    const map = pngs[0];
    if (map === undefined) throw new Error('no map page');
    expect(pixelsNear(map, verdictColors.已印证, 30)).toBeGreaterThan(20);
    expect(pixelsNear(map, verdictColors.偏弱, 30)).toBeGreaterThan(20);
  }, 900_000);

  it('adds the three pages to the pack with --revision, in the PDF and the PPTX', async () => {
    const out = dir.file('pack');
    const r = (await ketuJson(['export', 'pack', project, '--out', out, '--revision', '--paper', 'A4', '--dpi', '150'])) as { pages: number; files: string[] };
    expect(r.pages).toBe(6);
    const pdf = r.files.find((f) => f.endsWith('.pdf')) ?? '';
    const text = tool('pdftotext', '-layout', pdf, '-');
    for (const title of ['生活工作分布图', '行业工作分布图', '客户排名', '计划与成交对比图', '计划与成交对比表', '对不对 · 够不够 · 好不好']) expect(text).toContain(title);
    const pptx = r.files.find((f) => f.endsWith('.pptx')) ?? '';
    const list = tool('unzip', '-l', pptx);
    expect(list).toContain('ppt/slides/slide6.xml');
    const table = tool('unzip', '-p', pptx, 'ppt/slides/slide5.xml');
    for (const cell of ['西湖片区', '150', '50.0%', '24', '40.0%', '0.80', '已印证']) expect(table).toContain(`<a:t>${cell}</a:t>`);
    expect(tool('unzip', '-p', pptx, 'ppt/slides/slide6.xml')).toContain('好不好：与竞品相比');
  }, 1_200_000);
});
