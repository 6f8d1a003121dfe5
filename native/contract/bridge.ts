import type { WireError } from './errors.js';
import type { EngineEvent } from './events.js';

export type BridgeReply = { ok: true; result: unknown } | { ok: false; error: WireError };

export interface FileFilter {
  name: string;
  extensions: string[];
}

/**
 * What the Electron preload exposes as `window.ketuBridge`: engine requests, the event feed, and the
 * native file dialogs. In the localhost host there is no bridge; the UI falls back to its own dialogs.
 */
export interface KetuBridge {
  request(method: string, params: unknown): Promise<BridgeReply>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  pickOpenPath(title: string, filters: FileFilter[]): Promise<string | null>;
  pickSavePath(title: string, defaultPath: string, filters: FileFilter[]): Promise<string | null>;
  /** Menu commands from the shell (文件 menu and its accelerators); absent outside Electron. */
  onCommand?(listener: (command: 'open' | 'import' | 'export') => void): () => void;
}
