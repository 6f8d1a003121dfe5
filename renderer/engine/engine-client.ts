import { decodeFrame, encodeFrame, isWireError } from '../../native/contract/index.js';
import type { KetuBridge } from '../../native/contract/bridge.js';
import type { EngineEvent, ErrorCode, ErrorDetails, MethodName, Params, Result, WireError } from '../../native/contract/index.js';

type Reply = { ok: true; result: unknown } | { ok: false; error: WireError };

/** One way to reach the engine; the renderer never knows which host it runs under beyond this. */
export interface Transport {
  request(method: string, params: unknown): Promise<Reply>;
  /**
   * Events from now on. `onOpen` runs once they flow: an event sent before that is not replayed, so a
   * subscriber that must not miss a project change asks again for the state when it runs.
   */
  subscribe(listener: (event: EngineEvent) => void, onOpen?: () => void): () => void;
  /** The localhost host only: sends a picked or dropped file to the engine, which answers with a path it can read. */
  upload?(file: File): Promise<string>;
}

export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  constructor(error: WireError) {
    super(error.message);
    this.name = 'EngineError';
    this.code = error.code;
    this.details = error.details;
  }
}

/** Waits while another program writes the project: resolves when it is free (the call is sent again), rejects to give up. */
export type BusyWait = (error: EngineError) => Promise<void>;

/** Never sent again by themselves: creating refuses a busy file for good; the writer poll is what the wait asks. */
const NOT_RETRIED: ReadonlySet<MethodName> = new Set<MethodName>(['project.create', 'project.writer']);

/** Calls after which another project (or none) is open: an answer asked before them is stale. */
const SWITCHES_PROJECT: ReadonlySet<MethodName> = new Set<MethodName>(['project.open', 'project.create', 'project.close']);

const callKey = (method: string, params: unknown): string => `${method}\n${JSON.stringify(params)}`;

export class EngineClient {
  private busyWait: BusyWait | null = null;
  /** Answers asked ahead by `prefetch`, each handed to the first equal call. */
  private readonly primed = new Map<string, Promise<Reply>>();
  /** While answers wait: the engine's events, watched so that a project change drops them. */
  private stopWatching: (() => void) | null = null;

  constructor(private readonly transport: Transport) {}

  /**
   * Sends a read now, before the code that asks for it has loaded: the first `call` with the same method and
   * params gets this answer instead of asking again. Dropped when the project changes (an engine event, or
   * this client opening, creating or closing one), so an answer about another project is never handed out.
   */
  prefetch<M extends MethodName>(method: M, params: Params<M>): void {
    const reply = this.transport.request(method, params);
    // Never asked for (no project open, say): its failure is nobody's to report.
    reply.catch(() => undefined);
    this.primed.set(callKey(method, params), reply);
    // Watched from now, not from when the workbench subscribes: a project opened meanwhile must drop them too.
    this.stopWatching ??= this.transport.subscribe((event) => {
      if (event.type === 'project.changed') this.dropPrimed();
    });
  }

  private dropPrimed(): void {
    this.primed.clear();
    this.stopWatching?.();
    this.stopWatching = null;
  }

  /**
   * A call refused with PROJECT_BUSY (a CLI import holds the project) waits through `busyWait` and is sent
   * again: a refused write changed nothing, so sending it again is safe. Without a waiter it fails as before.
   */
  setBusyWait(wait: BusyWait | null): void {
    this.busyWait = wait;
  }

  async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    if (SWITCHES_PROJECT.has(method)) this.dropPrimed();
    const key = callKey(method, params);
    let primed = this.primed.get(key);
    this.primed.delete(key);
    if (primed !== undefined && this.primed.size === 0) this.dropPrimed();
    for (;;) {
      let reply = await (primed ?? this.transport.request(method, params));
      // A refusal asked ahead is not handed out: it may predate a project opened since (NO_PROJECT_OPEN).
      if (primed !== undefined && !reply.ok) reply = await this.transport.request(method, params);
      primed = undefined;
      if (reply.ok) return reply.result as Result<M>;
      const error = new EngineError(reply.error);
      if (error.code !== 'PROJECT_BUSY' || this.busyWait === null || NOT_RETRIED.has(method)) throw error;
      await this.busyWait(error);
    }
  }

  subscribe(listener: (event: EngineEvent) => void, onOpen?: () => void): () => void {
    return this.transport.subscribe(listener, onOpen);
  }

  /** Whether files can be uploaded (the browser host); Electron reads picked and dropped files where they lie. */
  get canUpload(): boolean {
    return this.transport.upload !== undefined;
  }

  /** A sheet the planner picked or dropped, as a path the engine can read (a copy in the host's temp folder). */
  async upload(file: File): Promise<string> {
    if (this.transport.upload === undefined) throw new EngineError({ code: 'UNSUPPORTED_FILE', message: '此窗口不能上传文件' });
    return this.transport.upload(file);
  }
}

/** What POST /upload's refusals mean to the planner (the host answers in plain text for other clients). */
function uploadError(status: number, name: string): EngineError {
  if (status === 413) return new EngineError({ code: 'INVALID_PARAMS', message: `文件太大，无法上传：${name}`, details: { file: name } });
  if (status === 415) return new EngineError({ code: 'UNSUPPORTED_FILE', message: `只能上传 .xlsx 或 .csv 表格：${name}`, details: { file: name } });
  if (status === 401) return new EngineError({ code: 'INTERNAL', message: '上传被拒绝：工作台的令牌已失效，请重新打开 ketu serve 显示的地址' });
  return new EngineError({ code: 'INVALID_PARAMS', message: `无法上传文件（HTTP ${status}）：${name}`, details: { file: name } });
}

/** The localhost host: binary frames over POST /rpc, events as server-sent events. */
export function httpTransport(baseUrl: string, token: string): Transport {
  return {
    async request(method, params) {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/rpc`, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
          body: encodeFrame({ method, params }) as BlobPart,
        });
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: '无法连接 KeTu 引擎，请确认 ketu serve 仍在运行' } };
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const reply = response.headers.get('content-type') === 'application/octet-stream' ? (decodeFrame(bytes) as Reply) : null;
      if (reply === null || (!reply.ok && !isWireError(reply.error))) {
        return { ok: false, error: { code: 'INTERNAL', message: `引擎返回了无法识别的应答（HTTP ${response.status}）` } };
      }
      return reply;
    },
    subscribe(listener, onOpen) {
      const source = new EventSource(`${baseUrl}/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (e: MessageEvent<string>) => listener(JSON.parse(e.data) as EngineEvent);
      // EventSource reconnects by itself after a dropped connection: each open may follow missed events.
      if (onOpen !== undefined) source.onopen = () => onOpen();
      return () => source.close();
    },
    async upload(file) {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: file });
      } catch {
        throw new EngineError({ code: 'INTERNAL', message: '无法连接 KeTu 引擎，请确认 ketu serve 仍在运行' });
      }
      if (response.status !== 201) throw uploadError(response.status, file.name);
      return ((await response.json()) as { path: string }).path;
    },
  };
}

export function bridgeTransport(bridge: KetuBridge): Transport {
  return {
    request: (m, p) => bridge.request(m, p),
    subscribe: (l, onOpen) => {
      // The bridge's listener is registered at once: events flow from here.
      const stop = bridge.onEvent(l);
      if (onOpen !== undefined) queueMicrotask(onOpen);
      return stop;
    },
  };
}
