import { ZodError } from 'zod';
import { KetuError } from '../contract/errors.js';
import type { WireError } from '../contract/errors.js';
import type { EngineEvent } from '../contract/events.js';
import { isMethodName, methods } from '../contract/methods.js';
import type { Reply } from '../contract/engine-messages.js';
import type { CallContext, Handlers } from '../contract/handler-types.js';
import type { MethodName } from '../contract/methods.js';
import { isBusyError } from '../store/writer-record.js';
import { paramsError } from './param-errors.js';

export type { Reply } from '../contract/engine-messages.js';

/** Long calls register here under the caller's task id so `task.cancel` can reach them. */
export class TaskRegistry {
  private readonly running = new Map<string, AbortController>();

  start(taskId: string | undefined): AbortController {
    const controller = new AbortController();
    if (taskId !== undefined) this.running.set(taskId, controller);
    return controller;
  }

  finish(taskId: string | undefined): void {
    if (taskId !== undefined) this.running.delete(taskId);
  }

  cancel(taskId: string): boolean {
    const controller = this.running.get(taskId);
    if (controller === undefined) return false;
    controller.abort();
    return true;
  }
}

/** SQLite's English errors (better-sqlite3 puts the extended code in `code`) as coded Chinese messages. */
function sqliteError(err: unknown): WireError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const details = { sqlite: code };
  if (isBusyError(err)) return { code: 'PROJECT_BUSY', message: '项目正被另一个程序写入，请稍后再试', details };
  if (code === 'SQLITE_FULL') return { code: 'WRITE_FAILED', message: '磁盘已满，项目文件未能写入', details: { ...details, reason: 'full' } };
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return { code: 'WRITE_FAILED', message: '项目文件是只读的（或没有写入权限），未能写入', details: { ...details, reason: 'readonly' } };
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return { code: 'PROJECT_CORRUPT', message: '项目文件已损坏，请用备份恢复', details };
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return { code: 'WRITE_FAILED', message: '读写项目文件时出错（磁盘或文件夹不可用）', details: { ...details, reason: 'io' } };
  return { code: 'INTERNAL', message: `内部错误：数据库错误（${code}）`, details };
}

export function toWireError(err: unknown): WireError {
  if (err instanceof KetuError) return err.toWire();
  if (err instanceof ZodError) return paramsError(err);
  const sqlite = sqliteError(err);
  if (sqlite !== null) return sqlite;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `内部错误：${message}` };
}

export interface Dispatcher {
  call(method: string, params: unknown): Promise<Reply>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

/**
 * An import commit keeps its write transaction open while the sheet streams in (awaits included), on
 * the one connection every call shares: it runs alone, after the calls in flight, and the rest wait
 * for it. Only a cancel gets through, or the import could not be stopped.
 */
const EXCLUSIVE: ReadonlySet<MethodName> = new Set<MethodName>(['import.commit']);
const NEVER_WAITS: ReadonlySet<MethodName> = new Set<MethodName>(['task.cancel']);

class CallGate {
  private inFlight = 0;
  private exclusive: Promise<void> | null = null;
  private drained: (() => void) | null = null;

  async enter(method: MethodName): Promise<() => void> {
    if (NEVER_WAITS.has(method)) return () => undefined;
    while (this.exclusive !== null) await this.exclusive;
    if (!EXCLUSIVE.has(method)) {
      this.inFlight++;
      return () => {
        this.inFlight--;
        if (this.inFlight === 0) this.drained?.();
      };
    }
    let release!: () => void;
    this.exclusive = new Promise<void>((resolve) => (release = resolve));
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.drained = null;
    return () => {
      this.exclusive = null;
      release();
    };
  }
}

/** The one dispatcher every host shares: validate params, call the handler, coerce any error. */
export function createDispatcher(handlers: Handlers, tasks: TaskRegistry, explainError: (err: unknown) => unknown = (err) => err): Dispatcher {
  const listeners = new Set<(event: EngineEvent) => void>();
  const gate = new CallGate();
  const emit = (event: EngineEvent): void => {
    for (const l of listeners) l(event);
  };
  return {
    async call(method, rawParams) {
      if (!isMethodName(method)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `未知的方法：${method}` } };
      const parsed = methods[method].params.safeParse(rawParams ?? {});
      if (!parsed.success) return { ok: false, error: toWireError(parsed.error) };
      const params = parsed.data as Record<string, unknown>;
      // task.cancel names the task it stops; registering under that id would replace the task itself.
      const taskId = method !== 'task.cancel' && typeof params.taskId === 'string' ? params.taskId : undefined;
      const controller = tasks.start(taskId);
      const ctx: CallContext = {
        signal: controller.signal,
        emit,
        progress: (phase, done, total) => {
          if (taskId !== undefined) emit({ type: 'progress', taskId, phase, done, total });
        },
      };
      const leave = await gate.enter(method);
      try {
        const handler = handlers[method] as (p: unknown, c: CallContext) => unknown;
        const result = await handler(parsed.data, ctx);
        return { ok: true, result };
      } catch (err) {
        return { ok: false, error: toWireError(explainError(err)) };
      } finally {
        leave();
        tasks.finish(taskId);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
