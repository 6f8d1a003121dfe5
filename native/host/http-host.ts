import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { decodeFrame, encodeFrame } from '../contract/frame.js';
import { isBundledTile, UPLOAD_DIR_PREFIX } from '../contract/static-paths.js';
import type { Dispatcher, Reply } from './dispatch.js';
import { contentTypeOf, staticFile } from './static-files.js';
import { receiveUpload, UploadRefused } from './upload.js';

const MAX_BODY = 512 * 1024 * 1024; // a print-resolution PNG export can be tens of MB
/** A client that has not sent its whole request by then is dropped (slowloris); the renderer sends at once. */
const CLIENT_TIMEOUT_MS = 30_000;

export interface HttpHost {
  url: string;
  /** The URL a browser opens: the token travels in the fragment, so it never reaches a log or a Referer. */
  openUrl: string;
  token: string;
  port: number;
  /**
   * A URL for another program's command line (`ketu serve --open`), which every local user can read in
   * the process list: it carries a one-time launch code, not the token. The page trades the code for the
   * token (POST /launch) on first load; once used, or after LAUNCH_CODE_MS, the code is worthless.
   */
  launchUrl(): string;
  close(): Promise<void>;
}

const LAUNCH_CODE_MS = 120_000;
/** A launch code is the body of POST /launch; anything longer is not one. */
const MAX_LAUNCH_BODY = 256;

function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('request too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks)));
    req.on('error', reject);
    // A client gone mid-body (or dropped for being slow) settles the call instead of leaving it pending.
    req.on('close', () => reject(new Error('request closed')));
  });
}

function sendFrame(res: ServerResponse, status: number, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const body = encodeFrame(reply);
  res.writeHead(status, { 'content-type': 'application/octet-stream', 'content-length': body.byteLength, 'cache-control': 'no-store' });
  res.end(body);
}

function refuse(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

/**
 * `ketu serve`: the renderer and /rpc on 127.0.0.1 only. Guards: a per-run token on /rpc and /events,
 * no foreign Origin, and a Host header equal to the address bound (defeats DNS rebinding).
 */
export async function startHttpHost(dispatcher: Dispatcher, opts: { port?: number; clientTimeoutMs?: number; uploadLimit?: number } = {}): Promise<HttpHost> {
  const token = randomBytes(24).toString('hex');
  /** Unused launch codes and when they expire. */
  const launchCodes = new Map<string, number>();
  let origin = '';
  let hostHeader = '';
  const clientTimeout = opts.clientTimeoutMs ?? CLIENT_TIMEOUT_MS;
  /** This run's own folder for files the page uploads (made on the first upload, removed on close). */
  let uploadDir: string | null = null;
  let uploads = 0;
  // Node checks these timeouts every connectionsCheckingInterval; a short one makes the limit mean what it says.
  const server: Server = createServer({ headersTimeout: clientTimeout, requestTimeout: clientTimeout, connectionsCheckingInterval: Math.min(1000, clientTimeout) }, (req, res) => {
    // No request, however malformed, may end the process: whatever escapes is a 500 for that request alone.
    handle(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host !== hostHeader) return refuse(res, 421, 'misdirected request');
    if (req.headers.origin !== undefined && req.headers.origin !== origin) return refuse(res, 403, 'foreign origin');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      return refuse(res, 400, 'bad request target');
    }
    if (url.pathname === '/rpc') {
      if (req.method !== 'POST') return refuse(res, 405, 'POST only');
      if (req.headers.authorization !== `Bearer ${token}`) return refuse(res, 401, 'bad token');
      let request: unknown;
      try {
        request = decodeFrame(new Uint8Array(await readBody(req)));
      } catch {
        request = null;
      }
      // A frame whose header is not {method, params} is refused here, before anything reads a field of it.
      if (typeof request !== 'object' || request === null || Array.isArray(request) || !('method' in request) || typeof request.method !== 'string') {
        return sendFrame(res, 400, { ok: false, error: { code: 'INVALID_PARAMS', message: '请求格式无效' } });
      }
      const reply = await dispatcher.call(request.method, 'params' in request ? request.params : undefined);
      return sendFrame(res, 200, reply);
    }
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return refuse(res, 405, 'POST only');
      if (req.headers.authorization !== `Bearer ${token}`) return refuse(res, 401, 'bad token');
      uploadDir ??= mkdtempSync(join(tmpdir(), UPLOAD_DIR_PREFIX));
      try {
        const saved = await receiveUpload(req, url.searchParams.get('name') ?? '', join(uploadDir, String(++uploads)), opts.uploadLimit);
        res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify(saved));
      } catch (err) {
        if (err instanceof UploadRefused) return refuse(res, err.status, err.message);
        throw err;
      }
      return;
    }
    if (url.pathname === '/launch') {
      if (req.method !== 'POST') return refuse(res, 405, 'POST only');
      let code = '';
      try {
        const body = await readBody(req, MAX_LAUNCH_BODY);
        code = body.toString('utf8').trim();
      } catch {
        return refuse(res, 400, 'bad launch code');
      }
      const expires = launchCodes.get(code);
      launchCodes.delete(code);
      if (expires === undefined || expires < Date.now()) return refuse(res, 401, 'launch code used or unknown');
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(token);
      return;
    }
    if (url.pathname === '/events') {
      if (url.searchParams.get('token') !== token) return refuse(res, 401, 'bad token');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      const unsubscribe = dispatcher.subscribe((event) => {
        res.write(`data: ${JSON.stringify(event)}\n\n`);
        // Node corks a chunked response until the next tick; a migration's progress is emitted inside one
        // synchronous run, so without this every step would arrive at once, after the upgrade.
        res.socket?.uncork();
      });
      req.on('close', unsubscribe);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'GET only');
    const file = await staticFile(url.pathname);
    if (file === null && isBundledTile(url.pathname)) {
      res.writeHead(204, { 'cache-control': 'no-cache' });
      res.end();
      return;
    }
    if (file === null) return refuse(res, 404, 'not found');
    res.writeHead(200, { 'content-type': contentTypeOf(file), 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    // A file removed or unreadable mid-response ends that response, not the server.
    createReadStream(file)
      .once('error', () => res.destroy())
      .pipe(res);
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  hostHeader = `127.0.0.1:${port}`;
  return {
    url: origin,
    openUrl: `${origin}/#token=${token}`,
    token,
    port,
    launchUrl: () => {
      const code = randomBytes(24).toString('hex');
      launchCodes.set(code, Date.now() + LAUNCH_CODE_MS);
      return `${origin}/#launch=${code}`;
    },
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        if (uploadDir !== null) rmSync(uploadDir, { recursive: true, force: true });
        server.close(() => resolvePromise());
      }),
  };
}
