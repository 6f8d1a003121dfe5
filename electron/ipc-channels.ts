/**
 * Every IPC channel between main and the preload. The sandboxed preload cannot require this file at run
 * time, so it repeats the literals under this type, which keeps both sides spelling them the same.
 */
export interface IpcChannels {
  /** renderer -> main (invoke): `(method, params)` -> BridgeReply, relayed to the engine process. */
  request: 'ketu:request';
  /** main -> renderer: one EngineEvent pushed by the engine. */
  event: 'ketu:event';
  /** main -> renderer: the action id of a chosen menu item. */
  command: 'ketu:command';
  /** renderer -> main (send): the MenuModel the application menu is built from. */
  setMenu: 'ketu:set-menu';
  /** renderer -> main (invoke): `(title, filters)` -> path | null. */
  pickOpen: 'ketu:pick-open';
  /** renderer -> main (invoke): `(title, defaultPath, filters)` -> path | null. */
  pickSave: 'ketu:pick-save';
  /** renderer -> main (invoke): `(pages, target)` -> void: print pages to PDF or through the system dialog. */
  print: 'ketu:print';
}

export const ipcChannels: IpcChannels = {
  request: 'ketu:request',
  event: 'ketu:event',
  command: 'ketu:command',
  setMenu: 'ketu:set-menu',
  pickOpen: 'ketu:pick-open',
  pickSave: 'ketu:pick-save',
  print: 'ketu:print',
};
