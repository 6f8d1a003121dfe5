import { resolve } from 'node:path';
import type { Handlers } from '../contract/handler-types.js';
import { writePng } from './png-file.js';

/** The map picture the workbench rendered, written to the file the user chose. */
export function createExportHandlers(): Pick<Handlers, 'export.png'> {
  return {
    'export.png': async (p) => {
      const path = resolve(p.path);
      const size = await writePng(path, p.png, p.overwrite ?? true);
      return { path, bytes: p.png.byteLength, ...size };
    },
  };
}
