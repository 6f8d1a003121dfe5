import type { Area, AreaShape, Params } from '../../../native/contract/methods.js';
import type { EngineClient } from '../../engine/engine-client.js';

/** One undoable area edit: both directions go through the engine, which stays the only store. */
export interface AreaCommand {
  label: string;
  undo(): Promise<void>;
  redo(): Promise<void>;
}

/** An area's shape as `areas.add`/`areas.update` take it. */
export function shapeOf(area: Area): AreaShape {
  return area.kind === 'circle' && area.center !== null && area.radiusM !== null
    ? { kind: 'circle', lng: area.center.lng, lat: area.center.lat, radiusM: area.radiusM }
    : { kind: 'polygon', ring: area.ring };
}

/** Everything needed to put an area back as it was. */
export function snapshotOf(area: Area): Params<'areas.add'> {
  return { name: area.name, grade: area.grade, color: area.color, notes: area.notes, team: area.team, hidden: area.hidden, shape: shapeOf(area) };
}

/**
 * Undoable area edits (add, delete, properties, shape) for the workbench's one history (history.ts). A deleted
 * area comes back with a new id, so commands keep the id they were made with and resolve it through the
 * aliases recorded on the way.
 */
export class AreaCommands {
  private readonly aliases = new Map<number, number>();

  constructor(private readonly client: EngineClient) {}

  resolve(id: number): number {
    let current = id;
    for (let next = this.aliases.get(current); next !== undefined; next = this.aliases.get(current)) current = next;
    return current;
  }

  /** An area was added (drawn, a ring, a 机会战场 cell): undo removes it, redo adds it again. */
  added(label: string, areas: readonly Area[]): AreaCommand {
    const ids = areas.map((a) => a.id);
    const snapshots = areas.map(snapshotOf);
    return {
      label,
      undo: async () => {
        for (const id of ids) await this.client.call('areas.remove', { id: this.resolve(id) });
      },
      redo: async () => {
        for (const [i, snap] of snapshots.entries()) {
          const again = await this.client.call('areas.add', snap);
          const id = ids[i];
          if (id !== undefined) this.aliases.set(this.resolve(id), again.id);
        }
      },
    };
  }

  /** An area was deleted: undo adds it back (with a new id), redo deletes it again. */
  removed(label: string, area: Area): AreaCommand {
    const inverse = this.added(label, [area]);
    return { label, undo: inverse.redo, redo: inverse.undo };
  }

  /** Properties or shape changed from `before` to `after` (full snapshots, so either direction restores all). */
  updated(label: string, before: readonly Area[], after: readonly Area[]): AreaCommand {
    const put = async (list: readonly Area[]): Promise<void> => {
      for (const a of list) await this.client.call('areas.update', { id: this.resolve(a.id), ...snapshotOf(a) });
    };
    return { label, undo: () => put(before), redo: () => put(after) };
  }
}
