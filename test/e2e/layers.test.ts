import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { industryColors } from '../../renderer/map/layers/places-industry.js';
import { roleColors } from '../../renderer/map/layers/places-role.js';
import { countNear, demoCopy, distinctColours, Workbench } from './workbench-page.js';

/** The layers saved in the file, read with SQL independently of the engine. */
function savedLayers(path: string): Array<{ id: string; name: string; type: string; visible: boolean; radiusPixels?: number; filter?: { dateRange?: unknown } }> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT config FROM layers ORDER BY position').pluck().all() as string[];
    return rows.map((r) => (JSON.parse(r) as { config: { id: string; name: string; type: string; visible: boolean; radiusPixels?: number; filter?: { dateRange?: unknown } } }).config);
  } finally {
    db.close();
  }
}

function countRole(path: string, role: string): number {
  const db = new Database(path, { readonly: true });
  const n = db.prepare('SELECT count(*) FROM places WHERE role = ?').pluck().get(role) as number;
  db.close();
  return n;
}

/** 成交客户 homes of 洋房 at 90–120㎡ (and `extra`), counted straight from the file, not by the workbench's code. */
function dealHomes(path: string, extra = ''): number {
  const db = new Database(path, { readonly: true });
  const n = db
    .prepare(
      `SELECT count(*) FROM places p JOIN customer_records r ON r.id = p.record_id
        WHERE p.role = 'home' AND r.stage = 'deals' AND json_extract(r.attributes, '$.product') = '洋房'
          AND json_extract(r.attributes, '$.area') >= 90 AND json_extract(r.attributes, '$.area') < 120 ${extra}`,
    )
    .pluck()
    .get() as number;
  db.close();
  return n;
}

