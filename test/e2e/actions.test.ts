import { copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MenuModel } from '../../native/contract/bridge.js';
import { tempDir, writeXlsx } from '../support/files.js';
import { Workbench } from './workbench-page.js';

const demo = fileURLToPath(new URL('../../resources/demo/demo.ketu', import.meta.url));

/** Chooses a menu item the way Electron's menu does: its action id arrives through the bridge's onCommand. */
async function menu(page: Page, id: string): Promise<void> {
  await page.evaluate((actionId) => window.postMessage({ type: 'ketu:command', id: actionId }, location.origin), id);
}

/** The menu the page last sent to its shell (the browser host's stand-in answers a request with it). */
async function menuModel(page: Page): Promise<MenuModel> {
  return page.evaluate(
    () =>
      new Promise<MenuModel>((resolve) => {
        const onMessage = (e: MessageEvent<{ type?: string; model?: MenuModel }>): void => {
          if (e.data.type !== 'ketu:menu' || e.data.model === undefined) return;
          window.removeEventListener('message', onMessage);
          resolve(e.data.model);
        };
        window.addEventListener('message', onMessage);
        window.postMessage({ type: 'ketu:menu-request' }, location.origin);
      }),
  );
}

const item = (model: MenuModel, section: string, id: string): MenuModel['sections'][number]['items'][number] | undefined => model.sections.find((s) => s.id === section)?.items.find((i) => i.id === id);

