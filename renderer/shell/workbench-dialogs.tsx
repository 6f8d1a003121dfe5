import { lazy, Suspense, useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import type { ImportResult } from '../../native/contract/index.js';
import { useActionsContext } from '../actions/actions-context.js';
import { useEngine } from '../engine/engine-context.js';
import { errorMessage } from '../engine/error-text.js';
import { useFileDrop } from '../features/project/use-file-drop.js';
import { useI18n } from '../i18n/i18n.js';
import type { CapturedPng } from '../map/png-capture.js';
import { EmptyState, LoadingOverlay, OpeningProgress } from './empty-state.js';
import type { DialogKind } from './use-workbench-actions.js';

// Each dialog loads when first opened: the first frame does not pay for their code.
const ExportDialog = lazy(() => import('../features/export/export-dialog.js').then((m) => ({ default: m.ExportDialog })));
const ImportDialog = lazy(() => import('../features/import/import-dialog.js').then((m) => ({ default: m.ImportDialog })));
const NewProjectDialog = lazy(() => import('../features/project/new-project-dialog.js').then((m) => ({ default: m.NewProjectDialog })));
const OpenDialog = lazy(() => import('../features/project/open-dialog.js').then((m) => ({ default: m.OpenDialog })));
const ProjectSettingsDialog = lazy(() => import('../features/project/project-settings-dialog.js').then((m) => ({ default: m.ProjectSettingsDialog })));
const GeocodeDialog = lazy(() => import('../features/review/geocode-dialog.js').then((m) => ({ default: m.GeocodeDialog })));
const HelpOverlay = lazy(() => import('./help-overlay.js').then((m) => ({ default: m.HelpOverlay })));

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

/** The one dialog the workbench shows at a time (the import undo confirmation is the import feature's own), and files dropped on the window. */
export function WorkbenchDialogs({ dialog, onClose, onOpen, onImported, unsure, mapSize, capture }: WorkbenchDialogsProps): ReactNode {
  const { info, refresh, noteChange } = useEngine();
  const { registry } = useActionsContext();
  // A sheet dropped on the window: the import dialog opens with it.
  const [dropped, setDropped] = useState<string | null>(null);
  const onSheet = useCallback(
    (path: string) => {
      setDropped(path);
      registry.perform('file.import');
    },
    [registry],
  );
  const drop = useFileDrop({ onSheet });
  const close = (): void => {
    setDropped(null);
    onClose();
  };
  return (
    <>
      <FileDropState over={drop.over} error={drop.error} onDismiss={drop.dismiss} />
      <ProjectBusyBanner />
      <OpeningProgress />
      {dialog === null ? null : (
        <Suspense fallback={null}>
          <OneDialog dialog={dialog} info={info !== null} dropped={dropped} onClose={close} onOpen={onOpen} onImported={onImported} unsure={unsure} mapSize={mapSize} capture={capture} refresh={refresh} noteChange={noteChange} />
        </Suspense>
      )}
    </>
  );
}

function OneDialog({
  dialog,
  info,
  dropped,
  onClose,
  onOpen,
  onImported,
  unsure,
  mapSize,
  capture,
  refresh,
  noteChange,
}: Omit<WorkbenchDialogsProps, 'dialog'> & { dialog: DialogKind; info: boolean; dropped: string | null; refresh(): Promise<void>; noteChange(): void }): ReactNode {
  const { info: project } = useEngine();
  if (dialog === 'open') return <OpenDialog onOpen={onOpen} onClose={onClose} />;
  if (dialog === 'new') return <NewProjectDialog onClose={onClose} />;
  if (dialog === 'help') return <HelpOverlay onClose={onClose} />;
  // The others act on the open project.
  if (!info || project === null) return null;
  if (dialog === 'settings') return <ProjectSettingsDialog onClose={onClose} />;
  if (dialog === 'import') return <ImportDialog key={dropped ?? ''} initialFile={dropped ?? undefined} onImported={onImported} onClose={onClose} />;
  if (dialog === 'export') return <ExportDialog info={project} mapSize={mapSize()} capture={capture} onClose={onClose} />;
  if (dialog === 'geocode') {
    const changed = (): void => {
      noteChange();
      void refresh();
    };
    return <GeocodeDialog unsure={unsure} onChanged={changed} onClose={onClose} />;
  }
  return null;
}

/** The window as a drop target while a file is dragged over it, and why the last drop did nothing. */
function FileDropState({ over, error, onDismiss }: { over: boolean; error: string | null; onDismiss(): void }): ReactNode {
  const { t } = useI18n();
  return (
    <>
      {over ? (
        <div className="drop-target" data-testid="drop-target">
          <p>{t('open.dropHint')}</p>
        </div>
      ) : null}
      {error === null ? null : (
        <div className="drop-error" role="alert" data-testid="drop-error">
          <span>{error}</span>
          <button type="button" className="icon-button" aria-label={t('dialog.close')} onClick={onDismiss}>
            ×
          </button>
        </div>
      )}
    </>
  );
}

/** Edits waiting while a CLI import holds the project: who holds it, that the edit follows by itself, and a way to stop waiting. */
function ProjectBusyBanner(): ReactNode {
  const { busy } = useEngine();
  const { t, lang } = useI18n();
  if (busy === null) return null;
  return (
    <div className="busy-banner" role="status" data-testid="project-busy">
      <span className="spinner" aria-hidden="true" />
      <span>
        <strong data-testid="project-busy-message">{errorMessage(busy.error, lang)}</strong>
        <br />
        <span className="small">{t('dialog.busyWaiting')}</span>
      </span>
      <button type="button" data-testid="project-busy-cancel" onClick={busy.cancel}>
        {t('dialog.busyStop')}
      </button>
    </div>
  );
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
