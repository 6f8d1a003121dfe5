import type { KetuBridge } from '../../native/contract/bridge.js';
import { EngineClient, bridgeTransport, httpTransport } from './engine-client.js';
import { browserShell, electronShell } from './shell-link.js';
import type { ShellLink } from './shell-link.js';

declare global {
  interface Window {
    /** Present only inside Electron (preload); absent in the localhost host. */
    ketuBridge?: KetuBridge;
  }
}

const TOKEN_KEY = 'ketu.token';

export interface Connection {
  client: EngineClient;
  /** The Electron bridge for native dialogs, or null in a plain browser. */
  bridge: KetuBridge | null;
  /** Where the menu is drawn and its clicks come from: Electron's menu, or window messages in a browser. */
  shell: ShellLink;
}

/**
 * The localhost host opens `/#token=…`. Keep the token in sessionStorage so a reload still works, and
 * drop it from the address bar so it is not shown, bookmarked or screenshotted.
 */
export function readToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1] !== undefined) {
    const token = decodeURIComponent(match[1]);
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', location.pathname + location.search);
    return token;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Electron's bridge wins when present; otherwise HTTP to the page's own origin with the run token. */
export function connect(): Connection | null {
  const bridge = window.ketuBridge ?? null;
  if (bridge !== null) return { client: new EngineClient(bridgeTransport(bridge)), bridge, shell: electronShell(bridge) };
  const token = readToken();
  if (token === null) return null;
  return { client: new EngineClient(httpTransport(location.origin, token)), bridge: null, shell: browserShell() };
}
