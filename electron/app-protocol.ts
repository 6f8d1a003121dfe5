import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentTypeOf, isBundledTile } from '../native/contract/static-paths.js';
import { staticFile } from './app-files.js';

/** The app is served from ketu://app/ rather than file://: a real origin for CSP, fetch and module workers. */
export const appScheme = 'ketu';
export const appOrigin = `${appScheme}://app`;
export const appUrl = `${appOrigin}/`;

/**
 * MapLibre builds its workers from blob: URLs and loads tiles/styles with fetch; deck.gl needs WebGL only.
 * Nothing is fetched from the network: the basemap is bundled and served under /basemap/; local archives
 * and online tiles reach MapLibre as ketu-tile:// answered by the engine (native/basemap/README.md).
 */
export const contentSecurityPolicy = [
  `default-src 'self' ${appScheme}:`,
  "script-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  `connect-src 'self' ${appScheme}: data: blob:`,
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Must run before app 'ready': privileges can only be granted then. corsEnabled because Vite's
 * `<script type="module" crossorigin>` and MapLibre's module worker are CORS-mode requests; no response
 * carries Access-Control-Allow-Origin, so no other origin can read the app's files.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': contentSecurityPolicy } });
}

/** Serve ketu://app/… from disk (readFile also reads inside app.asar once packaged). Call after 'ready'. */
export function handleAppScheme(): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return plain(404, 'not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'GET only');
    const file = await staticFile(url.pathname);
    if (file === null && isBundledTile(url.pathname)) return new Response(null, { status: 204, headers: { 'cache-control': 'no-cache' } });
    if (file === null) return plain(404, 'not found');
    const headers = {
      'content-type': contentTypeOf(file),
      'content-security-policy': contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = await readFile(file);
    return new Response(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), { status: 200, headers });
  });
}
