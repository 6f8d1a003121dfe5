import { useEffect, useState } from 'react';
import { useEngine } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import { localPathOf } from '../../ui/file-pick.js';
import { projectPathOf } from './project-path-of.js';

export interface FileDrop {
  /** A file is being dragged over the window. */
  over: boolean;
  /** Why the last drop did nothing, in the UI language; null when it worked. */
  error: string | null;
  dismiss(): void;
}

export interface FileDropHandlers {
  /** A dropped sheet, as a path the engine can read: the import dialog takes it from here. */
  onSheet(path: string): void;
}

const SHEET = /\.(xlsx|xlsm|csv)$/i;
const PROJECT = /\.ketu$/i;

/**
 * Files dropped anywhere on the window: a .ketu opens (where it lies), an .xlsx/.csv goes to the import
 * dialog (uploaded to the engine in the browser host). Anything else, or a sheet with no project open, says why.
 */
export function useFileDrop({ onSheet }: FileDropHandlers): FileDrop {
  const { bridge, client, open, infoRef } = useEngine();
  const { t, lang } = useI18n();
  const [over, setOver] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') === true;
    const dragOver = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      // Without this the browser opens the file itself, leaving the workbench.
      e.preventDefault();
      if (e.dataTransfer !== null) e.dataTransfer.dropEffect = 'copy';
      setOver(true);
    };
    const dragLeave = (e: DragEvent): void => {
      // Leaving the window, not moving between its elements.
      if (e.relatedTarget === null) setOver(false);
    };
    const drop = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(false);
      const file = e.dataTransfer?.files[0];
      if (file === undefined) return;
      const handle = async (): Promise<void> => {
        setError(null);
        if (PROJECT.test(file.name)) {
          await open(await projectPathOf(bridge, client, (name) => t('open.notLocal', { name }))(file));
        } else if (SHEET.test(file.name)) {
          if (infoRef.current === null) throw new Error(t('open.dropNeedsProject', { name: file.name }));
          onSheet(await localPathOf(bridge, client)(file));
        } else throw new Error(t('open.dropUnsupported', { name: file.name }));
      };
      handle().catch((err: unknown) => setError(errorMessage(err, lang)));
    };
    window.addEventListener('dragover', dragOver);
    window.addEventListener('dragleave', dragLeave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', dragOver);
      window.removeEventListener('dragleave', dragLeave);
      window.removeEventListener('drop', drop);
    };
  }, [bridge, client, open, infoRef, onSheet, t, lang]);

  return { over, error, dismiss: () => setError(null) };
}