describe('menu commands, shortcuts and the help overlay from one action registry', () => {
  const dir = tempDir('ketu-e2e-actions-');
  const project = dir.file('demo.ketu');
  let wb: Workbench;

  beforeAll(async () => {
    if (!existsSync(demo)) throw new Error('run `npm run build` first: it generates resources/demo/demo.ketu');
    copyFileSync(demo, project);
    wb = await Workbench.start(project);
    await wb.waitReady();
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('sends the shell a menu in the UI language with the shortcuts of the registry', async () => {
    const model = await menuModel(wb.page);
    expect(model.lang).toBe('zh-CN');
    expect(model.sections.map((s) => s.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(item(model, 'file', 'file.open')).toMatchObject({ label: '打开项目…', accelerator: 'CmdOrCtrl+O', enabled: true });
    expect(item(model, 'edit', 'edit.undo')).toMatchObject({ label: '撤销', accelerator: 'CmdOrCtrl+Z', enabled: true });
    expect(item(model, 'edit', 'edit.redo')).toMatchObject({ label: '重做', accelerator: 'CmdOrCtrl+Shift+Z' });
  });

  it('opens the 文件 menu dialogs through the bridge, and Escape closes them', async () => {
    const { page } = wb;
    for (const [id, dialog] of [
      ['file.open', 'open-dialog'],
      ['file.import', 'import-dialog'],
      ['file.export', 'export-dialog'],
    ] as const) {
      await menu(page, id);
      await page.getByTestId(dialog).waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      await page.getByTestId(dialog).waitFor({ state: 'detached' });
    }
  });

  it('undoes and redoes a layer edit with the keyboard and with the 编辑 menu', async () => {
    const { page } = wb;
    const home = page.getByTestId('layer-home').locator('input[type=checkbox]');
    expect(await home.isChecked()).toBe(true);
    await home.click();
    await expect.poll(() => home.isChecked()).toBe(false);
    // The checkbox keeps the focus: it types nothing, so the shortcut is the workbench's.
    await page.keyboard.press('Control+z');
    await expect.poll(() => home.isChecked()).toBe(true);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => home.isChecked()).toBe(false);
    await menu(page, 'edit.undo');
    await expect.poll(() => home.isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('toast').innerText()).toContain('已撤销');
    await menu(page, 'edit.redo');
    await expect.poll(() => home.isChecked()).toBe(false);
    await menu(page, 'edit.undo');
    await expect.poll(() => home.isChecked()).toBe(true);
  });

  it('leaves keys typed in a field to the field: no tool switch, no workbench undo', async () => {
    const { page } = wb;
    const home = page.getByTestId('layer-home').locator('input[type=checkbox]');
    await home.click();
    await expect.poll(() => home.isChecked()).toBe(false);
    await menu(page, 'view.areas');
    await page.getByTestId('areas-panel').waitFor({ state: 'visible' });
    await page.keyboard.press('c');
    const circle = page.getByTestId('area-tool-circle');
    await expect.poll(() => circle.getAttribute('aria-pressed')).toBe('true');
    const radius = page.getByTestId('circle-radius');
    await radius.fill('500');
    await radius.press('v');
    await radius.press('Control+z');
    expect(await circle.getAttribute('aria-pressed')).toBe('true');
    expect(await home.isChecked()).toBe(false);
    // Outside the field the same keys are the workbench's again.
    await circle.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('area-tool-select').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Control+z');
    await expect.poll(() => home.isChecked()).toBe(true);
    await menu(page, 'view.areas');
    await page.getByTestId('areas-panel').waitFor({ state: 'detached' });
  });

  it('removes the selected layer with Delete through the registry, and Ctrl+Z brings it back', async () => {
    const { page, layers } = wb;
    expect(item(await menuModel(page), 'edit', 'layers.selected.remove')).toMatchObject({ label: '删除所选图层', enabled: false });
    const before = await layers.ids();
    expect(before).toContain('home');
    await layers.select('home');
    await expect.poll(async () => item(await menuModel(page), 'edit', 'layers.selected.remove')?.enabled).toBe(true);
    await page.keyboard.press('Delete');
    await expect.poll(() => layers.ids()).toEqual(before.filter((id) => id !== 'home'));
    await page.keyboard.press('Control+z');
    await expect.poll(() => layers.ids()).toEqual(before);
    // The menu item runs the same action on the selection.
    await layers.select('home');
    await menu(page, 'layers.selected.remove');
    await expect.poll(() => layers.ids()).toEqual(before.filter((id) => id !== 'home'));
    await menu(page, 'edit.undo');
    await expect.poll(() => layers.ids()).toEqual(before);
  });

  it('opens a filter group from the 视图 menu, and Escape closes it', async () => {
    const { page } = wb;
    expect(item(await menuModel(page), 'view', 'filters.open.stage')).toMatchObject({ label: '筛选：客户阶段…', enabled: true });
    await menu(page, 'filters.open.stage');
    await page.getByTestId('filter-popover-stage').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.getByTestId('filter-popover-stage').waitFor({ state: 'detached' });
  });

  it('lists every shortcut of the registry in the help overlay, opened with ? and from the 帮助 menu', async () => {
    const { page } = wb;
    await page.getByTestId('map').click();
    await page.keyboard.press('Shift+Slash');
    const overlay = page.getByTestId('help-overlay');
    await overlay.waitFor({ state: 'visible' });
    expect(await overlay.getByTestId('help-edit.undo').innerText()).toContain('Ctrl+Z');
    expect(await overlay.getByTestId('help-edit.redo').innerText()).toContain('Ctrl+Shift+Z');
    expect(await overlay.getByTestId('help-file.open').innerText()).toContain('Ctrl+O');
    expect(await overlay.getByTestId('help-help.shortcuts').innerText()).toContain('?');
    expect(await overlay.getByTestId('help-layers.selected.remove').innerText()).toContain('Delete');
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
    await menu(page, 'help.shortcuts');
    await overlay.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
  });

  it('switches language from the menu: the menu and engine errors follow', async () => {
    const { page } = wb;
    await menu(page, 'view.language');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect.poll(async () => (await menuModel(page)).sections.map((s) => s.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    expect(item(await menuModel(page), 'edit', 'edit.undo')?.label).toBe('Undo');

    const bogus = dir.file('not-a-project.ketu');
    await writeXlsx(bogus, [['x']]);
    await menu(page, 'file.open');
    await page.getByTestId('open-path').fill(bogus);
    await page.getByTestId('open-submit').click();
    await expect.poll(() => page.getByTestId('dialog-error').innerText()).toContain('This is not a KeTu project file');
    expect(await page.getByTestId('dialog-error').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    await page.keyboard.press('Escape');
    await menu(page, 'view.language');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });
});
