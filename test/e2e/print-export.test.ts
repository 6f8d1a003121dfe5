import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PrintFrameFacts } from '../../native/contract/print-layout.js';
import { ExcelJS } from '../../native/export/exceljs.js';
import { ketuJson, pdfPagesAsPng, tool } from '../support/print-files.js';
import { sqlNumber } from '../support/sql-oracle.js';
import { demoCopy, distinctColours } from './workbench-page.js';

/*
 * Print pages read back as a planner's tools read them: poppler (pdfinfo, pdffonts, pdfimages, pdftotext,
 * pdftoppm), unzip for the PPTX and LibreOffice Impress converting it. Pages are small (A4, one map) because
 * SwiftShader draws WebGL slowly; each page is also saved under KETU_SHOTS (default /work/shots/h5) to look at.
 */

const shots = process.env.KETU_SHOTS ?? '/work/shots/h5';

/** Places of a role inside [w, s, e, n], counted by hand in SQL. */
function placesInside(project: string, role: string, b: readonly number[]): number {
  return sqlNumber(project, 'SELECT count(*) FROM places WHERE role = ? AND lng >= ? AND lng <= ? AND lat >= ? AND lat <= ?', role, b[0] ?? 0, b[2] ?? 0, b[1] ?? 0, b[3] ?? 0);
}

/** Metres per mm of the printed frame, from its bounds alone (Web Mercator: true scale along the centre's parallel). */
function metresPerMm(f: PrintFrameFacts): number {
  const [w, , e] = f.bounds;
  return ((((e - w) * Math.PI) / 180) * 6378137 * Math.cos((f.centerLat * Math.PI) / 180)) / f.frameMm.w;
}

