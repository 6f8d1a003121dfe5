import { useCallback, useMemo, useRef, useState } from 'react';

/** What an undo did: reverted, cancelled by the planner (entry kept), or no longer applicable (skipped). */
export type UndoOutcome = 'done' | 'cancelled' | 'stale';

/** One undoable command: a layer edit, a template, an import. */
export interface HistoryEntry {
  label: string;
  undo(): Promise<UndoOutcome> | UndoOutcome;
  /** null: cannot be redone (an undone import is gone; the planner imports again). */
  redo: (() => Promise<void> | void) | null;
}

export interface History {
  push(entry: HistoryEntry): void;
  /** Undoes the newest applicable entry; null when there was none. */
  undo(): Promise<{ label: string; outcome: UndoOutcome } | null>;
  /** Redoes the newest undone entry; null when there was none. */
  redo(): Promise<string | null>;
  clear(): void;
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * One undo stack for the whole workbench (Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y), excalidraw's model: every command
 * pushes an entry that knows its inverse; a new command clears the redo stack.
 */
export function useHistory(): History {
  const undoStack = useRef<HistoryEntry[]>([]);
  const redoStack = useRef<HistoryEntry[]>([]);
  const busy = useRef(false);
  const [, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);

  const push = useCallback(
    (entry: HistoryEntry) => {
      undoStack.current.push(entry);
      redoStack.current = [];
      bump();
    },
    [bump],
  );

  const undo = useCallback(async () => {
    if (busy.current) return null;
    busy.current = true;
    try {
      for (;;) {
        const entry = undoStack.current.pop();
        if (entry === undefined) return null;
        const outcome = await entry.undo();
        if (outcome === 'stale') continue;
        if (outcome === 'cancelled') undoStack.current.push(entry);
        else if (entry.redo !== null) redoStack.current.push(entry);
        return { label: entry.label, outcome };
      }
    } finally {
      busy.current = false;
      bump();
    }
  }, [bump]);

  const redo = useCallback(async () => {
    if (busy.current) return null;
    const entry = redoStack.current.pop();
    if (entry?.redo == null) return null;
    busy.current = true;
    try {
      await entry.redo();
      undoStack.current.push(entry);
      return entry.label;
    } finally {
      busy.current = false;
      bump();
    }
  }, [bump]);

  const clear = useCallback(() => {
    undoStack.current = [];
    redoStack.current = [];
    bump();
  }, [bump]);

  const canUndo = undoStack.current.length > 0;
  const canRedo = redoStack.current.length > 0;
  return useMemo(() => ({ push, undo, redo, clear, canUndo, canRedo }), [push, undo, redo, clear, canUndo, canRedo]);
}
