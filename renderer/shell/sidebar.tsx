import { useMemo } from 'react';
import type { ReactNode } from 'react';
import type { ProjectInfo } from '../../native/contract/index.js';
import { useActionsContext, useReadOnly } from '../actions/actions-context.js';
import type { MapSettingsState } from '../features/filters/use-map-settings.js';
import { BatchesPanel } from '../features/import/batches-panel.js';
import type { ImportUndo } from '../features/import/use-import-undo.js';
import { LayerPanel } from '../features/layers/layer-panel.js';
import type { LayerEdits } from '../features/layers/use-layer-edits.js';
import { ReviewPanel } from '../features/review/review-panel.js';
import { REVIEW_LIMIT } from '../features/review/use-review.js';
import type { Review } from '../features/review/use-review.js';
import type { MapData } from './use-map-data.js';

export interface SidebarProps {
  info: ProjectInfo | null;
  map: MapData;
  settings: MapSettingsState;
  layerEdits: LayerEdits;
  basemapVisible: boolean;
  onBasemap(visible: boolean): void;
  imports: ImportUndo;
  review: Review;
  onLocate(): void;
}

/** The left column: layers (with the history's arrows), import batches and the review list. */
export function Sidebar({ info, map, settings, layerEdits, basemapVisible, onBasemap, imports, review, onLocate }: SidebarProps): ReactNode {
  const { history, registry } = useActionsContext();
  const legends = useMemo(() => new Map(map.stack.legends.map((l) => [l.config.id, l.entries])), [map.stack.legends]);
  const readOnly = useReadOnly();
  return (
    <aside className="sidebar">
      {/* A saved version open read-only: one disabled fieldset turns off every control of the live panels, the reason on hover. */}
      <fieldset className="read-only-lock" disabled={readOnly !== null} title={readOnly ?? undefined} data-testid="sidebar-lock">
      <LayerPanel
        layers={info === null ? null : map.projectLayers.layers}
        legends={legends}
        fields={settings.fieldInfos ?? []}
        products={map.productValues}
        onWantFields={settings.wantFields}
        areaBands={settings.settings?.areaBands ?? []}
        error={map.projectLayers.error}
        basemapVisible={basemapVisible}
        onBasemap={onBasemap}
        onChange={layerEdits.change}
        onAdd={layerEdits.add}
        onTemplate={layerEdits.template}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
        onUndo={() => registry.perform('edit.undo')}
        onRedo={() => registry.perform('edit.redo')}
      />
      <BatchesPanel batches={imports.batches} disabled={imports.asking} onUndo={(b) => imports.ask(b, false)} />
      <ReviewPanel places={review.places} limit={REVIEW_LIMIT} selectedId={review.reviewing?.id ?? null} disabled={review.busy} onSelect={review.select} onLocate={onLocate} />
      </fieldset>
    </aside>
  );
}
