import type { KetuBridge } from '../../native/contract/bridge.js';
import { EngineClient, bridgeTransport, httpTransport } from './engine-client.js';
import type { Transport } from './engine-client.js';
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

/**
 * `ketu serve --open` starts the browser with `/#launch=CODE` (a command line is public to local users):
 * the one-time code is traded for the token on first load, then kept like a token from `#token=`.
 */
function launchTransport(code: string): Transport {
  history.replaceState(null, '', location.pathname + location.search);
  const ready = fetch(`${location.origin}/launch`, { method: 'POST', body: code }).then(async (response) => {
    if (!response.ok) return null;
    const token = await response.text();
    sessionStorage.setItem(TOKEN_KEY, token);
    return httpTransport(location.origin, token);
  });
  const failed = { ok: false as const, error: { code: 'INTERNAL' as const, message: '启动码已失效，请重新运行 ketu serve 并打开它显示的地址' } };
  return {
    request: async (method, params) => (await ready.catch(() => null))?.request(method, params) ?? failed,
    upload: async (file) => {
      const transport = await ready.catch(() => null);
      if (transport?.upload === undefined) throw new Error(failed.error.message);
      return transport.upload(file);
    },
    subscribe(listener, onOpen) {
      let stop: (() => void) | null = null;
      let closed = false;
      void ready.then((t) => {
        if (t !== null && !closed) stop = t.subscribe(listener, onOpen);
      });
      return () => {
        closed = true;
        stop?.();
      };
    },
  };
}

/** Electron's bridge wins when present; otherwise HTTP to the page's own origin with the run token. */
export function connect(): Connection | null {
  const bridge = window.ketuBridge ?? null;
  if (bridge !== null) return { client: new EngineClient(bridgeTransport(bridge)), bridge, shell: electronShell(bridge) };
  const launch = /(?:^#|&)launch=([^&]+)/.exec(location.hash)?.[1];
  if (launch !== undefined) return { client: new EngineClient(launchTransport(decodeURIComponent(launch))), bridge: null, shell: browserShell() };
  const token = readToken();
  if (token === null) return null;
  return { client: new EngineClient(httpTransport(location.origin, token)), bridge: null, shell: browserShell() };
}
