import type { LayerConfig } from '../../../native/contract/index.js';
import type { Action } from '../../actions/registry.js';

/** The edits of one layer the panel offers; the row buttons and the registered actions run the same ones. */
export interface LayerOps {
  remove(layer: LayerConfig): void;
  duplicate(layer: LayerConfig): void;
  startRename(layer: LayerConfig): void;
  toggle(layer: LayerConfig): void;
  /** +1 = one step towards the top of the drawing order (up in the list). */
  move(layer: LayerConfig, delta: number): void;
}

/**
 * True for a row of the layer list itself (not a button or field inside it): Delete and Space mean other
 * things elsewhere (an area, a button), so the layer shortcuts act only there. Read by shape like typingIn.
 */
export function isLayerRow(target: EventTarget | null): boolean {
  const el = target as { dataset?: { layerRow?: unknown } } | null;
  return typeof el?.dataset?.layerRow === 'string';
}

/**
 * The selected layer's edits as actions (menu 编辑 / Edit, help overlay, key dispatcher); all disabled when
 * no layer is selected, moves also at the ends of the list.
 */
export function selectedLayerActions(layer: LayerConfig | null, list: readonly LayerConfig[], ops: LayerOps): Action[] {
  const at = layer === null ? -1 : list.findIndex((l) => l.id === layer.id);
  const on = (run: (l: LayerConfig) => void) => () => {
    if (layer !== null) run(layer);
  };
  const base = { menu: 'edit', keyScope: isLayerRow } as const;
  return [
    { ...base, id: 'layers.selected.remove', label: 'cmd.layerRemove', keys: ['Delete'], enabled: at >= 0, history: 'records', separatorBefore: true, perform: on(ops.remove) },
    { ...base, id: 'layers.selected.duplicate', label: 'cmd.layerDuplicate', keys: [], enabled: at >= 0, history: 'records', perform: on(ops.duplicate) },
    // Rename opens the name field; the history records the name once it is confirmed.
    { ...base, id: 'layers.selected.rename', label: 'cmd.layerRename', keys: ['F2'], enabled: at >= 0, history: 'records', perform: on(ops.startRename) },
    { ...base, id: 'layers.selected.toggle', label: 'cmd.layerToggle', keys: ['Space'], enabled: at >= 0, history: 'records', perform: on(ops.toggle) },
    { ...base, id: 'layers.selected.up', label: 'cmd.layerUp', keys: ['Alt+ArrowUp'], enabled: at >= 0 && at < list.length - 1, history: 'records', perform: on((l) => ops.move(l, 1)) },
    { ...base, id: 'layers.selected.down', label: 'cmd.layerDown', keys: ['Alt+ArrowDown'], enabled: at > 0, history: 'records', perform: on((l) => ops.move(l, -1)) },
  ];
}
