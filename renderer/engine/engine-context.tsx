import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { KetuBridge } from '../../native/contract/bridge.js';
import type { ProgressEvent, ProjectInfo } from '../../native/contract/index.js';
import type { Connection } from './connect.js';
import { EngineError } from './engine-client.js';
import type { EngineClient } from './engine-client.js';
import { newTaskId } from './engine-task.js';
import type { ShellLink } from './shell-link.js';

/** What every panel needs from the engine side: the client, the native bridge, the open project and its changes. */
export interface EngineContextValue {
  client: EngineClient;
  /** Native dialogs (Electron), or null in a browser. */
  bridge: KetuBridge | null;
  shell: ShellLink;
  /** The open project; null without one (and until app.status answered: see `started`). */
  info: ProjectInfo | null;
  started: boolean;
  /** Why the project could not be read (app.status / project.info failed). */
  failure: unknown;
  /** Bumped by every project.changed event (imports, undos, opens elsewhere) and by noteChange. */
  changes: number;
  /** The latest progress event of any engine task. */
  progress: ProgressEvent | null;
  /** Reads project.info again (after our own import, confirm or undo). */
  refresh(): Promise<void>;
  /** Opens a project file; the new info is in context when this resolves. */
  open(path: string): Promise<ProjectInfo>;
  /** While a project opens: its path, and the upgrade's progress when an older file is migrated (backup, then migrate steps). */
  opening: { path: string; progress: ProgressEvent | null } | null;
  /** Set while calls wait for another program (a CLI import) to release the project; they are sent again then. */
  busy: BusyState | null;
  /** A change of our own the engine's event may not have reached us for yet: queries read again now. */
  noteChange(): void;
  /** The open project as of now, ahead of the render that shows it (for callbacks and event handlers). */
  infoRef: { readonly current: ProjectInfo | null };
}

export interface BusyState {
  /** The engine's PROJECT_BUSY, naming who holds the project. */
  error: EngineError;
  /** Stops waiting: the waiting calls fail with CANCELLED and change nothing. */
  cancel(): void;
}

/** How often a waiting workbench asks whether the other writer is done (a cheap read of its record). */
const BUSY_POLL_MS = 500;

const EngineContext = createContext<EngineContextValue | null>(null);

/**
 * The engine connection and the open project for the whole workbench, so panels take them from here instead
 * of props threaded through the shell. Later answers win: a project.changed event and our own refresh may overlap.
 */
