import { useState } from 'react';
import type { ProgressEvent } from '../../native/contract/index.js';
import type { EngineClient } from './engine-client.js';

export interface EngineTask {
  /** Set while a long engine call runs under this id. */
  taskId: string | null;
  /** A fresh id for the next call; the caller passes it as the call's `taskId`. */
  start(): string;
  finish(): void;
  /** Asks the engine to cancel; the call then fails with CANCELLED. */
  cancel(onError: (e: unknown) => void): void;
  /** The latest progress event of this task, and its percentage when the total is known. */
  progress: ProgressEvent | null;
  percent: number | null;
}

export function newTaskId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `task-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** A cancellable engine call with progress: the engine streams progress for every task, this keeps ours. */
export function useEngineTask(client: EngineClient, latest: ProgressEvent | null): EngineTask {
  const [taskId, setTaskId] = useState<string | null>(null);
  const progress = latest !== null && latest.taskId === taskId ? latest : null;
  return {
    taskId,
    start: () => {
      const id = newTaskId();
      setTaskId(id);
      return id;
    },
    finish: () => setTaskId(null),
    cancel: (onError) => {
      if (taskId !== null) client.call('task.cancel', { taskId }).catch(onError);
    },
    progress,
    percent: progress === null || progress.total <= 0 ? null : Math.min(100, Math.round((progress.done / progress.total) * 100)),
  };
}
