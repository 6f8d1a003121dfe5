import { EngineError } from './engine-client.js';

/** Engine messages are already zh-CN for planners; anything else is shown as is. */
export function errorMessage(error: unknown): string {
  if (error instanceof EngineError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
