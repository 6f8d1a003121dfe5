import { describe, expect, it } from 'vitest';
import { mergeWindowMs, UndoHistory } from '../../renderer/actions/history.js';
import type { HistoryEntry, UndoOutcome } from '../../renderer/actions/history.js';

/** A value the entries edit, like the layer list: each entry sets it and knows the value before. */
function setter(state: { value: number }, history: UndoHistory, to: number, mergeKey?: string): void {
  const before = state.value;
  state.value = to;
  history.push({
    label: `set ${to}`,
    undo: () => {
      state.value = before;
      return 'done';
    },
    redo: () => {
      state.value = to;
    },
    ...(mergeKey === undefined ? {} : { mergeKey }),
  });
}

describe('the one undo history', () => {
  it('undoes and redoes in order, and a new command drops what could be redone', async () => {
    const state = { value: 0 };
    const h = new UndoHistory();
    setter(state, h, 1);
    setter(state, h, 2);
    expect(await h.undo()).toEqual({ label: 'set 2', outcome: 'done' });
    expect(state.value).toBe(1);
    expect(await h.redo()).toBe('set 2');
    expect(state.value).toBe(2);
    await h.undo();
    setter(state, h, 5);
    expect(h.canRedo).toBe(false);
    expect(await h.redo()).toBeNull();
    expect(state.value).toBe(5);
  });

  it('merges a run of edits with one key inside the window into one step (a slider drag)', async () => {
    let now = 1000;
    const state = { value: 0 };
    const h = new UndoHistory(() => now);
    setter(state, h, 1, 'layer:a');
    now += mergeWindowMs - 1;
    setter(state, h, 2, 'layer:a');
    now += mergeWindowMs - 1;
    setter(state, h, 3, 'layer:a');
    await h.undo();
    expect(state.value).toBe(0);
    expect(h.canUndo).toBe(false);
    await h.redo();
    expect(state.value).toBe(3);
  });

  it('keeps edits apart after the window, for another key, and after an undo', async () => {
    let now = 0;
    const state = { value: 0 };
    const h = new UndoHistory(() => now);
    setter(state, h, 1, 'layer:a');
    now += mergeWindowMs;
    setter(state, h, 2, 'layer:a');
    setter(state, h, 3, 'layer:b');
    await h.undo();
    expect(state.value).toBe(2);
    setter(state, h, 4, 'layer:b');
    await h.undo();
    expect(state.value).toBe(2);
    await h.undo();
    expect(state.value).toBe(1);
  });

  it('keeps an entry whose undo was cancelled (an import the planner did not remove) and skips stale ones', async () => {
    const h = new UndoHistory();
    const answers: UndoOutcome[] = ['cancelled', 'done'];
    const importEntry: HistoryEntry = { label: 'import a.xlsx', undo: () => Promise.resolve(answers.shift() ?? 'done'), redo: null };
    const gone: HistoryEntry = { label: 'area removed elsewhere', undo: () => 'stale', redo: () => {} };
    h.push(importEntry);
    h.push(gone);
    expect(await h.undo()).toEqual({ label: 'import a.xlsx', outcome: 'cancelled' });
    expect(h.canUndo).toBe(true);
    expect(await h.undo()).toEqual({ label: 'import a.xlsx', outcome: 'done' });
    // An undone import cannot be redone: the planner imports again.
    expect(h.canRedo).toBe(false);
    expect(await h.undo()).toBeNull();
  });

  it('tells its readers about every change', () => {
    const h = new UndoHistory();
    let calls = 0;
    const stop = h.subscribe(() => calls++);
    h.push({ label: 'x', undo: () => 'done', redo: null });
    h.clear();
    stop();
    h.push({ label: 'y', undo: () => 'done', redo: null });
    expect(calls).toBe(2);
  });
});
