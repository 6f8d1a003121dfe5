import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { ShellLink } from '../engine/shell-link.js';
import { useI18n } from '../i18n/i18n.js';
import { useUndoHistory } from './history.js';
import type { UndoHistory } from './history.js';
import { ActionRegistry } from './registry.js';
import type { Action } from './registry.js';

export interface Actions {
  registry: ActionRegistry;
  history: UndoHistory;
}

const ActionsContext = createContext<Actions | null>(null);

/**
 * The workbench's one action registry and one undo history, the one keydown listener, and the menu the shell
 * draws from the registry (its clicks come back through the same registry).
 */
export function ActionsProvider({ shell, children }: { shell: ShellLink; children: ReactNode }): ReactNode {
  const { t, lang } = useI18n();
  const registry = useMemo(() => new ActionRegistry(), []);
  const history = useUndoHistory();
  const value = useMemo(() => ({ registry, history }), [registry, history]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (registry.handleKeyDown(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    const stopCommands = shell.onCommand((id) => registry.perform(id));
    return () => {
      window.removeEventListener('keydown', onKey);
      stopCommands();
    };
  }, [registry, shell]);

  // The menu follows every change of the registry; the shell is told only when what it shows changed.
  useEffect(() => {
    let sent = '';
    let queued = false;
    const sync = (): void => {
      queued = false;
      const model = registry.menuModel(lang, t);
      const json = JSON.stringify(model);
      if (json === sent) return;
      sent = json;
      shell.setMenu(model);
    };
    sync();
    return registry.subscribe(() => {
      if (queued) return;
      queued = true;
      queueMicrotask(sync);
    });
  }, [registry, shell, t, lang]);

  return <ActionsContext.Provider value={value}>{children}</ActionsContext.Provider>;
}

export function useActionsContext(): Actions {
  const ctx = useContext(ActionsContext);
  if (ctx === null) throw new Error('useActionsContext outside ActionsProvider');
  return ctx;
}

export function useUndo(): UndoHistory {
  return useActionsContext().history;
}

/** Why editing is off (a saved version open read-only), or null: controls that change the project follow it. */
export function useReadOnly(): string | null {
  const { registry } = useActionsContext();
  return useSyncExternalStore(
    (l) => registry.subscribe(l),
    () => registry.readOnly(),
  );
}

/**
 * Puts a component's actions into the registry while it is mounted, refreshed on every render so their
 * `enabled` and `perform` see the component's current state.
 */
export function useActions(owner: string, actions: readonly Action[]): void {
  const { registry } = useActionsContext();
  useEffect(() => {
    registry.contribute(owner, actions);
  });
  useEffect(() => () => registry.withdraw(owner), [registry, owner]);
}

/**
 * A dialog's or popup's own keys (Escape closes it) as a layer above the registry, through the same
 * dispatcher and typing rule; a modal layer keeps the workbench's shortcuts from acting behind it.
 */
export function useKeyLayer(active: boolean, modal: boolean, actions: readonly Action[]): void {
  const { registry } = useActionsContext();
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!active) return;
    return registry.pushLayer({ modal, actions: () => latest.current });
  }, [registry, active, modal]);
}

/** An Escape that closes something: the one local key every dialog and popup has. */
export function closeOnEscape(id: string, close: () => void): Action {
  return { id, label: 'dialog.close', menu: null, keys: ['Escape'], enabled: true, inFields: true, history: 'none', perform: close };
}
