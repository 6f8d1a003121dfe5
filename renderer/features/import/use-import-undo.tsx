import { useCallback, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ImportBatch, ImportResult } from '../../../native/contract/index.js';
import { useUndo } from '../../actions/actions-context.js';
import type { UndoOutcome } from '../../actions/history.js';
import { useEngine, useEngineQuery } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import { baseName } from '../../i18n/stage-labels.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';

export interface ImportUndo {
  /** The project's import batches; null without a project or when the list could not be read. */
  batches: ImportBatch[] | null;
  latestBatch: ImportBatch | null;
  /** An import finished: it goes on the one history, whose undo asks before removing the batch. */
  imported(result: ImportResult): void;
  /** Asks to remove a batch (the batches panel, or undo with nothing else to undo). */
  ask(batch: ImportBatch, latest: boolean): void;
  /** True while the confirmation is open. */
  asking: boolean;
  /** The confirmation, when open. */
  dialog: ReactNode;
}

/** Undoing an import removes its batch after the planner confirms; the history entry waits for the answer. */
export function useImportUndo(toast: (message: string) => void): ImportUndo {
  const { client, info, refresh, noteChange } = useEngine();
  const { t, num, lang } = useI18n();
  const history = useUndo();
  // The batch list is secondary: a failed read keeps the panel out of the way (data null).
  const batches = useEngineQuery(info === null ? null : (c) => c.call('imports.list', {}), [info?.path]).data;
  const batchesRef = useRef(batches);
  batchesRef.current = batches;
  const [undo, setUndo] = useState<{ batch: ImportBatch; latest: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Settles the confirmation an import's undo opened: 'done' once removed, 'cancelled' when dismissed.
  const resolver = useRef<((outcome: UndoOutcome) => void) | null>(null);

  const ask = useCallback((batch: ImportBatch, latest: boolean) => {
    setError(null);
    setUndo({ batch, latest });
  }, []);

  const imported = useCallback(
    (result: ImportResult) => {
      history.push({
        label: t('action.import', { file: baseName(result.file) }),
        undo: () => {
          const batch = batchesRef.current?.find((b) => b.id === result.batchId);
          // Undone already (batches panel, another window): nothing left to revert.
          if (batch === undefined) return 'stale';
          return new Promise<UndoOutcome>((resolve) => {
            resolver.current = resolve;
            setError(null);
            setUndo({ batch, latest: true });
          });
        },
        redo: null,
      });
    },
    [history, t],
  );

  const run = async (): Promise<void> => {
    if (undo === null) return;
    setBusy(true);
    setError(null);
    try {
      const removed = await client.call('imports.remove', { batchId: undo.batch.id });
      toast(t('batches.undone', { file: baseName(undo.batch.file), places: num(removed.places) }));
      resolver.current?.('done');
      resolver.current = null;
      setUndo(null);
      // The engine's project.changed carries our own path, which the event handler leaves to us.
      noteChange();
      await refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const latestBatch = batches === null || batches.length === 0 ? null : batches.reduce((a, b) => (b.id > a.id ? b : a));
  const dialog =
    undo === null ? null : (
      <ConfirmDialog
        title={t('batches.confirmTitle')}
        body={`${undo.latest ? t('batches.confirmLatest') : ''}${t('batches.confirmBody', { id: undo.batch.id, file: baseName(undo.batch.file), rows: num(undo.batch.rowsRead), places: num(undo.batch.places) })}`}
        confirmLabel={t('batches.confirm')}
        busy={busy}
        error={error === null ? null : errorMessage(error, lang)}
        onConfirm={() => void run()}
        onCancel={() => {
          resolver.current?.('cancelled');
          resolver.current = null;
          setUndo(null);
        }}
      />
    );
  return { batches, latestBatch, imported, ask, asking: undo !== null, dialog };
}
