import { useMemo } from 'react';
import type { VersionSummary } from '../../../native/contract/revision.js';
import { useUndo } from '../../actions/actions-context.js';
import { useEngine } from '../../engine/engine-context.js';
import { useI18n } from '../../i18n/i18n.js';

export interface VersionCommands {
  save(name: string, view: { center: { lng: number; lat: number }; zoom: number } | null): Promise<VersionSummary>;
  rename(id: number, from: string, to: string): Promise<void>;
  /** Not undoable: a version is a frozen snapshot the engine does not re-create; the dialog confirms first. */
  remove(id: number): Promise<void>;
}

/**
 * Map version edits for the one history: saving is undone by removing the version, renaming by renaming
 * back. Each command goes through the engine and notes the change so lists read again.
 */
export function useVersionCommands(): VersionCommands {
  const { client, noteChange } = useEngine();
  const history = useUndo();
  const { t } = useI18n();
  return useMemo(() => {
    const rename = async (id: number, name: string): Promise<void> => {
      await client.call('versions.rename', { version: id, name });
      noteChange();
    };
    return {
      save: async (name, view) => {
        const saved = await client.call('versions.save', view === null ? { name } : { name, view });
        noteChange();
        let id = saved.id;
        history.push({
          label: t('versions.saveLabel', { name }),
          undo: async () => {
            await client.call('versions.remove', { version: id });
            noteChange();
            return 'done' as const;
          },
          redo: async () => {
            id = (await client.call('versions.save', view === null ? { name } : { name, view })).id;
            noteChange();
          },
        });
        return saved;
      },
      rename: async (id, from, to) => {
        await rename(id, to);
        history.push({
          label: t('versions.renameLabel', { name: to }),
          undo: async () => {
            await rename(id, from);
            return 'done' as const;
          },
          redo: () => rename(id, to),
        });
      },
      remove: async (id) => {
        await client.call('versions.remove', { version: id });
        noteChange();
      },
    };
  }, [client, noteChange, history, t]);
}
