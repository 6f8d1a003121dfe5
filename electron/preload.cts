// The renderer's only door to the shell: a fixed set of functions, never ipcRenderer itself.
// A sandboxed preload is loaded as CommonJS and may require only 'electron' (and a few built-ins),
// so this file is .cts (tsc emits preload.cjs) and imports nothing from the project at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS is required here, see above
import electron = require('electron');
import type { FileFilter, KetuBridge } from '../native/contract/bridge.js';
import type { EngineEvent } from '../native/contract/events.js';
import type { IpcChannels } from './ipc-channels.js';

const { contextBridge, ipcRenderer, webUtils } = electron;

const channels: IpcChannels = {
  request: 'ketu:request',
  event: 'ketu:event',
  command: 'ketu:command',
  setMenu: 'ketu:set-menu',
  pickOpen: 'ketu:pick-open',
  pickSave: 'ketu:pick-save',
  print: 'ketu:print',
};

/** Subscribe to a main -> renderer channel; the wrapper keeps the IPC event object out of the page. */
function listen<T>(channel: string, accept: (value: unknown) => value is T, listener: (value: T) => void): () => void {
  const handler = (_event: electron.IpcRendererEvent, value: unknown): void => {
    if (accept(value)) listener(value);
  };
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}

const isEvent = (value: unknown): value is EngineEvent => typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
// Action ids: the renderer's registry ignores any it does not know.
const isCommand = (value: unknown): value is string => typeof value === 'string';

const bridge: KetuBridge = {
  request: (method, params) => ipcRenderer.invoke(channels.request, method, params) as ReturnType<KetuBridge['request']>,
  onEvent: (listener) => listen(channels.event, isEvent, listener),
  pickOpenPath: (title: string, filters: FileFilter[]) => ipcRenderer.invoke(channels.pickOpen, title, filters) as Promise<string | null>,
  pickSavePath: (title: string, defaultPath: string, filters: FileFilter[]) =>
    ipcRenderer.invoke(channels.pickSave, title, defaultPath, filters) as Promise<string | null>,
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  setMenu: (model) => ipcRenderer.send(channels.setMenu, model),
  onCommand: (listener) => listen(channels.command, isCommand, listener),
  printPages: (pages, target) => ipcRenderer.invoke(channels.print, pages, target) as Promise<void>,
};

contextBridge.exposeInMainWorld('ketuBridge', bridge);