describe('ketu export pdf / png / pptx / pack', () => {
  const { dir, project } = demoCopy('ketu-print-');
  afterAll(() => dir.remove());

  it('prints 地图1 on A4 landscape at 300 dpi: page size, embedded CJK TrueType, a 300 ppi map, legend counted inside the frame, a true scale bar', async () => {
    const out = dir.file('map1.pdf');
    const r = (await ketuJson(['export', 'pdf', project, '--template', '地图1', '--paper', 'A4', '--landscape', '--dpi', '300', '--out', out])) as { pages: number; frames: PrintFrameFacts[] };
    expect(r.pages).toBe(1);

    const info = tool('pdfinfo', out);
    expect(info).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/);

    const fonts = tool('pdffonts', out);
    expect(fonts).toMatch(/NotoSansSC\S*\s+CID TrueType\s+Identity-H\s+yes/);
    expect(fonts).not.toContain('Type 3');

    // The map is one image placed at 300 ppi, never upscaled from fewer pixels.
    const images = tool('pdfimages', '-list', out).split('\n').slice(2).filter((l) => l.trim() !== '');
    const map = images.map((l) => l.trim().split(/\s+/)).find((c) => Number(c[3]) > 1000);
    expect(map).toBeDefined();
    expect(Number(map?.[12])).toBeGreaterThanOrEqual(295);
    expect(Number(map?.[13])).toBeGreaterThanOrEqual(295);
    const frame = r.frames[0];
    if (frame === undefined) throw new Error('no frame facts');
    expect(frame.image.widthPx).toBe(Number(map?.[3]));

    // Legend rows: what the frame shows, counted inside it, equal to a hand count in SQL.
    const homes = frame.legends.flatMap((l) => l.entries).find((e) => e.label === '住家');
    const work = frame.legends.flatMap((l) => l.entries).find((e) => e.label === '工作');
    expect(homes?.count).toBe(placesInside(project, 'home', frame.bounds));
    expect(work?.count).toBe(placesInside(project, 'work', frame.bounds));
    expect(homes?.count ?? 0).toBeLessThan(sqlNumber(project, "SELECT count(*) FROM places WHERE role = 'home'"));

    // Scale bar: a round length whose width on paper matches the frame's metres per mm at its centre.
    expect(String(frame.scale.metres)).toMatch(/^[125]0*$/);
    expect((frame.scale.widthMm * metresPerMm(frame)) / frame.scale.metres).toBeCloseTo(1, 1);

    const text = tool('pdftotext', '-layout', out, '-');
    expect(text).toContain('杭州·云栖江澜府 生活工作分布图');
    expect(text).toMatch(new RegExp(`住家\\s+${(homes?.count ?? 0).toLocaleString('en-US')}`));
    expect(text).toContain(frame.scale.label);
    expect(text).toMatch(/编制日期：\d{4}-\d{2}-\d{2}/);
    // The demo map shows every stage: the note gives all its customers and the deals among them, as SQL counts them.
    const note = /数据：客户 ([\d,]+) 户（成交 ([\d,]+) 户）\s*，截至 \d{4}-\d{2}-\d{2}/.exec(text);
    expect(Number(note?.[1]?.replace(/,/g, ''))).toBe(sqlNumber(project, 'SELECT count(DISTINCT customer_id) FROM places'));
    expect(Number(note?.[2]?.replace(/,/g, ''))).toBe(sqlNumber(project, "SELECT count(DISTINCT p.customer_id) FROM places p JOIN customer_records r ON r.id = p.record_id WHERE r.stage = 'deals'"));
    expect(text).toMatch(/第\s*1\s*页\s*\/\s*共\s*1\s*页/);

    const [page] = pdfPagesAsPng(out, 60, shots, 'test-map1-a4-300dpi');
    expect(page === undefined ? 0 : distinctColours(page)).toBeGreaterThan(200);
  }, 900_000);

  it('writes a page PNG at the true pixel size of its dpi with the dpi in pHYs', async () => {
    const out = dir.file('map1.png');
    const r = (await ketuJson(['export', 'png', project, '--template', '地图1', '--paper', 'A4', '--landscape', '--dpi', '150', '--out', out])) as { widthPx: number; heightPx: number };
    const png = PNG.sync.read(readFileSync(out));
    // A4 landscape at 150 dpi: 297 × 210 mm → 1753.9 × 1240.2 px (Chromium rounds the page box up).
    expect(Math.abs(png.width - (297 / 25.4) * 150)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(png.height - (210 / 25.4) * 150)).toBeLessThanOrEqual(1.5);
    expect([r.widthPx, r.heightPx]).toEqual([png.width, png.height]);
    const bytes = readFileSync(out);
    const at = bytes.indexOf('pHYs');
    expect(at).toBeGreaterThan(0);
    expect(bytes.readUInt32BE(at + 4)).toBe(Math.round(150 / 0.0254));
    expect(bytes[at + 12]).toBe(1);
    copyFileSync(out, join(shots, 'test-map1-a4-150dpi.png'));
    expect(distinctColours(png)).toBeGreaterThan(200);
  }, 600_000);

  it('writes a PPTX of 地图1 and 排名 with editable text and native charts that LibreOffice Impress opens', async () => {
    const out = dir.file('deck.pptx');
    // What the slides hold is asked here, not the picture's density (the PDF test asks that): 150 dpi draws a quarter of the pixels.
    const r = (await ketuJson(['export', 'pptx', project, '--template', '地图1,排名', '--dpi', '150', '--out', out])) as { pages: number };
    expect(r.pages).toBe(2);
    const list = tool('unzip', '-l', out);
    expect(list).toContain('ppt/slides/slide1.xml');
    expect(list).toContain('ppt/slides/slide2.xml');
    expect(list).not.toContain('ppt/slides/slide3.xml');
    expect(list).toMatch(/ppt\/media\/image[^\s]*\.png/);
    const slide1 = tool('unzip', '-p', out, 'ppt/slides/slide1.xml');
    expect(slide1).toContain('生活工作分布图');
    expect(slide1).toMatch(/住家 {2}[\d,]+/);
    // 排名: three native bar charts; the 居住小区 chart names the top community of a hand count.
    const charts = list.match(/ppt\/charts\/chart\d+\.xml/g) ?? [];
    expect(charts.length).toBe(3);
    const top = sqlNumber(project, "SELECT count(DISTINCT customer_id) FROM places WHERE role = 'home' AND name = (SELECT name FROM places WHERE role = 'home' AND name IS NOT NULL GROUP BY name ORDER BY count(DISTINCT customer_id) DESC, name LIMIT 1)");
    const chartXml = charts.map((c) => tool('unzip', '-p', out, c)).join('\n');
    expect(chartXml).toContain('<c:barDir val="bar"/>');
    expect(chartXml).toContain(`<c:v>${top}</c:v>`);

    if (!existsSync('/usr/bin/soffice')) throw new Error('LibreOffice (soffice) is required for this test');
    const lo = dir.file('lo');
    mkdirSync(lo, { recursive: true });
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', lo, out], { stdio: 'ignore', timeout: 180_000 });
    const pdf = join(lo, 'deck.pdf');
    expect(tool('pdfinfo', pdf)).toMatch(/Pages:\s+2/);
    // Impress draws the charts (their titles and bars are the chart's, not text boxes); the slide title is text.
    expect(tool('pdftotext', pdf, '-')).toContain('客户排名');
    expect(chartXml).toContain('居住小区前15位');
    const pages = pdfPagesAsPng(pdf, 40, shots, 'test-deck-libreoffice');
    expect(pages.every((p) => distinctColours(p) > 20)).toBe(true);
  }, 900_000);

  it('packs 地图1, 地图2, 排名 and an atlas page per area as one PDF and one PPTX, with the lists masked', async () => {
    await ketuJson(['areas', 'add', project, '--name', '西溪片区', '--circle', '120.08,30.27,2500']);
    await ketuJson(['areas', 'add', project, '--name', '滨江片区', '--circle', '120.20,30.20,2500']);
    const out = dir.file('pack');
    const r = (await ketuJson(['export', 'pack', project, '--out', out, '--areas', '--paper', 'A4', '--dpi', '150'])) as { pages: number; files: string[] };
    expect(r.pages).toBe(5);
    const pdf = r.files.find((f) => f.endsWith('.pdf')) ?? '';
    expect(tool('pdfinfo', pdf)).toMatch(/Pages:\s+5/);
    const text = tool('pdftotext', '-layout', pdf, '-');
    for (const title of ['生活工作分布图', '行业工作分布图', '客户排名', '区域图册 · 西溪片区', '区域图册 · 滨江片区']) expect(text).toContain(title);
    expect(text).toMatch(/第\s*5\s*页\s*\/\s*共\s*5\s*页/);
    const pages = pdfPagesAsPng(pdf, 30, shots, 'test-pack');
    expect(pages.length).toBe(5);
    expect(pages.every((p) => distinctColours(p) > 30)).toBe(true);

    const xlsx = r.files.find((f) => f.endsWith('.xlsx')) ?? '';
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((w) => w.name).sort()).toEqual(['滨江片区', '西溪片区'].sort());
    const phones: string[] = [];
    wb.worksheets[0]?.eachRow((row) => row.eachCell((c) => (typeof c.value === 'string' && /^1\d{2}\*{4}\d{4}$/.test(c.value) ? phones.push(c.value) : undefined)));
    expect(phones.length).toBeGreaterThan(0);
    expect(r.files.some((f) => f.endsWith('.pptx'))).toBe(true);
  }, 1_200_000);
});
