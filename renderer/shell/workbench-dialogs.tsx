import type { ReactNode } from 'react';
import type { ImportResult } from '../../native/contract/index.js';
import { useEngine } from '../engine/engine-context.js';
import { ExportDialog } from '../features/export/export-dialog.js';
import { ImportDialog } from '../features/import/import-dialog.js';
import { OpenDialog } from '../features/project/open-dialog.js';
import { GeocodeDialog } from '../features/review/geocode-dialog.js';
import { useI18n } from '../i18n/i18n.js';
import type { CapturedPng } from '../map/png-capture.js';
import { EmptyState, LoadingOverlay } from './empty-state.js';
import { HelpOverlay } from './help-overlay.js';
import type { DialogKind } from './use-workbench-actions.js';

export interface WorkbenchDialogsProps {
  dialog: DialogKind | null;
  onClose(): void;
  onOpen(path: string): Promise<void>;
  onImported(result: ImportResult, reportPath?: string): void;
  /** Review places that still need a position (the 在线定位 dialog says how many). */
  unsure: number;
  mapSize(): { width: number; height: number };
  capture(ratio: number, legend: boolean): Promise<CapturedPng>;
}

/** The one dialog the workbench shows at a time (the import undo confirmation is the import feature's own). */
export function WorkbenchDialogs({ dialog, onClose, onOpen, onImported, unsure, mapSize, capture }: WorkbenchDialogsProps): ReactNode {
  const { info, refresh, noteChange } = useEngine();
  if (dialog === 'open') return <OpenDialog onOpen={onOpen} onClose={onClose} />;
  if (dialog === 'help') return <HelpOverlay onClose={onClose} />;
  // The others act on the open project.
  if (info === null) return null;
  if (dialog === 'import') return <ImportDialog onImported={onImported} onClose={onClose} />;
  if (dialog === 'export') return <ExportDialog info={info} mapSize={mapSize()} capture={capture} onClose={onClose} />;
  if (dialog === 'geocode') {
    const changed = (): void => {
      noteChange();
      void refresh();
    };
    return <GeocodeDialog unsure={unsure} onChanged={changed} onClose={onClose} />;
  }
  return null;
}

/** Over the map: loading, no project yet, or why the project could not be read. */
export function MapOverlays({ loading, empty, failed, onOpen }: { loading: boolean; empty: boolean; failed: string | null; onOpen(): void }): ReactNode {
  const { t } = useI18n();
  if (loading) return <LoadingOverlay />;
  if (failed === null) return empty ? <EmptyState onOpen={onOpen} /> : null;
  return (
    <div className="map-overlay">
      <div className="empty-card" role="alert" data-testid="load-error">
        <h2>{t('app.errorTitle')}</h2>
        <p>{failed}</p>
        <button type="button" className="primary" onClick={onOpen}>
          {t('top.open')}
        </button>
      </div>
    </div>
  );
}
