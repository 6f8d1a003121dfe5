import { KetuError } from '../contract/errors.js';
import type { CallContext } from '../contract/handler-types.js';
import type { ProjectStore } from './project-store.js';
import { busyError, isBusyError } from './writer-record.js';

/** At most one open project, whose store is the only writer of its file; every domain's handlers share it. */
export class ProjectSession {
  private store: ProjectStore | null = null;

  /** `client` names this program to others while it writes (e.g. "ketu import", "KeTu 工作台"). */
  constructor(readonly client = 'KeTu') {}

  /** SQLite's "database is locked" as PROJECT_BUSY naming the process that holds the open project. */
  explainError(err: unknown): unknown {
    return this.store !== null && isBusyError(err) ? busyError(this.store.path) : err;
  }
  private readonly releasers: Array<() => void> = [];

  /** Releases what is held for the open project (open tile archives …) whenever it closes or changes. */
  onRelease(release: () => void): void {
    this.releasers.push(release);
  }

  current(): ProjectStore {
    if (this.store === null) throw new KetuError('NO_PROJECT_OPEN', '尚未打开项目文件');
    this.store.matchLockWaitToWriter();
    return this.store;
  }

  replace(next: ProjectStore | null, ctx?: CallContext): void {
    for (const release of this.releasers) release();
    this.store?.close();
    this.store = next?.setClient(this.client) ?? null;
    ctx?.emit({ type: 'project.changed', path: next?.path ?? null });
  }

  status(): ProjectStore | null {
    return this.store;
  }

  close(): void {
    this.replace(null);
  }
}
