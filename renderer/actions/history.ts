import { useMemo, useSyncExternalStore } from 'react';
import { ChangeSignal } from './change-signal.js';

/** What an undo did: reverted, cancelled by the planner (entry kept), or no longer applicable (skipped). */
export type UndoOutcome = 'done' | 'cancelled' | 'stale';

/**
 * One undoable command. The three kinds the workbench has all fit here: a layer edit (snapshots, `mergeKey`
 * so a slider drag is one entry), an area edit (engine calls that resolve re-created ids themselves), and an
 * import (whose undo asks first and may come back 'cancelled', and which cannot be redone: `redo` null).
 */
export interface HistoryEntry {
  label: string;
  undo(): Promise<UndoOutcome> | UndoOutcome;
  /** null: cannot be redone (an undone import is gone; the planner imports again). */
  redo: (() => Promise<void> | void) | null;
  /** Entries pushed back to back with the same key within `mergeWindowMs` become one (the first undo, the last redo). */
  mergeKey?: string;
}

/** A run of edits to one thing closer together than this is one step to undo. */
export const mergeWindowMs = 1500;

export interface UndoResult {
  label: string;
  outcome: UndoOutcome;
}

/**
 * The workbench's one undo history (excalidraw's model): every command pushes an entry that knows its inverse;
 * a new command clears the redo stack. Plain TS with an injected clock, so it is tested without React.
 */
export class UndoHistory extends ChangeSignal {
  private undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];
  private busy = false;
  /** When the top entry last absorbed an edit; merging stops after any undo or redo. */
  private lastPushAt: number | null = null;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Label of the entry the next undo would revert, for menus and tooltips. */
  get nextUndo(): string | null {
    return this.undoStack.at(-1)?.label ?? null;
  }

  push(entry: HistoryEntry): void {
    const at = this.now();
    const top = this.undoStack.at(-1);
    if (top !== undefined && entry.mergeKey !== undefined && top.mergeKey === entry.mergeKey && this.lastPushAt !== null && at - this.lastPushAt < mergeWindowMs) {
      // The merged step reverts to before the first edit and replays the last one.
      this.undoStack[this.undoStack.length - 1] = { ...entry, undo: top.undo };
    } else {
      this.undoStack.push(entry);
    }
    this.lastPushAt = at;
    this.redoStack = [];
    this.changed();
  }

  /** Undoes the newest applicable entry (stale ones are dropped on the way); null when there was none. */
  async undo(): Promise<UndoResult | null> {
    if (this.busy) return null;
    this.busy = true;
    this.lastPushAt = null;
    try {
      for (;;) {
        const entry = this.undoStack.pop();
        if (entry === undefined) return null;
        const outcome = await entry.undo();
        if (outcome === 'stale') continue;
        if (outcome === 'cancelled') this.undoStack.push(entry);
        else if (entry.redo !== null) this.redoStack.push(entry);
        return { label: entry.label, outcome };
      }
    } finally {
      this.busy = false;
      this.changed();
    }
  }

  /** Redoes the newest undone entry; null when there was none. */
  async redo(): Promise<string | null> {
    if (this.busy) return null;
    const entry = this.redoStack.pop();
    if (entry?.redo == null) return null;
    this.busy = true;
    this.lastPushAt = null;
    try {
      await entry.redo();
      this.undoStack.push(entry);
      return entry.label;
    } finally {
      this.busy = false;
      this.changed();
    }
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.lastPushAt = null;
    this.changed();
  }
}

/** The workbench's history for the life of the page, and a re-render whenever it changes. */
export function useUndoHistory(): UndoHistory {
  const history = useMemo(() => new UndoHistory(), []);
  useSyncExternalStore(
    (l) => history.subscribe(l),
    () => history.revision,
  );
  return history;
}
