import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { extname, join } from 'node:path';

/** A sheet the page picks or drops can be large; a project-sized CRM export stays far below this. */
export const DEFAULT_UPLOAD_LIMIT = 256 * 1024 * 1024;

/** What the page may upload: import sources only. A project is opened where it lies, never as a copy. */
const UPLOAD_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.csv', '.txt']);

export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The file's own name, kept so the import records it: only its last segment, no control or reserved
 * characters, not hidden, with an import source's extension. Anything else is refused, not repaired.
 */
export function uploadName(raw: string): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (last === '' || last.startsWith('.') || last.length > 200 || /[\u0000-\u001f<>:"|?*]/.test(last)) throw new UploadRefused(400, 'bad file name');
  if (last !== raw) throw new UploadRefused(400, 'a file name, not a path');
  if (!UPLOAD_EXTENSIONS.has(extname(last).toLowerCase())) throw new UploadRefused(415, 'only .xlsx, .xlsm, .csv and .txt files can be uploaded');
  return last;
}

/**
 * `POST /upload?name=…` of the localhost host: the body is written to `dir/name` (dir is new for each upload,
 * inside this run's temp folder), never elsewhere; past `limit` bytes the upload is refused and its file removed.
 * Returns the path the import reads.
 */
export function receiveUpload(req: IncomingMessage, rawName: string, dir: string, limit = DEFAULT_UPLOAD_LIMIT): Promise<{ path: string; name: string; bytes: number }> {
  const name = uploadName(rawName);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new UploadRefused(413, 'file too large'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    let bytes = 0;
    let failed = false;
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      req.unpipe(out);
      out.destroy();
      rmSync(dir, { recursive: true, force: true });
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) fail(new UploadRefused(413, 'file too large'));
    });
    req.on('aborted', () => fail(new UploadRefused(400, 'upload interrupted')));
    req.on('error', fail);
    out.on('error', fail);
    out.on('finish', () => {
      if (!failed) resolvePromise({ path, name, bytes });
    });
    req.pipe(out);
  });
}