export function EngineProvider({ connection, children }: { connection: Connection; children: ReactNode }): ReactNode {
  const { client, bridge, shell } = connection;
  const [info, setInfoState] = useState<ProjectInfo | null>(null);
  const [started, setStarted] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [changes, setChanges] = useState(0);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const infoRef = useRef<ProjectInfo | null>(null);
  const seq = useRef(0);

  const setInfo = useCallback((next: ProjectInfo | null) => {
    // Update the ref now, not at the next render: a close and a re-open can arrive back to back.
    infoRef.current = next;
    setInfoState(next);
    setFailure(null);
    setStarted(true);
  }, []);

  const refresh = useCallback(async (): Promise<void> => {
    const mine = ++seq.current;
    try {
      const next = await client.call('project.info', {});
      if (mine === seq.current) setInfo(next);
    } catch (e) {
      // Closed meanwhile (elsewhere, or by a test's engine): no project is the answer, not a failure.
      if (mine === seq.current) {
        if (e instanceof EngineError && e.code === 'NO_PROJECT_OPEN') setInfo(null);
        else setFailure(e);
      }
    }
  }, [client, setInfo]);

  const [openTask, setOpenTask] = useState<{ path: string; taskId: string } | null>(null);
  const open = useCallback(
    async (path: string): Promise<ProjectInfo> => {
      const mine = ++seq.current;
      // Every open runs under a task id, so an older file's upgrade can show its progress.
      const taskId = newTaskId();
      setOpenTask({ path, taskId });
      try {
        const opened = await client.call('project.open', { path, taskId });
        if (mine === seq.current) setInfo(opened);
        return opened;
      } finally {
        setOpenTask((t) => (t?.taskId === taskId ? null : t));
      }
    },
    [client, setInfo],
  );
  const opening = useMemo(() => (openTask === null ? null : { path: openTask.path, progress: progress?.taskId === openTask.taskId ? progress : null }), [openTask, progress]);

  const noteChange = useCallback(() => setChanges((n) => n + 1), []);

  const [busy, setBusy] = useState<BusyState | null>(null);
  // Every call refused as busy waits on the same poll; the first refusal starts it.
  const waiting = useRef<Promise<void> | null>(null);
  useEffect(() => {
    client.setBusyWait((error) => {
      waiting.current ??= new Promise<void>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | null = null;
        const done = (): void => {
          if (timer !== null) clearTimeout(timer);
          waiting.current = null;
          setBusy(null);
        };
        const poll = (): void => {
          timer = setTimeout(() => {
            client.call('project.writer', {}).then(
              (writer) => {
                if (waiting.current === null) return;
                if (writer === null) {
                  done();
                  resolve();
                } else poll();
              },
              () => poll(),
            );
          }, BUSY_POLL_MS);
        };
        setBusy({
          error,
          cancel: () => {
            done();
            reject(new EngineError({ code: 'CANCELLED', message: '已取消：项目仍被另一个程序占用，修改未保存' }));
          },
        });
        poll();
      });
      return waiting.current;
    });
    return () => client.setBusyWait(null);
  }, [client]);

  useEffect(() => {
    let alive = true;
    const mine = ++seq.current;
    client
      .call('app.status', {})
      .then((status) => {
        if (alive && mine === seq.current) setInfo(status.project);
      })
      .catch((e: unknown) => {
        if (!alive) return;
        setFailure(e);
        setStarted(true);
      });
    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'progress') {
        setProgress(event);
        return;
      }
      setChanges((n) => n + 1);
      if (event.path === null) {
        ++seq.current;
        setInfo(null);
      }
      // Our own open and import reload by themselves; follow projects opened elsewhere (menu, shell).
      else if (event.path !== infoRef.current?.path) void refresh();
    }, () => {
      // A project opened or created elsewhere before the events flowed (the first answer may predate it).
      client.call('app.status', {}).then(
        (status) => {
          if (alive && (status.project?.path ?? null) !== (infoRef.current?.path ?? null)) void refresh();
        },
        () => undefined,
      );
    });
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [client, setInfo, refresh]);

  const value = useMemo<EngineContextValue>(
    () => ({ client, bridge, shell, info, started, failure, changes, progress, refresh, open, opening, busy, noteChange, infoRef }),
    [client, bridge, shell, info, started, failure, changes, progress, refresh, open, opening, busy, noteChange],
  );
  return <EngineContext.Provider value={value}>{children}</EngineContext.Provider>;
}

export function useEngine(): EngineContextValue {
  const ctx = useContext(EngineContext);
  if (ctx === null) throw new Error('useEngine outside EngineProvider');
  return ctx;
}

export interface EngineQuery<T> {
  /** The latest answer (kept while a newer one is asked); null before the first, without `ask`, or after a failure. */
  data: T | null;
  error: unknown;
  /** True from the render in which the key changed until its answer arrived. */
  pending: boolean;
}

/**
 * One engine read kept current (replaces hand-rolled sequence guards): asked again when an element of `key`
 * changes (by identity) and, unless `followChanges` is false, after every project change; an answer that
 * arrives after a newer question is dropped. `ask` null: nothing to ask (no project), data null.
 */
export function useEngineQuery<T>(ask: ((client: EngineClient) => Promise<T>) | null, key: readonly unknown[], followChanges = true): EngineQuery<T> {
  const { client, changes } = useEngine();
  const [state, setState] = useState<{ data: T | null; error: unknown; answered: string | null }>({ data: null, error: null, answered: null });
  const askRef = useRef(ask);
  askRef.current = ask;
  const enabled = ask !== null;
  const question = `${useKeyVersion(key)}:${followChanges ? changes : 0}:${enabled}`;
  const latest = useRef(question);
  latest.current = question;
  useEffect(() => {
    const current = askRef.current;
    if (current === null) {
      setState({ data: null, error: null, answered: question });
      return;
    }
    current(client).then(
      (data) => {
        if (latest.current === question) setState({ data, error: null, answered: question });
      },
      (error: unknown) => {
        if (latest.current === question) setState({ data: null, error, answered: question });
      },
    );
  }, [client, question]);
  if (!enabled) return { data: null, error: null, pending: false };
  return { data: state.data, error: state.error, pending: state.answered !== question };
}

/** A number that changes whenever an element of `key` does (by identity), usable as one effect dependency. */
function useKeyVersion(key: readonly unknown[]): number {
  const last = useRef(key);
  const version = useRef(0);
  if (key.length !== last.current.length || key.some((k, i) => !Object.is(k, last.current[i]))) {
    last.current = key;
    version.current++;
  }
  return version.current;
}
