import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceM } from '../../native/analysis/geometry.js';
import type { MapVersion, VersionSummary } from '../../native/contract/revision.js';
import { ExcelJS } from '../../native/export/exceljs.js';
import { withEngine } from '../support/demo-engine.js';
import { tempDir } from '../support/files.js';
import { buildRevisionScenario, THIRD } from '../support/revision-scenario.js';
import { sqlRows } from '../support/sql-oracle.js';
import { Workbench } from './workbench-page.js';

const shots = process.env.KETU_SHOTS;

/*
 * The revision scenario of the engine test (test/support/revision-scenario.ts): 300 prospects saved as
 * 前期定位版 with 西湖片区 (A) and 拱墅片区 (B), 101 deals shifting to 萧山区, 180 units, so the third
 * (60 units) sold on THIRD. Every figure the panel shows is checked against SQL on the file.
 */
describe('the one-third revision in the workbench', () => {
  const dir = tempDir('ketu-e2e-revision-');
  const project = dir.file('revision.ketu');
  let wb: Workbench;

  const call = async <T,>(method: string, params: unknown): Promise<T> => {
    const reply = await wb.dispatcher.call(method, params);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.result as T;
  };
  const versionNames = async (): Promise<string[]> => (await call<VersionSummary[]>('versions.list', {})).map((v) => v.name);
  const shot = async (name: string): Promise<void> => {
    if (shots !== undefined) await wb.page.screenshot({ path: `${shots}/${name}.png` });
  };
  /** Distinct customers whose home place lies within `radiusM` of a centre, of the records `where` picks. */
  const customersNear = (where: string, centre: [number, number], radiusM: number, ...args: string[]): { inside: number; total: number } => {
    const rows = sqlRows<{ customer_id: number; lng: number; lat: number }>(
      project,
      `SELECT p.customer_id, p.lng, p.lat FROM places p JOIN customer_records r ON r.id = p.record_id WHERE p.role = 'home' AND ${where}`,
      ...args,
    );
    const inside = new Set(rows.filter((r) => distanceM([r.lng, r.lat], centre) <= radiusM).map((r) => r.customer_id));
    return { inside: inside.size, total: new Set(rows.map((r) => r.customer_id)).size };
  };
  const pct = (n: number, of: number): string => `${((n / of) * 100).toFixed(1)}%`;

  beforeAll(async () => {
    await withEngine((call) => buildRevisionScenario(call, project, dir.file));
    wb = await Workbench.start(project);
    await wb.waitReady();
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('shows the sales progress and says once that the third has been passed', async () => {
    const r = wb.revision;
    await expect.poll(() => r.progress().innerText()).toBe('已售 100/180 套（56%）');
    await expect.poll(() => r.prompt().innerText(), { timeout: 20_000 }).toContain(`已售 100/180 套（56%），${THIRD} 达到 1/3，建议进行客户地图修订`);
    await shot('revision-prompt');
    await r.promptStart().click();
    await expect.poll(() => r.panel().count()).toBe(1);
    await expect.poll(() => r.prompt().count()).toBe(0);
    expect(await call('revision.prompt', {})).toEqual({ dismissed: true });
    // Once per project: after a reload the prompt stays away.
    await wb.page.reload();
    await wb.waitReady();
    await expect.poll(() => r.progress().innerText()).toBe('已售 100/180 套（56%）');
    await wb.frames(4);
    expect(await r.prompt().count()).toBe(0);
  });

  it('saves, opens read-only, renames and deletes map versions, with undo', async () => {
    const r = wb.revision;
    await r.versionsButton().click();
    await expect.poll(() => r.versionRows().count()).toBe(1);
    // The next of the usual names is offered.
    expect(await r.versionName().inputValue()).toBe('开盘前版');
    await r.versionSave().click();
    await expect.poll(versionNames).toEqual(['前期定位版', '开盘前版']);
    await expect.poll(() => r.versionRows().count()).toBe(2);
    await shot('versions-dialog');
    await wb.page.keyboard.press('Escape');
    await wb.press('Control+z');
    await expect.poll(versionNames).toEqual(['前期定位版']);
    await wb.press('Control+Shift+z');
    await expect.poll(versionNames).toEqual(['前期定位版', '开盘前版']);

    await r.versionsButton().click();
    await r.versionRow('开盘前版').getByTestId('version-rename').click();
    await r.renameInput().fill('开盘前版（二）');
    await r.renameInput().press('Enter');
    await expect.poll(versionNames).toEqual(['前期定位版', '开盘前版（二）']);
    await wb.page.keyboard.press('Escape');
    await wb.press('Control+z');
    await expect.poll(versionNames).toEqual(['前期定位版', '开盘前版']);

    await r.versionsButton().click();
    await r.versionRow('开盘前版').getByTestId('version-remove').click();
    await wb.page.getByTestId('confirm-ok').click();
    await expect.poll(versionNames).toEqual(['前期定位版']);

    // Opened read-only: the map as it was saved, with its banner, and back to the live map.
    await r.versionRow('前期定位版').getByTestId('version-open').click();
    const saved = await call<MapVersion>('versions.get', { version: '前期定位版' });
    await expect.poll(() => r.banner().innerText()).toContain(`只读：版本 前期定位版（保存于 ${saved.createdAt.slice(0, 16).replace('T', ' ')}）`);
    expect(await r.versionView().getAttribute('data-version')).toBe('前期定位版');
    await wb.frames(6);
    await shot('version-read-only');
    await r.back().click();
    await expect.poll(() => r.versionView().count()).toBe(0);
  });

  it('compares the plan version with the deals up to the third: figures as SQL counts them', async () => {
    const r = wb.revision;
    await r.panelButton().click();
    await expect.poll(() => r.panel().count()).toBe(1);
    await r.plan().selectOption({ label: '前期定位版' });
    await expect.poll(() => r.summary().innerText(), { timeout: 20_000 }).toContain('（前期定位版）');
    const plan = "r.stage = 'prospects'";
    const actual = "r.stage = 'deals' AND json_extract(r.attributes, '$.dealDate') <= ?";
    for (const [name, centre, radius, verdict] of [
      ['西湖片区', [120.12, 30.26], 2000, '已印证'],
      ['拱墅片区', [120.17, 30.28], 1500, '偏弱'],
    ] as const) {
      const p = customersNear(plan, [centre[0], centre[1]], radius);
      const a = customersNear(actual, [centre[0], centre[1]], radius, THIRD);
      const ratio = Math.round((a.inside / a.total / (p.inside / p.total)) * 100) / 100;
      expect(await r.cells(r.areaRow(name))).toEqual([name, `${p.inside} ${pct(p.inside, p.total)}`, `${a.inside} ${pct(a.inside, a.total)}`, ratio.toFixed(2), verdict]);
    }
    // The 区县 mix against a grouped count of the same customers.
    const byDistrict = (where: string, ...args: string[]): Map<string, number> =>
      new Map(
        sqlRows<{ d: string; n: number }>(project, `SELECT p.district AS d, count(DISTINCT p.customer_id) AS n FROM places p JOIN customer_records r ON r.id = p.record_id WHERE p.role = 'home' AND ${where} GROUP BY 1`, ...args).map((x) => [x.d, x.n]),
      );
    const planD = byDistrict(plan);
    const actualD = byDistrict(actual, THIRD);
    const planN = [...planD.values()].reduce((s, n) => s + n, 0);
    const actualN = [...actualD.values()].reduce((s, n) => s + n, 0);
    for (const d of new Set([...planD.keys(), ...actualD.keys()])) {
      const p = planD.get(d) ?? 0;
      const a = actualD.get(d) ?? 0;
      const delta = Math.round((a / actualN - p / planN) * 1000) / 10;
      const row = r.mix('district').locator(`[data-testid="revision-mix-row"][data-name="${d}"]`);
      expect(await r.cells(row)).toEqual([d, `${p} ${pct(p, planN)}`, `${a} ${pct(a, actualN)}`, `${delta > 0 ? '+' : ''}${delta.toFixed(1)}`]);
      expect(await row.getAttribute('data-flagged')).toBe(String(Math.abs(delta) >= 5));
    }
    const xiaoshan = actualD.get('萧山区') ?? 0;
    expect(await r.cells(r.sourceRow('萧山区'))).toEqual(['', '萧山区', `${xiaoshan} ${pct(xiaoshan, actualN)}`, '0', '设为目标区域']);
    expect(await r.summary().innerText()).toContain(`萧山区为新增客源：成交 ${xiaoshan} 户（${pct(xiaoshan, actualN)}），前期地图未覆盖`);
    // A stricter 偏弱 threshold changes the verdict, not the figures.
    await r.panel().locator('summary', { hasText: '阈值' }).click();
    await wb.page.getByTestId('revision-th-weak').fill('0.9');
    await expect.poll(async () => (await r.cells(r.areaRow('西湖片区')))[4]).toBe('偏弱');
    await wb.page.getByTestId('revision-th-weak').fill('0.75');
    await expect.poll(async () => (await r.cells(r.areaRow('西湖片区')))[4]).toBe('已印证');
    await shot('revision-panel');
    // A filter as the plan: the prospects with the live areas (still the two of the version).
    await r.plan().selectOption({ label: '仅拓客登记' });
    await expect.poll(() => r.summary().innerText()).not.toContain('（前期定位版）');
    expect(await r.summary().innerText()).toContain(`前期地图 ${customersNear(plan, [120.12, 30.26], 0).total} 位客户、2 个目标区域`);
    await r.plan().selectOption({ label: '前期定位版' });
    await expect.poll(() => r.summary().innerText()).toContain('（前期定位版）');
  });

  it('split map: plan left, deals right, one camera; a clicked row is picked out on both sides', async () => {
    const r = wb.revision;
    await r.mode('split').click();
    await expect.poll(() => r.splitMap().getAttribute('data-mode')).toBe('split');
    await expect.poll(() => r.centre('plan'), { timeout: 30_000 }).not.toBeNull();
    await expect.poll(() => r.centre('actual'), { timeout: 30_000 }).not.toBeNull();
    const before = await r.centre('plan');
    const box = await r.side('plan').boundingBox();
    if (box === null || before === null) throw new Error('no plan map');
    await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await wb.page.mouse.down();
    await wb.page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2 + 60, { steps: 8 });
    await wb.page.mouse.up();
    await expect.poll(async () => (await r.centre('plan'))?.[0] ?? before[0]).toBeGreaterThan(before[0]);
    await expect.poll(async () => JSON.stringify(await r.centre('actual'))).toBe(JSON.stringify(await r.centre('plan')));
    // Zooming the right side (its own + button) zooms the left.
    await wb.page.getByTestId('split-actual').locator('.maplibregl-ctrl-zoom-in').click();
    await expect.poll(async () => (await r.centre('plan'))?.[2] ?? 0).toBeGreaterThan(before[2]);
    await expect.poll(async () => JSON.stringify(await r.centre('plan'))).toBe(JSON.stringify(await r.centre('actual')));
    await r.sourceRow('萧山区').click();
    expect(await r.sourceRow('萧山区').getAttribute('data-selected')).toBe('true');
    await wb.frames(6);
    await shot('revision-split');
  });

  it('swipe: the deals map over the plan, cut where the handle is dragged, still one camera', async () => {
    const r = wb.revision;
    await r.mode('swipe').click();
    await expect.poll(() => r.splitMap().getAttribute('data-mode')).toBe('swipe');
    const map = await r.splitMap().boundingBox();
    const handle = await r.swipeHandle().boundingBox();
    if (map === null || handle === null) throw new Error('no swipe');
    await wb.page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await wb.page.mouse.down();
    await wb.page.mouse.move(map.x + map.width * 0.3, handle.y + handle.height / 2, { steps: 6 });
    await wb.page.mouse.up();
    await expect.poll(async () => Number(await r.swipeHandle().getAttribute('data-swipe'))).toBeCloseTo(30, 0);
    const clip = await wb.page.getByTestId('split-actual').evaluate((el) => (el as HTMLElement).style.clipPath);
    expect(clip).toMatch(/^inset\(0(px)? 0(px)? 0(px)? (2\d|3\d)(\.\d+)?%\)$/);
    // Panning on the visible deals side moves the plan underneath with it.
    const before = await r.centre('plan');
    await wb.page.mouse.move(map.x + map.width * 0.7, map.y + map.height / 2);
    await wb.page.mouse.down();
    await wb.page.mouse.move(map.x + map.width * 0.7 + 100, map.y + map.height / 2 - 50, { steps: 8 });
    await wb.page.mouse.up();
    await expect.poll(async () => JSON.stringify(await r.centre('plan'))).not.toBe(JSON.stringify(before));
    await expect.poll(async () => JSON.stringify(await r.centre('plan'))).toBe(JSON.stringify(await r.centre('actual')));
    await wb.frames(6);
    await shot('revision-swipe');
  });

  it('change map: districts in actual share − plan share with a counted legend', async () => {
    const r = wb.revision;
    await r.mode('change').click();
    await expect.poll(() => r.changeMap().count()).toBe(1);
    const counts = async (): Promise<number[]> => (await r.changeLegend().locator('[data-count]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count')))));
    // 西湖区 −10 pp and 萧山区 +40 pp are the known shifts of the scenario.
    await expect.poll(async () => (await counts()).reduce((s, n) => s + n, 0), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    const c = await counts();
    expect(c[0]).toBeGreaterThanOrEqual(1);
    expect(c[6]).toBeGreaterThanOrEqual(1);
    await wb.frames(6);
    await shot('revision-change');
    await r.mode('change').click();
  });

  it('makes a new source a target area (undoable) and exports the report', async () => {
    const r = wb.revision;
    const areas = async (): Promise<string[]> => (await call<Array<{ name: string }>>('areas.list', {})).map((a) => a.name);
    expect(await areas()).toEqual(['西湖片区', '拱墅片区']);
    await r.sourceRow('萧山区').getByTestId('revision-source-add').click();
    await expect.poll(areas).toEqual(['西湖片区', '拱墅片区', '萧山区']);
    await wb.press('Control+z');
    await expect.poll(areas).toEqual(['西湖片区', '拱墅片区']);
    await r.exportButton().click();
    const out = dir.file('revision-修订对比.xlsx');
    await expect.poll(() => wb.toast()).toContain(out);
    expect(existsSync(out)).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets.map((w) => w.name).slice(0, 3)).toEqual(['摘要', '目标区域', '新增客源']);
  });

  it('保存为修订版: the areas regraded by the deals and the chosen new source added, in a new version', async () => {
    const r = wb.revision;
    await r.sourceRow('萧山区').getByTestId('revision-source-check').check();
    await r.saveName().fill('1/3 修订版');
    await r.save().click();
    await expect.poll(versionNames).toEqual(['前期定位版', '1/3 修订版']);
    const v = await call<MapVersion>('versions.get', { version: '1/3 修订版' });
    // 已印证 keeps A, 偏弱 takes B down to C, the new source (40 % of the deals) comes in at A.
    expect(v.areaList.map((a) => [a.name, a.grade])).toEqual([
      ['西湖片区', 'A'],
      ['拱墅片区', 'C'],
      ['萧山区', 'A'],
    ]);
    await expect.poll(() => wb.toast()).toContain('已保存修订版「1/3 修订版」（3 个目标区域）');
    // The live map keeps its areas; undo removes the version.
    expect((await call<Array<{ name: string; grade: string }>>('areas.list', {})).map((a) => [a.name, a.grade])).toEqual([
      ['西湖片区', 'A'],
      ['拱墅片区', 'B'],
    ]);
    await wb.press('Control+z');
    await expect.poll(versionNames).toEqual(['前期定位版']);
  });
});
