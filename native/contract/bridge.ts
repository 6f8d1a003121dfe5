import { z } from 'zod';
import type { WireError } from './errors.js';
import type { EngineEvent } from './events.js';
import type { PrintPage } from './print-layout.js';

export type BridgeReply = { ok: true; result: unknown } | { ok: false; error: WireError };

export interface FileFilter {
  name: string;
  extensions: string[];
}

/**
 * What the Electron preload exposes as `window.ketuBridge`: engine requests, the event feed, and the
 * native file dialogs. In the localhost host there is no bridge; the UI falls back to its own dialogs.
 */
export interface KetuBridge {
  request(method: string, params: unknown): Promise<BridgeReply>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  pickOpenPath(title: string, filters: FileFilter[]): Promise<string | null>;
  pickSavePath(title: string, defaultPath: string, filters: FileFilter[]): Promise<string | null>;
  /** Where a file dropped on or picked in the page lies on disk (Electron's webUtils); '' when it has no path. */
  pathForFile?(file: File): string;
  /** The menu as the renderer's action registry has it now; the shell builds its native menu from it. */
  setMenu?(model: MenuModel): void;
  /** A menu item was chosen: its action id, which the renderer's registry performs. */
  onCommand?(listener: (actionId: string) => void): () => void;
  /** Electron only: the pages (print.preview) laid out by the print view and printed to a PDF file or through the system print dialog. */
  printPages?(pages: PrintPage[], target: PrintTarget): Promise<void>;
}

/** Where Electron prints pages: a PDF file (webContents.printToPDF) or the system print dialog (webContents.print). */
export const printTargetSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('pdf'), path: z.string().min(1) }), z.object({ kind: z.literal('dialog') })]);
export type PrintTarget = z.infer<typeof printTargetSchema>;

export const menuSectionIds = ['file', 'edit', 'view', 'help'] as const;
export type MenuSectionId = (typeof menuSectionIds)[number];

/** One menu item: a registered action, labelled in the UI language. */
const menuItemSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** Electron accelerator syntax (`CmdOrCtrl+Shift+Z`), shown beside the label; null: none. */
  accelerator: z.string().nullable(),
  enabled: z.boolean(),
  separatorBefore: z.boolean(),
});
export type MenuItemModel = z.infer<typeof menuItemSchema>;

/**
 * The application menu as data: the renderer owns commands, labels and shortcuts (one action registry);
 * the shell only draws it and sends clicked ids back through `onCommand`. The shell parses what the
 * sandboxed page sends with this schema before trusting it.
 */
export const menuModelSchema = z.object({
  /** The UI language: the shell labels its own items (quit, copy, paste…) in it. */
  lang: z.enum(['zh-CN', 'en']),
  sections: z.array(z.object({ id: z.enum(menuSectionIds), label: z.string(), items: z.array(menuItemSchema) })),
});
export type MenuModel = z.infer<typeof menuModelSchema>;
