import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import type { IpcMainInvokeEvent, OpenDialogOptions, SaveDialogOptions, WebContents } from 'electron';
import { menuModelSchema } from '../native/contract/bridge.js';
import type { BridgeReply, FileFilter, MenuModel } from '../native/contract/bridge.js';
import { emptyMenuModel, menuTemplate } from './app-menu.js';
import type { MenuHandlers } from './app-menu.js';
import { engineModulePath } from './app-files.js';
import { appUrl, handleAppScheme, registerAppScheme } from './app-protocol.js';
import { EngineLink } from './engine-link.js';
import { ipcChannels } from './ipc-channels.js';
import { parsePrintRequest } from './print-options.js';
import { printPages } from './print-pages.js';

/**
 * The desktop shell: window, menus, native dialogs, file association, and a relay between the sandboxed
 * renderer and the engine's utility process. No business logic and no SQL live here.
 */

const here = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(here, 'preload.cjs');
const windowTitle = '客图 KeTu';

/** A .ketu path among command-line arguments; Chromium's own switches start with '-' and are skipped. */
function projectPathFrom(argv: readonly string[], cwd: string): string | null {
  const arg = argv.slice(1).find((a) => !a.startsWith('-') && a.toLowerCase().endsWith('.ketu'));
  return arg === undefined ? null : resolve(cwd, arg);
}

/** Every IPC handler answers only the app's own page, never a page that somehow navigated elsewhere. */
function assertFromApp(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): void {
  const url = event.senderFrame?.url ?? '';
  if (!url.startsWith(appUrl)) throw new Error(`ketu: IPC refused from ${url || 'an unknown frame'}`);
}

/** IPC arguments come from a web page: check their shape before they reach a native dialog. */
function asFilters(value: unknown): FileFilter[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is FileFilter =>
      typeof f === 'object' && f !== null && typeof (f as FileFilter).name === 'string' && Array.isArray((f as FileFilter).extensions) && (f as FileFilter).extensions.every((e) => typeof e === 'string'),
  );
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/** No second windows, no navigation off ketu://app/, no <webview>: the page can only be itself. */
function harden(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!event.url.startsWith(appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!event.url.startsWith(appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function run(): void {
  let pendingProject = projectPathFrom(process.argv, process.cwd());
  let mainWindow: BrowserWindow | null = null;
  let engine: EngineLink | null = null;

  const send = (channel: string, value: unknown): void => {
    if (mainWindow !== null && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, value);
  };

  const createWindow = (): BrowserWindow => {
    const win = new BrowserWindow({
      title: windowTitle,
      width: 1440,
      height: 900,
      minWidth: 960,
      minHeight: 600,
      show: false,
      backgroundColor: '#ffffff',
      webPreferences: {
        preload: preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        spellcheck: false,
      },
    });
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    void win.loadURL(appUrl);
    mainWindow = win;
    return win;
  };

  const showWindow = (): BrowserWindow => {
    const win = mainWindow ?? createWindow();
    if (win.isMinimized()) win.restore();
    win.focus();
    return win;
  };

  const openProject = async (path: string): Promise<void> => {
    showWindow();
    if (engine === null) {
      pendingProject = path;
      return;
    }
    const reply = await engine.request('project.open', { path });
    if (!reply.ok) dialog.showErrorBox('无法打开项目', `${path}\n\n${reply.error.message}`);
  };

  const command = (actionId: string): void => {
    showWindow();
    send(ipcChannels.command, actionId);
  };

  const about = (): void => {
    const options = { type: 'info' as const, title: `关于 ${windowTitle}`, message: windowTitle, detail: `版本 ${app.getVersion()}\n客户地图工作台` };
    void (mainWindow === null ? dialog.showMessageBox(options) : dialog.showMessageBox(mainWindow, options));
  };

  // macOS delivers double-clicked files here, possibly before 'ready'.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) void openProject(path);
    else pendingProject = path;
  });
  // Windows/Linux: a second launch (e.g. a double-clicked .ketu) hands its argv to this instance.
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const path = projectPathFrom(argv, workingDirectory);
    if (!app.isReady()) {
      if (path !== null) pendingProject = path; // no window can exist yet; 'ready' opens it
      return;
    }
    if (path === null) showWindow();
    else void openProject(path);
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (mainWindow === null && app.isReady()) createWindow();
  });

  // Give the engine a moment to close the project cleanly (WAL checkpoint) before the app exits.
  let stopping: Promise<void> | null = null;
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped || engine === null) return;
    event.preventDefault();
    stopping ??= engine.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });

  void app.whenReady().then(() => {
    // The workbench needs no camera, location, notifications…; only clipboard writes and fullscreen.
    session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
      callback(contents.getURL().startsWith(appUrl) && (permission === 'clipboard-sanitized-write' || permission === 'fullscreen'));
    });
    handleAppScheme();
    const handlers: MenuHandlers = { command, about };
    const setMenu = (model: MenuModel): void => Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(model, handlers, process.platform)));
    setMenu(emptyMenuModel);
    // The page sends its menu whenever a label, a shortcut or an enabled state changes.
    ipcMain.on(ipcChannels.setMenu, (event, model: unknown) => {
      assertFromApp(event);
      const parsed = menuModelSchema.safeParse(model);
      if (parsed.success) setMenu(parsed.data);
    });

    engine = new EngineLink({
      modulePath: engineModulePath,
      onEvent: (event) => send(ipcChannels.event, event),
      onStartupFailure: (path, reply) => {
        if (!reply.ok) dialog.showErrorBox('无法打开项目', `${path}\n\n${reply.error.message}`);
      },
    });
    engine.start(pendingProject);
    pendingProject = null;
    const link = engine;

    ipcMain.handle(ipcChannels.request, (event, method: unknown, params: unknown): Promise<BridgeReply> => {
      assertFromApp(event);
      if (typeof method !== 'string') return Promise.resolve({ ok: false, error: { code: 'INVALID_PARAMS', message: '请求格式无效' } });
      return link.request(method, params);
    });
    ipcMain.handle(ipcChannels.pickOpen, async (event, title: unknown, filters: unknown): Promise<string | null> => {
      assertFromApp(event);
      const options: OpenDialogOptions = { title: asString(title), filters: asFilters(filters), properties: ['openFile'] };
      const parent = BrowserWindow.fromWebContents(event.sender);
      const result = await (parent === null ? dialog.showOpenDialog(options) : dialog.showOpenDialog(parent, options));
      return result.canceled ? null : (result.filePaths[0] ?? null);
    });
    ipcMain.handle(ipcChannels.pickSave, async (event, title: unknown, defaultPath: unknown, filters: unknown): Promise<string | null> => {
      assertFromApp(event);
      const options: SaveDialogOptions = { title: asString(title), defaultPath: asString(defaultPath), filters: asFilters(filters) };
      const parent = BrowserWindow.fromWebContents(event.sender);
      const result = await (parent === null ? dialog.showSaveDialog(options) : dialog.showSaveDialog(parent, options));
      return result.canceled || result.filePath === '' ? null : result.filePath;
    });

    ipcMain.handle(ipcChannels.print, async (event, pages: unknown, target: unknown): Promise<void> => {
      assertFromApp(event);
      const request = parsePrintRequest(pages, target);
      await printPages(appUrl, request.pages, request.target);
    });

    createWindow();
  });
}

// Custom-scheme privileges must be granted before 'ready'; a second launch hands over and exits.
registerAppScheme();
if (process.platform === 'win32') app.setAppUserModelId('com.ketu.workbench');
if (app.requestSingleInstanceLock()) run();
else app.quit();
