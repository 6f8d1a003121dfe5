import { decodeFrame, encodeFrame, isWireError } from '../../native/contract/index.js';
import type { KetuBridge } from '../../native/contract/bridge.js';
import type { EngineEvent, ErrorCode, ErrorDetails, MethodName, Params, Result, WireError } from '../../native/contract/index.js';

type Reply = { ok: true; result: unknown } | { ok: false; error: WireError };

/** One way to reach the engine; the renderer never knows which host it runs under beyond this. */
export interface Transport {
  request(method: string, params: unknown): Promise<Reply>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
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

export class EngineClient {
  constructor(private readonly transport: Transport) {}

  async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    const reply = await this.transport.request(method, params);
    if (!reply.ok) throw new EngineError(reply.error);
    return reply.result as Result<M>;
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    return this.transport.subscribe(listener);
  }
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
    subscribe(listener) {
      const source = new EventSource(`${baseUrl}/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (e: MessageEvent<string>) => listener(JSON.parse(e.data) as EngineEvent);
      return () => source.close();
    },
  };
}

export function bridgeTransport(bridge: KetuBridge): Transport {
  return { request: (m, p) => bridge.request(m, p), subscribe: (l) => bridge.onEvent(l) };
}
