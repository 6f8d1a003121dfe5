/**
 * What the history and the registry share with React: a revision number bumped on every change and
 * listeners told of it (read through useSyncExternalStore, so a change re-renders its readers).
 */
export class ChangeSignal {
  private readonly listeners = new Set<() => void>();
  private version = 0;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Bumped on every change. */
  get revision(): number {
    return this.version;
  }

  protected changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}
