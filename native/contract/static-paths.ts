/**
 * What both hosts (ketu serve, Electron's ketu://app/) serve: the built renderer at /, the bundled
 * basemap data at /basemap/. Pure path logic, so the Electron shell and the engine host share it; each
 * host joins the answer to its own folders and reads the file.
 */
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
  '.pbf': 'application/x-protobuf',
};

export function contentTypeOf(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return (dot <= 0 ? undefined : contentTypes[name.slice(dot).toLowerCase()]) ?? 'application/octet-stream';
}

/** Which served folder a URL path reaches, and the path's segments inside it. */
export interface StaticTarget {
  root: 'renderer' | 'basemap';
  segments: string[];
}

/**
 * The file a URL path names, as segments under one root; null for anything that could escape its root
 * after decoding (%2e%2e, encoded separators, NUL) or names no file.
 */
export function staticTarget(pathname: string): StaticTarget | null {
  const [root, rel] = pathname.startsWith('/basemap/')
    ? (['basemap', pathname.slice('/basemap/'.length)] as const)
    : (['renderer', pathname === '/' ? 'index.html' : pathname.slice(1)] as const);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const segments = decoded.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.some((s) => s === '..' || /^[a-zA-Z]:$/.test(s))) return null;
  return { root, segments };
}

/**
 * A vector tile of the bundled basemap (`/basemap/tiles/{z}/{x}/{y}.pbf`, build/make-basemap-tiles.mjs). Only tiles
 * with land or a boundary in them are cut: for any other (open sea, outside China) both hosts answer 204 No
 * Content, which MapLibre draws as an empty tile, where a 404 would be a map error.
 */
export function isBundledTile(pathname: string): boolean {
  const target = staticTarget(pathname);
  return target !== null && target.root === 'basemap' && target.segments.length === 4 && target.segments[0] === 'tiles'
    && target.segments.slice(1, 3).every((s) => /^\d+$/.test(s)) && /^\d+\.pbf$/.test(target.segments[3] ?? '');
}

/** Folder-name prefix of the browser host's upload area (a temp folder removed when the host stops). */
export const UPLOAD_DIR_PREFIX = 'ketu-uploads-';

/** Whether a path lies in the browser host's upload area: nothing meant to last may be written there. */
export function isUploadedPath(path: string): boolean {
  return path.split(/[\\/]/).some((part) => part.startsWith(UPLOAD_DIR_PREFIX));
}
