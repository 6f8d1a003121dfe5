import { projectArgPrefix } from '../contract/engine-messages.js';
import type { EngineOutMessage, EngineRequestMessage } from '../contract/engine-messages.js';
import { toWireError } from './dispatch.js';
import { userRecents } from './app-paths.js';
import { createEngineHost } from './in-process.js';

/**
 * The engine inside Electron: run by `utilityProcess.fork` so SQLite, imports and exports never block
 * the window. Main hands over one MessagePort; everything else travels over it. Structured clone keeps
 * typed arrays as they are, so no binary frames are needed here (unlike the HTTP host).
 */

// The native project has no Electron types; these are the few members of Electron's ParentPort and
// MessagePortMain this file uses.
interface PortMessageEvent {
  data: unknown;
  ports: PortMain[];
}

interface PortMain {
  on(event: 'message', listener: (e: PortMessageEvent) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
}

interface ParentPort {
  on(event: 'message', listener: (e: PortMessageEvent) => void): unknown;
}

function isRequest(value: unknown): value is EngineRequestMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'number' && typeof v.method === 'string';
}

function projectPathFromArgv(argv: readonly string[]): string | null {
  const arg = argv.find((a) => a.startsWith(projectArgPrefix));
  return arg === undefined || arg.length === projectArgPrefix.length ? null : arg.slice(projectArgPrefix.length);
}

function serve(port: PortMain): void {
  const { dispatcher } = createEngineHost(undefined, 'KeTu 工作台', userRecents());
  const post = (message: EngineOutMessage): void => port.postMessage(message);
  const unsubscribe = dispatcher.subscribe((event) => post({ event }));

  port.on('message', (e) => {
    if (!isRequest(e.data)) return;
    const { id, method, params } = e.data;
    void dispatcher.call(method, params).then((reply) => {
      try {
        post({ id, reply });
      } catch (err) {
        // A result structured clone cannot carry must still answer the call, not crash the engine.
        post({ id, reply: { ok: false, error: toWireError(err) } });
      }
    });
  });
  // Main going away means the app is quitting; the engine has nothing left to serve.
  port.on('close', () => {
    unsubscribe();
    process.exit(0);
  });
  port.start();

  const path = projectPathFromArgv(process.argv);
  if (path !== null) void dispatcher.call('project.open', { path }).then((reply) => post({ startup: { path, reply } }));
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
if (parentPort === undefined) {
  process.stderr.write('electron-engine: no parentPort; this file runs only under Electron utilityProcess.fork\n');
  process.exitCode = 1;
} else {
  // Main sends one message carrying the engine's end of a MessageChannelMain; one engine per process.
  let serving = false;
  parentPort.on('message', (e) => {
    const port = e.ports[0];
    if (port === undefined || serving) return;
    serving = true;
    serve(port);
  });
}
