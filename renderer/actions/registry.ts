import type { MenuItemModel, MenuModel, MenuSectionId } from '../../native/contract/bridge.js';
import type { MessageKey } from '../i18n/messages.js';
import { accelerator, matches, typingIn } from './keys.js';
import type { KeyPress, Shortcut } from './keys.js';
import { ChangeSignal } from './change-signal.js';

/** What an action does to the one undo history (history.ts), shown in the help overlay. */
export type HistoryEffect = 'none' | 'records' | 'undoes' | 'redoes';

/**
 * One user command (excalidraw's `{name, label, keyTest, perform}`): the toolbar button, the shortcut and
 * the menu item all run `perform` of the same action, so they cannot drift apart.
 */
export interface Action {
  /** Stable id: the menu command the shell sends back, and the help overlay's row key. */
  id: string;
  label: MessageKey;
  /** The Electron menu it is listed under; null: keyboard and panel only. */
  menu: MenuSectionId | null;
  /** The first one is shown; the others also match (Ctrl+Y besides Ctrl+Shift+Z). */
  keys: readonly Shortcut[];
  enabled: boolean;
  /** Also while typing in a field (a dialog's Escape): the one exception to the typing rule. */
  inFields?: boolean;
  history: HistoryEffect;
  /**
   * Where its keys act (the layer list's rows for Delete and Space, which mean other things elsewhere); the
   * menu and `perform` run it from anywhere. Absent: keys act everywhere.
   */
  keyScope?(target: EventTarget | null): boolean;
  /**
   * Changes the project though it records no history itself (a drawing tool, the geocode dialog): off while a
   * saved version is viewed read-only, as every action whose history is not 'none' is.
   */
  edits?: boolean;
  /** Starts a new group in its menu. */
  separatorBefore?: boolean;
  perform(): void | Promise<void>;
}

/**
 * A layer of key handling above the actions: an open dialog or popup. `modal` layers hide everything below
 * them (the workbench's shortcuts must not act behind a dialog).
 */
export interface KeyLayer {
  actions(): readonly Action[];
  modal: boolean;
}

/** The menu sections in order, with their labels. */
export const menuSections: ReadonlyArray<{ id: MenuSectionId; label: MessageKey }> = [
  { id: 'file', label: 'menu.file' },
  { id: 'edit', label: 'menu.edit' },
  { id: 'view', label: 'menu.view' },
  { id: 'help', label: 'menu.help' },
];

/**
 * Every action the workbench offers right now. Features contribute their actions under an owner name while
 * they are mounted (the areas drawer its drawing tools while open); the key dispatcher, the menu model and
 * the help overlay all read this one list.
 */
export class ActionRegistry extends ChangeSignal {
  private readonly owners = new Map<string, readonly Action[]>();
  private readonly layers: KeyLayer[] = [];
  private lockReason: string | null = null;

  /**
   * While a saved version is open read-only, every action that changes the project is off (keys, menu,
   * perform); `reason` is what the workbench shows on hover. null lifts the lock.
   */
  setReadOnly(reason: string | null): void {
    if (reason === this.lockReason) return;
    this.lockReason = reason;
    this.changed();
  }

  /** Why editing is off right now, or null when it is on. */
  readOnly(): string | null {
    return this.lockReason;
  }

  /** Enabled, and not an edit while the project is read-only. */
  usable(action: Action): boolean {
    return action.enabled && (this.lockReason === null || (action.history === 'none' && action.edits !== true));
  }

  contribute(owner: string, actions: readonly Action[]): void {
    this.owners.set(owner, actions);
    this.changed();
  }

  withdraw(owner: string): void {
    if (this.owners.delete(owner)) this.changed();
  }

  list(): Action[] {
    return [...this.owners.values()].flat();
  }

  find(id: string): Action | undefined {
    return this.list().find((a) => a.id === id);
  }

  /** Runs an action by id (a menu click, a test through the bridge); false when unknown, disabled or behind a dialog. */
  perform(id: string): boolean {
    if (this.layers.some((l) => l.modal)) return false;
    const action = this.find(id);
    if (action === undefined || !this.usable(action)) return false;
    void action.perform();
    return true;
  }

  /** Adds a key layer on top (a dialog opening); the returned function removes it. */
  pushLayer(layer: KeyLayer): () => void {
    this.layers.push(layer);
    return () => {
      const i = this.layers.lastIndexOf(layer);
      if (i >= 0) this.layers.splice(i, 1);
    };
  }

  /**
   * The one key dispatcher: the topmost layer first, down to the registered actions unless a modal layer
   * is in the way. True when an action took the key (the caller then prevents the browser's default).
   */
  handleKeyDown(press: KeyPress): boolean {
    const typing = typingIn(press.target);
    // A disabled action lets the key through: to an action below, or to the browser.
    const take = (actions: readonly Action[]): boolean => {
      const hits = actions.filter((a) => this.usable(a) && (a.inFields === true || !typing) && (a.keyScope?.(press.target) ?? true) && a.keys.some((k) => matches(k, press)));
      // An action scoped to where the key was pressed wins over one that acts everywhere (Delete on a layer row).
      const hit = hits.find((a) => a.keyScope !== undefined) ?? hits[0];
      if (hit === undefined) return false;
      void hit.perform();
      return true;
    };
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      if (layer === undefined) continue;
      if (take(layer.actions())) return true;
      if (layer.modal) return false;
    }
    return take(this.list());
  }

  /** The shell's menu: the actions that name a section, with labels in the UI language. */
  menuModel(lang: MenuModel['lang'], label: (key: MessageKey) => string): MenuModel {
    const actions = this.list();
    return {
      lang,
      sections: menuSections.map((section) => ({
        id: section.id,
        label: label(section.label),
        items: actions
          .filter((a) => a.menu === section.id)
          .map(
            (a): MenuItemModel => ({
              id: a.id,
              label: label(a.label),
              accelerator: a.keys[0] === undefined ? null : accelerator(a.keys[0]),
              enabled: this.usable(a),
              separatorBefore: a.separatorBefore === true,
            }),
          ),
      })),
    };
  }
}
