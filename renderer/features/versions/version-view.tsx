import type { ReactNode } from 'react';
import type { PlaceColumns, ProjectInfo } from '../../../native/contract/index.js';
import { useEngineQuery } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Bounds } from '../../map/map-view.js';
import { FrozenMap } from './frozen-map.js';

export interface VersionViewProps {
  id: number;
  info: ProjectInfo;
  columns: PlaceColumns;
  fitTo: Bounds | null;
  onBack(): void;
}

/** A saved version over the live map, read-only: its layers, filter, areas, basemap and view, with a banner. */
export function VersionView({ id, info, columns, fitTo, onBack }: VersionViewProps): ReactNode {
  const { t, lang } = useI18n();
  const version = useEngineQuery((c) => c.call('versions.get', { version: id }), [id], false);
  const v = version.data;
  return (
    <div className="version-view" data-testid="version-view" data-version={v?.name ?? ''}>
      <div className="version-banner" role="status" data-testid="version-banner">
        <span>{v === null ? (version.error === null ? t('app.loading') : errorMessage(version.error, lang)) : t('versions.readOnly', { name: v.name, at: v.createdAt.slice(0, 16).replace('T', ' ') })}</span>
        <button type="button" className="primary" data-testid="version-back" onClick={onBack}>
          {t('versions.back')}
        </button>
      </div>
      {v === null ? null : <FrozenMap columns={columns} sites={info.sites} layers={v.layers} filter={v.settings.filter} basemapId={v.settings.basemap} areas={v.areaList} view={v.view} fitTo={fitTo} legend />}
    </div>
  );
}
