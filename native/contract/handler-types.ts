import type { EngineEvent } from './events.js';
import type { MethodName, ParsedParams, Result } from './methods.js';

/** What a handler may do besides answering: notice cancellation, report progress, push events. */
export interface CallContext {
  /** Aborted when the caller cancels the task this call runs under. */
  signal: AbortSignal;
  progress(phase: string, done: number, total: number): void;
  emit(event: EngineEvent): void;
}

export type Handler<M extends MethodName> = (params: ParsedParams<M>, ctx: CallContext) => Promise<Result<M>> | Result<M>;

/** The whole table every host serves; each domain's handlers.ts returns a `Pick` of it. */
export type Handlers = { [M in MethodName]: Handler<M> };