describe('the layer panel on the demo project', () => {
  const { dir, project } = demoCopy('ketu-layers-');
  let wb: Workbench;
  let total = 0;
  let homes = 0;

  /** Layer ids as the panel lists them, top (drawn last) first. */
  const rows = (): Promise<string[]> => wb.layers.ids();
  const name = (id: string): Promise<string> => wb.layers.name(id);
  const press = (keys: string): Promise<void> => wb.press(keys);

  beforeAll(async () => {
    homes = countRole(project, 'home');
    total = homes + countRole(project, 'work') + countRole(project, 'leisure');
    wb = await Workbench.start(project);
    await wb.waitReady(total);
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('starts with one layer per role and the sites, each with its count and a legend', async () => {
    expect(await rows()).toEqual(['sites', 'leisure', 'work', 'home']);
    expect(await name('home')).toBe('住家');
    expect(await wb.layers.count('home')).toBe(homes);
    expect(await wb.layers.swatchRgb('home')).toEqual([...roleColors.home]);
    const sites = await wb.layers.legend('sites').innerText();
    for (const [from, to] of [[0, 1], [1, 3], [3, 5]]) expect(sites).toMatch(new RegExp(`${to} 公里圈：${from}–${to} 公里住家 \\d+ 户，${to} 公里内累计 \\d+ 户`));
    // Nothing saved yet: the defaults are not written until the planner changes something.
    expect(savedLayers(project)).toEqual([]);
  });

  it('adds, renames, duplicates, reorders, hides and removes layers, each undone and redone', async () => {
    const { page, layers } = wb;
    await layers.add('heatmap');
    // Area layers go under the points.
    await expect.poll(rows).toEqual(['sites', 'leisure', 'work', 'home', 'heatmap-5']);
    expect(await name('heatmap-5')).toBe('热力图');

    await layers.rename('heatmap-5', '住家热力');
    await expect.poll(() => name('heatmap-5')).toBe('住家热力');

    await layers.duplicate('heatmap-5');
    await expect.poll(rows).toEqual(['sites', 'leisure', 'work', 'home', 'heatmap-5-2', 'heatmap-5']);
    expect(await name('heatmap-5-2')).toBe('住家热力 副本');

    // Keyboard: Alt+↓ moves the focused row one step down the list (under the original).
    await layers.row('heatmap-5-2').focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(rows).toEqual(['sites', 'leisure', 'work', 'home', 'heatmap-5', 'heatmap-5-2']);
    // And the ▲ button moves it back.
    await layers.moveUp('heatmap-5-2');
    await expect.poll(rows).toEqual(['sites', 'leisure', 'work', 'home', 'heatmap-5-2', 'heatmap-5']);

    // Hiding 住家 takes its points off the map (pixels and the hook's count).
    const home = await layers.swatchRgb('home');
    await layers.toggle('heatmap-5');
    await layers.toggle('heatmap-5-2');
    await wb.waitReady(total);
    const withHomes = countNear(await wb.map.pixels(), home);
    expect(withHomes).toBeGreaterThan(400);
    await layers.toggle('home');
    await wb.waitReady(total - homes);
    await expect.poll(async () => countNear(await wb.map.pixels(), home), { timeout: 60_000 }).toBeLessThan(withHomes / 5);

    await layers.remove('heatmap-5-2');
    await expect.poll(rows).toEqual(['sites', 'leisure', 'work', 'home', 'heatmap-5']);

    // Undo: the removal, then the hiding of 住家; redo brings the hiding back (Ctrl+Shift+Z), then Ctrl+Y the removal.
    await press('Control+z');
    await expect.poll(rows).toEqual(['sites', 'leisure', 'work', 'home', 'heatmap-5-2', 'heatmap-5']);
    await press('Control+z');
    await wb.waitReady(total);
    expect(await layers.isVisible('home')).toBe(true);
    await press('Control+Shift+z');
    await wb.waitReady(total - homes);
    await press('Control+z');
    await wb.waitReady(total);
    await press('Control+y');
    await wb.waitReady(total - homes);
    await press('Control+y');
    await expect.poll(rows).toEqual(['sites', 'leisure', 'work', 'home', 'heatmap-5']);
    expect((await wb.hook()).renderedPoints).toBe(total - homes);

    // Every change was saved: the file holds the list the panel shows (bottom first).
    await expect.poll(() => savedLayers(project).map((l) => l.id)).toEqual(['heatmap-5', 'home', 'work', 'leisure', 'sites']);
    expect(savedLayers(project).find((l) => l.id === 'home')?.visible).toBe(false);
    expect(savedLayers(project).find((l) => l.id === 'heatmap-5')?.name).toBe('住家热力');
  });

  it('keeps the layers when the project is closed and opened again', async () => {
    const before = await rows();
    await wb.dispatcher.call('project.close', {});
    await wb.dispatcher.call('project.open', { path: project });
    await wb.page.reload();
    await wb.waitReady(total - homes);
    expect(await rows()).toEqual(before);
    expect(await name('heatmap-5')).toBe('住家热力');
    expect(await wb.layers.isVisible('home')).toBe(false);
  });

  it('builds 地图2 from its template: work places by industry with a legend, undoable', async () => {
    const { layers } = wb;
    const before = await rows();
    await layers.template('map2');
    await expect.poll(rows).toEqual(['map2-sites', 'map2-industry']);
    await wb.waitReady(countRole(project, 'work'));
    const legend = await layers.legend('map2-industry').innerText();
    expect(legend).toContain('信息传输、软件和信息技术服务业');
    const png = await wb.map.pixels();
    expect(countNear(png, [...industryColors.I], 20)).toBeGreaterThan(100);
    expect(countNear(png, [...industryColors.C], 20)).toBeGreaterThan(50);
    await expect.poll(() => savedLayers(project).map((l) => l.type)).toEqual(['places-industry', 'sites']);
    await press('Control+z');
    await expect.poll(rows).toEqual(before);
  });

  it('builds 地图1 from its template: homes and work by role, top communities named, 本案 with rings', async () => {
    const { layers } = wb;
    await layers.template('map1');
    await expect.poll(rows).toEqual(['map1-sites', 'map1-communities', 'map1-homes', 'map1-work']);
    await wb.waitReady(homes + countRole(project, 'work'));
    expect(await layers.legend('map1-communities').innerText()).toContain('前 15 个居住小区');
    const png = await wb.map.pixels();
    expect(distinctColours(png)).toBeGreaterThan(50);
    expect(countNear(png, [...roleColors.home])).toBeGreaterThan(400);
    expect(countNear(png, [...roleColors.work])).toBeGreaterThan(200);
  });

  it('narrows one layer by stage in its properties, counted as SQL counts it', async () => {
    const { layers } = wb;
    const db = new Database(project, { readonly: true });
    const dealHomes = db.prepare("SELECT count(*) FROM places p JOIN customer_records r ON r.id = p.record_id WHERE p.role = 'home' AND r.stage = 'deals'").pluck().get() as number;
    db.close();
    expect(dealHomes).toBeGreaterThan(0);
    await layers.select('map1-homes');
    await layers.prop('stage-deals').check();
    await wb.waitReady(dealHomes + countRole(project, 'work'));
    expect(await layers.count('map1-homes')).toBe(dealHomes);
    await expect.poll(() => savedLayers(project).find((l) => l.id === 'map1-homes')).toMatchObject({ filter: { stages: ['deals'] } });
  });

  it('narrows the same layer further by product and 面积段, counted as SQL counts it', async () => {
    const { layers } = wb;
    const homes = dealHomes(project);
    expect(homes).toBeGreaterThan(0);
    await layers.select('map1-homes');
    await layers.prop('product-洋房').check();
    await layers.prop('area-90–120㎡').check();
    await wb.waitReady(homes + countRole(project, 'work'));
    expect(await layers.count('map1-homes')).toBe(homes);
    await expect
      .poll(() => savedLayers(project).find((l) => l.id === 'map1-homes'))
      .toMatchObject({ filter: { stages: ['deals'], products: ['洋房'], areaRanges: [{ min: 90, max: 120 }] } });
  });

  it('narrows the same layer by 成交日期 in its properties, counted as SQL counts it', async () => {
    const { layers } = wb;
    const homes = dealHomes(project, "AND json_extract(r.attributes, '$.dealDate') BETWEEN '2025-06-01' AND '2025-12-31'");
    expect(homes).toBeLessThan(dealHomes(project));
    expect(homes).toBeGreaterThan(0);
    await layers.select('map1-homes');
    await layers.prop('date-field').selectOption('dealDate');
    await layers.prop('date-from').fill('2025-06-01');
    await layers.prop('date-to').fill('2025-12-31');
    await wb.waitReady(homes + countRole(project, 'work'));
    expect(await layers.count('map1-homes')).toBe(homes);
    await expect
      .poll(() => savedLayers(project).find((l) => l.id === 'map1-homes')?.filter?.dateRange)
      .toEqual({ field: 'dealDate', from: '2025-06-01', to: '2025-12-31' });
    // Emptied again, the date part of the layer's filter is gone from the project.
    await layers.prop('date-from').fill('');
    await layers.prop('date-to').fill('');
    await expect.poll(() => savedLayers(project).find((l) => l.id === 'map1-homes')?.filter?.dateRange).toBeUndefined();
  });

  it('offers the layer type’s own ranges in its properties: a heat radius beyond the old 100 px is saved', async () => {
    const { layers } = wb;
    const before = await rows();
    await layers.add('heatmap');
    await expect.poll(async () => (await rows()).length).toBe(before.length + 1);
    const id = (await rows()).find((x) => !before.includes(x));
    if (id === undefined) throw new Error('no new heatmap row');
    await layers.select(id);
    // The project file takes 1–200 px (native/contract/layers.ts); the editor used to stop at 100.
    expect([await layers.prop('radius').getAttribute('min'), await layers.prop('radius').getAttribute('max')]).toEqual(['1', '200']);
    await layers.prop('radius').fill('150');
    await expect.poll(() => savedLayers(project).find((l) => l.id === id)?.radiusPixels).toBe(150);
  });
});
