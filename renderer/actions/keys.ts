/**
 * Shortcuts as written in the registry: `Mod+Shift+Z`, `Delete`, `?`. `Mod` is Ctrl, or ⌘ on macOS; a
 * single letter is matched case-insensitively; a punctuation key such as `?` ignores Shift (it needs it).
 */
export type Shortcut = string;

/** The part of a KeyboardEvent the dispatcher reads (tests build these by hand). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  target: EventTarget | null;
}

interface Chord {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

function parse(shortcut: Shortcut): Chord {
  const parts = shortcut.split('+');
  // 'Mod++' would be the plus key; the registry has none, so the last part is always the key.
  const named = parts.pop() ?? '';
  // `Space` reads better in the help overlay and the menu than a blank; the event's key is ' '.
  const key = named === 'Space' ? ' ' : named;
  return { key, mod: parts.includes('Mod'), shift: parts.includes('Shift'), alt: parts.includes('Alt') };
}

const isPunctuation = (key: string): boolean => key.length === 1 && !/[\p{L}\p{N}]/u.test(key);

export function matches(shortcut: Shortcut, press: KeyPress): boolean {
  const c = parse(shortcut);
  if (c.mod !== (press.ctrlKey || press.metaKey) || c.alt !== press.altKey) return false;
  if (isPunctuation(c.key)) return press.key === c.key;
  if (c.shift !== press.shiftKey) return false;
  return press.key.length === 1 ? press.key.toLowerCase() === c.key.toLowerCase() : press.key === c.key;
}

/** Inputs that type nothing: shortcuts still work while one has the focus. */
const keylessInputs: readonly string[] = ['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'color', 'file'];

/**
 * The one "typing in a field" rule: keys pressed in a text field belong to the field (its own undo, its
 * letters, its Enter). A checkbox, radio, slider or button just clicked keeps the focus but types nothing,
 * so shortcuts still work there.
 */
export function typingIn(target: EventTarget | null): boolean {
  // Read by shape, not instanceof: the rule is the same for elements of any frame (and for tests without a DOM).
  const el = target as { tagName?: unknown; type?: unknown; isContentEditable?: unknown } | null;
  if (el === null || typeof el.tagName !== 'string') return false;
  if (el.isContentEditable === true) return true;
  if (el.tagName === 'INPUT') return !(typeof el.type === 'string' && keylessInputs.includes(el.type));
  return el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}


/** How a shortcut reads on screen: `Ctrl+Shift+Z` (⌘ on macOS). */
export function shortcutText(shortcut: Shortcut, mac: boolean): string {
  return shortcut.replace('Mod', mac ? '⌘' : 'Ctrl');
}

/** Electron's accelerator syntax for the same shortcut. */
export function accelerator(shortcut: Shortcut): string {
  return shortcut.replace('Mod', 'CmdOrCtrl').replace('ArrowUp', 'Up').replace('ArrowDown', 'Down');
}
