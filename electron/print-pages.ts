import { rename, rm, writeFile } from 'node:fs/promises';
import { BrowserWindow } from 'electron';
import type { PrintTarget } from '../native/contract/bridge.js';
import type { PrintPage } from '../native/contract/print-layout.js';
import { dialogOptions, pdfOptions } from './print-options.js';

/**
 * Lays the pages out in a hidden window on the print view (`?view=print`, the page the engine's headless
 * Chromium prints) and prints them: to a PDF file by printToPDF, or through the system print dialog.
 */
export async function printPages(appUrl: string, pages: PrintPage[], target: PrintTarget): Promise<void> {
  const first = pages[0];
  if (first === undefined) return;
  const win = new BrowserWindow({ show: false, webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false } });
  try {
    await win.loadURL(`${appUrl.split('#')[0] ?? appUrl}?view=print`);
    // The page's own hook lays every page out, one per sheet, and resolves once pictures and fonts are drawn.
    await win.webContents.executeJavaScript(`window.__ketuPrintAll(${JSON.stringify(pages)})`);
    if (target.kind === 'pdf') {
      // Written beside and renamed into place: an interrupted print never leaves half a PDF under the name.
      const tmp = `${target.path}.${process.pid}.tmp`;
      try {
        await writeFile(tmp, await win.webContents.printToPDF(pdfOptions(first)));
        await rename(tmp, target.path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    } else {
      await new Promise<void>((resolve, reject) => {
        win.webContents.print(dialogOptions(first), (ok, reason) => (ok || reason === 'cancelled' ? resolve() : reject(new Error(reason))));
      });
    }
  } finally {
    win.destroy();
  }
}
