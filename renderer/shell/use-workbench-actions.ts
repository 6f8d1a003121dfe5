import { useActions, useUndo } from '../actions/actions-context.js';
import type { Action } from '../actions/registry.js';
import { useI18n } from '../i18n/i18n.js';
import type { ImportBatch } from '../../native/contract/index.js';

export type DialogKind = 'open' | 'new' | 'settings' | 'import' | 'export' | 'geocode' | 'help';

export interface WorkbenchCommands {
  hasProject: boolean;
  openDialog(kind: DialogKind): void;
  rankingsOpen: boolean;
  toggleRankings(): void;
  areasOpen: boolean;
  toggleAreas(): void;
  basemapVisible: boolean;
  setBasemapVisible(visible: boolean): void;
  filtered: boolean;
  clearFilter(): void;
  /** Undo with nothing undoable in this session offers the file's latest import, as before the history existed. */
  latestBatch: ImportBatch | null;
  askUndoImport(batch: ImportBatch): void;
  toast(message: string): void;
}

/** Undo and redo as the toolbar, the keyboard and the menu run them, with the toast that says what happened. */
function useUndoRedo(c: Pick<WorkbenchCommands, 'latestBatch' | 'askUndoImport' | 'toast'>): { undo(): Promise<void>; redo(): Promise<void> } {
  const history = useUndo();
  const { t } = useI18n();
  return {
    undo: async () => {
      const r = await history.undo();
      if (r !== null) {
        if (r.outcome === 'done') c.toast(t('history.undone', { label: r.label }));
        return;
      }
      if (c.latestBatch === null) c.toast(t('history.nothingToUndo'));
      else c.askUndoImport(c.latestBatch);
    },
    redo: async () => {
      const label = await history.redo();
      c.toast(label === null ? t('history.nothingToRedo') : t('history.redone', { label }));
    },
  };
}

/** The workbench's own commands: files, the history, drawers, the basemap, the filter, language and help. */
export function useWorkbenchActions(c: WorkbenchCommands): void {
  const { lang, setLang } = useI18n();
  const history = useUndoRedo(c);
  const p = c.hasProject;
  const actions: Action[] = [
    { id: 'file.new', label: 'open.cmdNew', menu: 'file', keys: [], enabled: true, history: 'none', perform: () => c.openDialog('new') },
    { id: 'file.open', label: 'cmd.open', menu: 'file', keys: ['Mod+O'], enabled: true, history: 'none', perform: () => c.openDialog('open') },
    { id: 'file.import', label: 'cmd.import', menu: 'file', keys: ['Mod+I'], enabled: p, history: 'records', perform: () => c.openDialog('import') },
    { id: 'file.export', label: 'cmd.export', menu: 'file', keys: ['Mod+E'], enabled: p, history: 'none', perform: () => c.openDialog('export') },
    { id: 'file.geocode', label: 'cmd.geocode', menu: 'file', keys: [], enabled: p, history: 'none', edits: true, separatorBefore: true, perform: () => c.openDialog('geocode') },
    { id: 'file.settings', label: 'open.cmdSettings', menu: 'file', keys: [], enabled: p, history: 'none', edits: true, perform: () => c.openDialog('settings') },
    { id: 'edit.undo', label: 'history.undo', menu: 'edit', keys: ['Mod+Z'], enabled: p, history: 'undoes', perform: history.undo },
    { id: 'edit.redo', label: 'history.redo', menu: 'edit', keys: ['Mod+Shift+Z', 'Mod+Y'], enabled: p, history: 'redoes', perform: history.redo },
    { id: 'view.rankings', label: 'cmd.rankings', menu: 'view', keys: [], enabled: p, history: 'none', perform: c.toggleRankings },
    { id: 'view.areas', label: 'cmd.areas', menu: 'view', keys: [], enabled: p, history: 'none', edits: true, perform: c.toggleAreas },
    { id: 'view.basemap', label: 'cmd.basemap', menu: 'view', keys: [], enabled: true, history: 'none', perform: () => c.setBasemapVisible(!c.basemapVisible) },
    { id: 'view.clearFilter', label: 'cmd.clearFilter', menu: 'view', keys: [], enabled: p && c.filtered, history: 'none', perform: c.clearFilter },
    { id: 'view.language', label: 'cmd.language', menu: 'view', keys: [], enabled: true, history: 'none', separatorBefore: true, perform: () => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN') },
    { id: 'help.shortcuts', label: 'cmd.shortcuts', menu: 'help', keys: ['?'], enabled: true, history: 'none', perform: () => c.openDialog('help') },
  ];
  useActions('workbench', actions);
}
