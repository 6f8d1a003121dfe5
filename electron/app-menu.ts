import type { MenuItemConstructorOptions } from 'electron';
import type { MenuModel } from '../native/contract/bridge.js';

export interface MenuHandlers {
  /** A workbench item was chosen: its action id goes to the renderer, which performs it. */
  command(actionId: string): void;
  about(): void;
}

/** Before the page has sent its menu: the text-edit roles only, so copy/paste work from the first moment. */
export const emptyMenuModel: MenuModel = { lang: 'zh-CN', sections: [] };

/** The shell's own items, in both UI languages. */
const shellLabels = {
  'zh-CN': { file: '文件', edit: '编辑', view: '视图', help: '帮助', quit: '退出', cut: '剪切', copy: '复制', paste: '粘贴', selectAll: '全选', reload: '重新加载', devTools: '开发者工具', about: '关于' },
  en: { file: 'File', edit: 'Edit', view: 'View', help: 'Help', quit: 'Quit', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All', reload: 'Reload', devTools: 'Developer Tools', about: 'About' },
} as const;

/**
 * The application menu from the renderer's model (its action registry), as a template for
 * `Menu.buildFromTemplate`. Pure, so it is tested without the Electron binary. Accelerators are shown
 * but not registered: the key reaches the page, whose one dispatcher applies the typing-in-a-field rule.
 */
export function menuTemplate(model: MenuModel, handlers: MenuHandlers, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const section = (id: MenuModel['sections'][number]['id']): MenuModel['sections'][number] | undefined => model.sections.find((s) => s.id === id);
  const items = (id: MenuModel['sections'][number]['id']): MenuItemConstructorOptions[] =>
    (section(id)?.items ?? []).flatMap((item): MenuItemConstructorOptions[] => [
      ...(item.separatorBefore ? [{ type: 'separator' } satisfies MenuItemConstructorOptions] : []),
      {
        id: item.id,
        label: item.label,
        enabled: item.enabled,
        ...(item.accelerator === null ? {} : { accelerator: item.accelerator, registerAccelerator: false }),
        click: () => handlers.command(item.id),
      },
    ]);
  const separated = (a: MenuItemConstructorOptions[], b: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => (a.length === 0 ? b : [...a, { type: 'separator' }, ...b]);
  const l = shellLabels[model.lang];
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: section('file')?.label ?? l.file, submenu: separated(items('file'), [{ label: l.quit, role: 'quit' }]) },
    // Copy/paste stay Electron's roles (they act on the focused text field); undo/redo are the workbench's.
    // Without an Edit menu macOS has no copy/paste shortcuts in text fields.
    {
      label: section('edit')?.label ?? l.edit,
      submenu: separated(items('edit'), [
        { label: l.cut, role: 'cut' },
        { label: l.copy, role: 'copy' },
        { label: l.paste, role: 'paste' },
        { label: l.selectAll, role: 'selectAll' },
      ]),
    },
    {
      label: section('view')?.label ?? l.view,
      submenu: separated(items('view'), [
        { label: l.reload, role: 'reload' },
        { label: l.devTools, role: 'toggleDevTools' },
      ]),
    },
    { label: section('help')?.label ?? l.help, role: 'help', submenu: separated(items('help'), [{ label: l.about, click: () => handlers.about() }]) },
  ];
}
