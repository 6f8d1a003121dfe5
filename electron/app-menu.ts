import { Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { ShellCommand } from './ipc-channels.js';

export interface MenuActions {
  command(command: ShellCommand): void;
  about(): void;
}

/** zh-CN menus. 文件 items only name a command; the renderer owns the dialogs and what follows. */
export function installAppMenu(actions: MenuActions): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: '文件',
      submenu: [
        { label: '打开项目…', accelerator: 'CmdOrCtrl+O', click: () => actions.command('open') },
        { label: '导入数据…', accelerator: 'CmdOrCtrl+I', click: () => actions.command('import') },
        { label: '导出 PNG…', accelerator: 'CmdOrCtrl+E', click: () => actions.command('export') },
        { type: 'separator' },
        { label: '退出', role: 'quit' },
      ],
    },
    // Without an Edit menu macOS has no copy/paste shortcuts in text fields.
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新加载', role: 'reload' },
        { label: '开发者工具', role: 'toggleDevTools' },
      ],
    },
    { label: '帮助', role: 'help', submenu: [{ label: '关于', click: () => actions.about() }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
