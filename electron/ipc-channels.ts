import type { KetuBridge } from '../native/contract/bridge.js';

/** A 文件-menu command the shell sends to the renderer; the renderer decides what it means. */
export type ShellCommand = Parameters<Parameters<NonNullable<KetuBridge['onCommand']>>[0]>[0];

export const shellCommands: readonly ShellCommand[] = ['open', 'import', 'export'];

/**
 * Every IPC channel between main and the preload. The sandboxed preload cannot require this file at run
 * time, so it repeats the literals under this type, which keeps both sides spelling them the same.
 */
export interface IpcChannels {
  /** renderer -> main (invoke): `(method, params)` -> BridgeReply, relayed to the engine process. */
  request: 'ketu:request';
  /** main -> renderer: one EngineEvent pushed by the engine. */
  event: 'ketu:event';
  /** main -> renderer: a ShellCommand from the menu. */
  command: 'ketu:command';
  /** renderer -> main (invoke): `(title, filters)` -> path | null. */
  pickOpen: 'ketu:pick-open';
  /** renderer -> main (invoke): `(title, defaultPath, filters)` -> path | null. */
  pickSave: 'ketu:pick-save';
}

export const ipcChannels: IpcChannels = {
  request: 'ketu:request',
  event: 'ketu:event',
  command: 'ketu:command',
  pickOpen: 'ketu:pick-open',
  pickSave: 'ketu:pick-save',
};
