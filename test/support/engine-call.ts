import type { WireError } from '../../native/contract/errors.js';
import type { MethodName, Params, Result } from '../../native/contract/methods.js';
import type { Dispatcher } from '../../native/host/dispatch.js';

/** A call the engine refused, carrying its wire error (code, message, details). */
export class CallRefused extends Error {
  constructor(readonly wire: WireError) {
    super(`${wire.code}: ${wire.message}`);
  }
}

/** One contract method called in process, typed by the contract: params in, result out. */
export type EngineCall = <M extends MethodName>(method: M, params: Params<M>) => Promise<Result<M>>;

/** The engine as a test calls it: through the same dispatcher every host uses; a refusal throws CallRefused. */
export function engineCall(dispatcher: Dispatcher): EngineCall {
  return async (method, params) => {
    const reply = await dispatcher.call(method, params);
    if (!reply.ok) throw new CallRefused(reply.error);
    return reply.result as Result<typeof method>;
  };
}

/** The wire error of a call that must be refused, as "CODE: message"; throws when it succeeds. */
export async function refusalOf<M extends MethodName>(dispatcher: Dispatcher, method: M, params: Params<M>): Promise<string> {
  const reply = await dispatcher.call(method, params);
  if (reply.ok) throw new Error(`expected ${method} to be refused`);
  return `${reply.error.code}: ${reply.error.message}`;
}
