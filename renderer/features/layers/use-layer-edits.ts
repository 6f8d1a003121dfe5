import { useCallback, useRef } from 'react';
import type { LayerConfig, PlaceFieldInfo, ProjectInfo } from '../../../native/contract/index.js';
import { useActions, useUndo } from '../../actions/actions-context.js';
import { useI18n } from '../../i18n/i18n.js';
import { newLayer } from '../../map/layers/registry.js';
import { templateLayers } from '../../map/layers/templates.js';
import type { TemplateId } from '../../map/layers/templates.js';
import { addLayer } from './layer-actions.js';
import { layerTypeKeys } from './layer-panel.js';
import type { LayerChange } from './layer-panel.js';
import type { ProjectLayers } from './use-project-layers.js';

export interface LayerEdits {
  change(change: LayerChange): void;
  add(type: LayerConfig['type']): void;
  template(id: TemplateId): void;
}

/** Every change of the layer list is saved and goes on the one history as before/after snapshots. */
export function useLayerEdits(projectLayers: ProjectLayers, fieldInfos: readonly PlaceFieldInfo[] | null, info: ProjectInfo | null): LayerEdits {
  const { t } = useI18n();
  const history = useUndo();
  const layersRef = useRef(projectLayers);
  layersRef.current = projectLayers;

  const change = useCallback(
    (c: LayerChange) => {
      const before = layersRef.current.layers;
      if (before === null) return;
      layersRef.current.set(c.next, c.settle ?? false);
      history.push({
        label: c.label,
        undo: () => {
          layersRef.current.set(before);
          return 'done';
        },
        redo: () => layersRef.current.set(c.next),
        // A run of slider edits to one layer is one step (history.ts merges them).
        ...(c.settle === true && c.mergeKey !== undefined ? { mergeKey: `layer:${c.mergeKey}` } : {}),
      });
    },
    [history],
  );
  const add = useCallback(
    (type: LayerConfig['type']) => {
      const list = layersRef.current.layers ?? [];
      let layer = newLayer(type, t(layerTypeKeys[type]), list);
      // A field layer starts on a field this project has (the first category field besides the role).
      const first = fieldInfos?.find((f) => f.kind === 'category' && f.field !== 'role');
      if (layer.type === 'places-field' && first !== undefined) layer = { ...layer, field: first.field };
      change({ next: addLayer(list, layer), label: t('action.addLayer', { name: layer.name }) });
    },
    [change, fieldInfos, t],
  );
  const template = useCallback(
    (id: TemplateId) => {
      if (info === null) return;
      change({ next: templateLayers(id, t, info.sites), label: t(id === 'map1' ? 'template.map1' : 'template.map2') });
    },
    [change, info, t],
  );

  const ready = info !== null && projectLayers.layers !== null;
  useActions('layers', [
    { id: 'layers.template.map1', label: 'template.map1', menu: 'edit', keys: [], enabled: ready, history: 'records', separatorBefore: true, perform: () => template('map1') },
    { id: 'layers.template.map2', label: 'template.map2', menu: 'edit', keys: [], enabled: ready, history: 'records', perform: () => template('map2') },
  ]);
  return { change, add, template };
}
