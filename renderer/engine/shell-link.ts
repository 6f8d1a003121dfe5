import type { KetuBridge, MenuModel } from '../../native/contract/bridge.js';

/** The menu half of the bridge: the page sends its menu, the shell sends chosen items back. */
export interface ShellLink {
  setMenu(model: MenuModel): void;
  onCommand(listener: (actionId: string) => void): () => void;
}

/** Window messages the browser host's stand-in shell understands (see browserShell). */
export type ShellMessage = { type: 'ketu:command'; id: string } | { type: 'ketu:menu-request' } | { type: 'ketu:menu'; model: MenuModel };

/** Electron: the preload's bridge carries both directions over IPC. */
export function electronShell(bridge: KetuBridge): ShellLink {
  return {
    setMenu: (model) => bridge.setMenu?.(model),
    onCommand: (listener) => bridge.onCommand?.(listener) ?? (() => {}),
  };
}

const fromPage = (e: MessageEvent): boolean => e.source === window && e.origin === location.origin;

/**
 * The localhost host has no native menu, so the page's own window stands in for the shell: posting
 * `{type: 'ketu:command', id}` chooses a menu item, and the latest menu is posted back as
 * `{type: 'ketu:menu', model}` whenever it changes or `{type: 'ketu:menu-request'}` asks for it. End-to-end
 * tests drive the menu path this way, exactly as Electron's menu clicks arrive through `onCommand`.
 */
export function browserShell(): ShellLink {
  let latest: MenuModel | null = null;
  const post = (): void => {
    if (latest !== null) window.postMessage({ type: 'ketu:menu', model: latest } satisfies ShellMessage, location.origin);
  };
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (fromPage(e) && (e.data as { type?: unknown } | null)?.type === 'ketu:menu-request') post();
  });
  return {
    setMenu: (model) => {
      latest = model;
      post();
    },
    onCommand: (listener) => {
      const onMessage = (e: MessageEvent<unknown>): void => {
        const data = e.data as { type?: unknown; id?: unknown } | null;
        if (fromPage(e) && data?.type === 'ketu:command' && typeof data.id === 'string') listener(data.id);
      };
      window.addEventListener('message', onMessage);
      return () => window.removeEventListener('message', onMessage);
    },
  };
}
