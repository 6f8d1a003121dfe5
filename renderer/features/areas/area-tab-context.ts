import type { KetuBridge } from '../../../native/contract/bridge.js';
import type { Area, Opportunity, PlaceFilter, ProjectInfo } from '../../../native/contract/methods.js';
import type { EngineClient } from '../../engine/engine-client.js';
import type { AreaCommand, AreaCommands } from './area-commands.js';

/** What every tab of the 目标区域 drawer gets from the panel (its own file so panel and tabs need not import each other). */
export interface AreaTabContext {
  client: EngineClient;
  bridge: KetuBridge | null;
  info: ProjectInfo;
  areas: readonly Area[];
  filter: PlaceFilter | undefined;
  bands: readonly number[] | undefined;
  /** Bumped after every area change and every project change: counts are asked again. */
  version: number;
  selectedId: number | null;
  commands: AreaCommands;
  /** Puts a change the tab made through the engine on the workbench's undo history. */
  record(command: AreaCommand): void;
  /** Call after a change the tab made through the engine. */
  changed(message?: string): void;
  setError(message: string | null): void;
  pickPoint(onPicked: (at: { lng: number; lat: number }) => void): void;
  /** The drawing tools (which take the picked point) have loaded. */
  canPick: boolean;
  setOpportunities(cells: readonly Opportunity[], selectedKey: string | null): void;
  fit(ring: ReadonlyArray<readonly [number, number]>): void;
}
