import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../electron/app-menu.js';
import { menuModelSchema } from '../../native/contract/bridge.js';
import { ActionRegistry } from '../../renderer/actions/registry.js';
import type { Action } from '../../renderer/actions/registry.js';
import { en, zhCN } from '../../renderer/i18n/messages.js';
import type { KeyPress } from '../../renderer/actions/keys.js';
import type { LayerConfig } from '../../native/contract/index.js';
import { selectedLayerActions } from '../../renderer/features/layers/selected-layer-actions.js';
import { newLayer } from '../../renderer/map/layers/registry.js';

function press(key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress {
  return { key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target: null, ...mods };
}
const field = (tagName: string, type?: string): EventTarget => ({ tagName, type }) as unknown as EventTarget;

/** A registry with undo/redo/open/help and counters of what ran. */
function workbench(enabled = true): { registry: ActionRegistry; ran: string[] } {
  const ran: string[] = [];
  const action = (id: string, keys: string[], extra: Partial<Action> = {}): Action => ({ id, label: 'history.undo', menu: 'edit', keys, enabled, history: 'none', perform: () => void ran.push(id), ...extra });
  const registry = new ActionRegistry();
  registry.contribute('workbench', [
    action('file.open', ['Mod+O'], { label: 'cmd.open', menu: 'file' }),
    action('edit.undo', ['Mod+Z'], { label: 'history.undo' }),
    action('edit.redo', ['Mod+Shift+Z', 'Mod+Y'], { label: 'history.redo' }),
    action('help.shortcuts', ['?'], { label: 'cmd.shortcuts', menu: 'help' }),
  ]);
  return { registry, ran };
}

describe('the one key dispatcher', () => {
  it('runs the action a shortcut names, with Ctrl or ⌘, and tells the caller it took the key', () => {
    const { registry, ran } = workbench();
    expect(registry.handleKeyDown(press('z', { ctrlKey: true }))).toBe(true);
    expect(registry.handleKeyDown(press('Z', { metaKey: true, shiftKey: true }))).toBe(true);
    expect(registry.handleKeyDown(press('y', { ctrlKey: true }))).toBe(true);
    expect(registry.handleKeyDown(press('?', { shiftKey: true }))).toBe(true);
    expect(ran).toEqual(['edit.undo', 'edit.redo', 'edit.redo', 'help.shortcuts']);
    expect(registry.handleKeyDown(press('z'))).toBe(false);
    expect(registry.handleKeyDown(press('o', { ctrlKey: true, altKey: true }))).toBe(false);
  });

  it('leaves keys typed in a text field to the field, but not those on a checkbox or slider', () => {
    const { registry, ran } = workbench();
    for (const target of [field('INPUT', 'text'), field('INPUT', 'number'), field('TEXTAREA'), field('SELECT')]) {
      expect(registry.handleKeyDown(press('z', { ctrlKey: true, target }))).toBe(false);
    }
    expect(registry.handleKeyDown(press('z', { ctrlKey: true, target: field('INPUT', 'checkbox') }))).toBe(true);
    expect(registry.handleKeyDown(press('z', { ctrlKey: true, target: field('INPUT', 'range') }))).toBe(true);
    expect(ran).toEqual(['edit.undo', 'edit.undo']);
  });

  it('does not run a disabled action and lets the key through', () => {
    const { registry, ran } = workbench(false);
    expect(registry.handleKeyDown(press('z', { ctrlKey: true }))).toBe(false);
    expect(registry.perform('edit.undo')).toBe(false);
    expect(ran).toEqual([]);
  });

  it('gives a dialog its Escape, also in its fields, and keeps the shortcuts from acting behind it', () => {
    const { registry, ran } = workbench();
    let closed = 0;
    const remove = registry.pushLayer({ modal: true, actions: () => [{ id: 'dialog.close', label: 'dialog.close', menu: null, keys: ['Escape'], enabled: true, inFields: true, history: 'none', perform: () => {
          closed++;
        } }] });
    expect(registry.handleKeyDown(press('Escape', { target: field('INPUT', 'text') }))).toBe(true);
    expect(registry.handleKeyDown(press('z', { ctrlKey: true }))).toBe(false);
    expect(closed).toBe(1);
    expect(ran).toEqual([]);
    remove();
    expect(registry.handleKeyDown(press('z', { ctrlKey: true }))).toBe(true);
    expect(ran).toEqual(['edit.undo']);
  });

  it('runs menu commands by id, only while no dialog is open', () => {
    const { registry, ran } = workbench();
    expect(registry.perform('file.open')).toBe(true);
    expect(registry.perform('no.such')).toBe(false);
    const remove = registry.pushLayer({ modal: true, actions: () => [] });
    expect(registry.perform('edit.undo')).toBe(false);
    remove();
    expect(ran).toEqual(['file.open']);
  });
});

describe('the menu built from the registry', () => {
  it('lists the actions under their sections, labelled in the UI language, with Electron accelerators', () => {
    const { registry } = workbench();
    const model = registry.menuModel('en', (key) => en[key]);
    expect(menuModelSchema.parse(model)).toEqual(model);
    const file = model.sections.find((s) => s.id === 'file');
    expect(file?.label).toBe('File');
    expect(file?.items).toEqual([{ id: 'file.open', label: 'Open project…', accelerator: 'CmdOrCtrl+O', enabled: true, separatorBefore: false }]);
    const edit = model.sections.find((s) => s.id === 'edit');
    expect(edit?.items.map((i) => [i.label, i.accelerator])).toEqual([
      ['Undo', 'CmdOrCtrl+Z'],
      ['Redo', 'CmdOrCtrl+Shift+Z'],
    ]);
  });

  it('becomes an Electron menu whose undo and redo are workbench commands, with copy and paste left to Electron', () => {
    const { registry } = workbench();
    const sent: string[] = [];
    const template = menuTemplate(registry.menuModel('zh-CN', (key) => zhCN[key]), { command: (id) => sent.push(id), about: () => {} }, 'linux');
    const edit = template.find((m) => m.label === '编辑');
    const items = Array.isArray(edit?.submenu) ? edit.submenu : [];
    const undo = items.find((i) => i.label === '撤销');
    expect(undo?.role).toBeUndefined();
    // Shown, not registered: the key reaches the page, whose dispatcher applies the typing rule.
    expect(undo?.accelerator).toBe('CmdOrCtrl+Z');
    expect(undo?.registerAccelerator).toBe(false);
    undo?.click?.(undefined as never, undefined, undefined as never);
    expect(sent).toEqual(['edit.undo']);
    expect(items.filter((i) => i.role !== undefined).map((i) => i.role)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    const file = template.find((m) => m.label === '文件');
    const fileItems = Array.isArray(file?.submenu) ? file.submenu : [];
    expect(fileItems.map((i) => i.label ?? i.type)).toEqual(['打开项目…', 'separator', '退出']);
  });
});

describe("the selected layer's edits as actions", () => {
  const layers: LayerConfig[] = [newLayer('heatmap', 'Heat', []), newLayer('places-role', 'Places', [])];
  const [bottom, top] = layers as [LayerConfig, LayerConfig];
  const row = { dataset: { layerRow: '' } } as unknown as EventTarget;
  const setup = (selected: LayerConfig | null): { registry: ActionRegistry; ran: string[] } => {
    const ran: string[] = [];
    const log = (what: string) => (l: LayerConfig): void => void ran.push(`${what}:${l.name}`);
    const registry = new ActionRegistry();
    registry.contribute('areas', [{ id: 'areas.remove', label: 'cmd.areaRemove', menu: null, keys: ['Delete'], enabled: true, history: 'records', perform: () => void ran.push('area') }]);
    registry.contribute('layers.selected', selectedLayerActions(selected, layers, { remove: log('remove'), duplicate: log('duplicate'), startRename: log('rename'), toggle: log('toggle'), move: (l, d) => void ran.push(`move${d}:${l.name}`) }));
    return { registry, ran };
  };
  const ids = ['layers.selected.remove', 'layers.selected.duplicate', 'layers.selected.rename', 'layers.selected.toggle', 'layers.selected.up', 'layers.selected.down'];

  it('are all in the 编辑 / Edit menu with a Chinese and an English label, disabled without a selection', () => {
    const { registry } = setup(null);
    for (const [lang, dict] of [['zh-CN', zhCN], ['en', en]] as const) {
      const edit = registry.menuModel(lang, (key) => dict[key]).sections.find((s) => s.id === 'edit');
      const items = edit?.items.filter((i) => ids.includes(i.id)) ?? [];
      expect(items.map((i) => i.id)).toEqual(ids);
      expect(items.every((i) => !i.enabled && i.label !== '' && i.label !== undefined)).toBe(true);
    }
    const zhLabels = registry.menuModel('zh-CN', (key) => zhCN[key]).sections.flatMap((s) => s.items).filter((i) => ids.includes(i.id));
    expect(zhLabels.map((i) => i.label)).toContain('删除所选图层');
    expect(registry.menuModel('en', (key) => en[key]).sections.flatMap((s) => s.items).find((i) => i.id === 'layers.selected.down')?.accelerator).toBe('Alt+Down');
    expect(registry.perform('layers.selected.remove')).toBe(false);
    expect(registry.handleKeyDown(press(' ', { target: row }))).toBe(false);
  });

  it('act on the selected layer, their keys only on a layer row, where Delete beats the areas', () => {
    const { registry, ran } = setup(top);
    expect(registry.handleKeyDown(press('Delete', { target: row }))).toBe(true);
    expect(registry.handleKeyDown(press(' ', { target: row }))).toBe(true);
    expect(registry.handleKeyDown(press('F2', { target: row }))).toBe(true);
    expect(registry.handleKeyDown(press('ArrowDown', { altKey: true, target: row }))).toBe(true);
    // The top layer cannot go higher: the key goes through to the browser.
    expect(registry.handleKeyDown(press('ArrowUp', { altKey: true, target: row }))).toBe(false);
    expect(registry.handleKeyDown(press(' '))).toBe(false);
    expect(registry.handleKeyDown(press('Delete'))).toBe(true);
    expect(registry.perform('layers.selected.duplicate')).toBe(true);
    expect(ran).toEqual(['remove:Places', 'toggle:Places', 'rename:Places', 'move-1:Places', 'area', 'duplicate:Places']);
    const low = setup(bottom);
    expect(low.registry.perform('layers.selected.down')).toBe(false);
    expect(low.registry.perform('layers.selected.up')).toBe(true);
    expect(low.ran).toEqual(['move1:Heat']);
  });
});

describe('a saved version open read-only', () => {
  it('turns off every action that changes the project (keys, menu, perform) and lifts it again', () => {
    const { registry, ran } = workbench();
    registry.contribute('edits', [
      { id: 'file.import', label: 'cmd.open', menu: 'file', keys: ['Mod+I'], enabled: true, history: 'records', perform: () => void ran.push('file.import') },
      { id: 'areas.tool.polygon', label: 'cmd.open', menu: null, keys: ['p'], enabled: true, history: 'none', edits: true, perform: () => void ran.push('areas.tool.polygon') },
    ]);
    registry.contribute('undo', [{ id: 'edit.redo2', label: 'history.redo', menu: 'edit', keys: [], enabled: true, history: 'redoes', perform: () => void ran.push('edit.redo2') }]);
    const reason = '正在查看只读版本「前期定位版」：返回当前地图后才能修改';
    registry.setReadOnly(reason);
    expect(registry.readOnly()).toBe(reason);
    expect(registry.perform('file.import')).toBe(false);
    expect(registry.perform('edit.redo2')).toBe(false);
    expect(registry.handleKeyDown(press('i', { ctrlKey: true }))).toBe(false);
    expect(registry.handleKeyDown(press('p'))).toBe(false);
    const enabled = (id: string): boolean | undefined =>
      registry
        .menuModel('zh-CN', (k) => zhCN[k])
        .sections.flatMap((s) => s.items)
        .find((i) => i.id === id)?.enabled;
    expect(enabled('file.import')).toBe(false);
    // Looking around stays: opening another project, the shortcuts.
    expect(enabled('file.open')).toBe(true);
    expect(registry.handleKeyDown(press('?', { shiftKey: true }))).toBe(true);
    expect(ran).toEqual(['help.shortcuts']);
    registry.setReadOnly(null);
    expect(registry.perform('file.import')).toBe(true);
    expect(registry.handleKeyDown(press('p'))).toBe(true);
    expect(ran).toEqual(['help.shortcuts', 'file.import', 'areas.tool.polygon']);
  });
});
