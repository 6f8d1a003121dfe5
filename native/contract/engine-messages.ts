import type { WireError } from './errors.js';
import type { EngineEvent } from './events.js';

/** The answer to one call, as every host carries it. */
export type Reply = { ok: true; result: unknown } | { ok: false; error: WireError };

/**
 * The Electron shell and the engine's utility process (native/host/electron-engine.ts) talk over one
 * MessagePort; the shell starts that process by file path and knows it only through these messages.
 */

/** main -> engine. */
export interface EngineRequestMessage {
  id: number;
  method: string;
  params: unknown;
}

/** engine -> main: a reply to one request, a pushed engine event, or the outcome of the start-up open. */
export type EngineOutMessage = { id: number; reply: Reply } | { event: EngineEvent } | { startup: { path: string; reply: Reply } };

/** Argument main passes to open a project at start: a flag, so argv layout cannot misplace it. */
export type ProjectArg = `--ketu-project=${string}`;
export const projectArgPrefix = '--ketu-project=';
