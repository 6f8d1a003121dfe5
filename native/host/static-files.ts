import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { rendererDir, resourcesDir } from './app-paths.js';

/** What both hosts (ketu serve, Electron's ketu://app/) serve: the built renderer at /, bundled basemap data at /basemap/. */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export function contentTypeOf(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names, or null for anything that escapes its root after decoding (%2e%2e,
 * encoded separators, NUL) or is not a file.
 */
export async function staticFile(pathname: string): Promise<string | null> {
  const [root, rel] = pathname.startsWith('/basemap/')
    ? [join(resourcesDir, 'basemap'), pathname.slice('/basemap/'.length)]
    : [rendererDir, pathname === '/' ? 'index.html' : pathname.slice(1)];
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  if (!full.startsWith(root + sep)) return null;
  try {
    return (await stat(full)).isFile() ? full : null;
  } catch {
    return null;
  }
}
