import { MessageChannelMain, utilityProcess } from 'electron';
import type { MessagePortMain, UtilityProcess } from 'electron';
import type { BridgeReply } from '../native/contract/bridge.js';
import type { EngineEvent } from '../native/contract/events.js';
import type { EngineOutMessage, EngineRequestMessage, ProjectArg } from '../native/contract/engine-messages.js';

interface Pending {
  resolve(reply: BridgeReply): void;
}

export interface EngineLinkOptions {
  /** dist/native/host/electron-engine.js */
  modulePath: string;
  onEvent(event: EngineEvent): void;
  /** The project given at start (command line / file association) failed to open. */
  onStartupFailure(path: string, reply: BridgeReply): void;
}

const crashReply = (message: string): BridgeReply => ({ ok: false, error: { code: 'INTERNAL', message } });

/** Restarts allowed within `restartWindowMs`: a crash loop must not spin forever. */
const maxRestarts = 3;
const restartWindowMs = 60_000;

/**
 * The engine runs in a utility process so SQLite, imports and exports never stall the UI or main's
 * event loop. Main only relays: `{id, method, params}` out, `{id, reply}` / `{event}` back over a port.
 */
export class EngineLink {
  private child: UtilityProcess | null = null;
  private port: MessagePortMain | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Tracked from project.changed so a restarted engine reopens what the user had open. */
  private openProject: string | null = null;
  private restarts: number[] = [];
  private stopping = false;

  constructor(private readonly options: EngineLinkOptions) {}

  start(projectPath: string | null): void {
    const args: ProjectArg[] = projectPath === null ? [] : [`--ketu-project=${projectPath}`];
    const child = utilityProcess.fork(this.options.modulePath, args, { serviceName: 'KeTu Engine', stdio: 'inherit' });
    const { port1, port2 } = new MessageChannelMain();
    port1.on('message', (e) => this.receive(e.data as EngineOutMessage));
    port1.start();
    child.postMessage({ connect: true }, [port2]);
    child.once('exit', (code) => this.exited(child, code));
    this.child = child;
    this.port = port1;
  }

  request(method: string, params: unknown): Promise<BridgeReply> {
    const port = this.port;
    if (port === null) return Promise.resolve(crashReply('引擎未运行'));
    const id = this.nextId++;
    return new Promise<BridgeReply>((resolve) => {
      this.pending.set(id, { resolve });
      const message: EngineRequestMessage = { id, method, params };
      try {
        port.postMessage(message);
      } catch (err) {
        // Values structured clone cannot carry (functions, DOM objects) fail here, not in the engine.
        this.pending.delete(id);
        resolve({ ok: false, error: { code: 'INVALID_PARAMS', message: `参数无法传递：${err instanceof Error ? err.message : String(err)}` } });
      }
    });
  }

  /** Close the project (flushes the WAL) and end the process; kill it if it does not answer in time. */
  async stop(timeoutMs = 3000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child === null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([this.request('project.close', {}), timeout]);
    this.port?.close(); // the engine exits when its port closes
    await Promise.race([exited, timeout]);
    child.kill();
  }

  private receive(message: EngineOutMessage): void {
    if ('event' in message) {
      if (message.event.type === 'project.changed') this.openProject = message.event.path;
      this.options.onEvent(message.event);
    } else if ('startup' in message) {
      if (!message.startup.reply.ok) this.options.onStartupFailure(message.startup.path, message.startup.reply);
    } else {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      pending?.resolve(message.reply);
    }
  }

  private exited(child: UtilityProcess, code: number): void {
    if (child !== this.child) return;
    this.child = null;
    this.port = null;
    for (const p of this.pending.values()) p.resolve(crashReply(`引擎进程意外退出（代码 ${code}）`));
    this.pending.clear();
    if (this.stopping) return;
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < restartWindowMs);
    if (this.restarts.length >= maxRestarts) return;
    this.restarts.push(now);
    this.start(this.openProject);
  }
}
