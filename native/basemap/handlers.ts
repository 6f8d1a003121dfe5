import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { basemapCrs, isOnlineProvider } from '../contract/basemaps.js';
import type { LocalBasemap } from '../contract/basemaps.js';
import { KetuError } from '../contract/errors.js';
import type { Handlers } from '../contract/handler-types.js';
import type { SavedBasemap } from '../store/basemap-store.js';
import type { ProjectSession } from '../store/project-session.js';
import type { ProjectStore } from '../store/project-store.js';
import { downloadPack, planPack } from './offline-pack.js';
import { fetchOnlineTile, onlineProviderLabels } from './online-tiles.js';
import { TileArchiveCache } from './tile-archive.js';

type BasemapMethods = 'basemap.list' | 'basemap.add' | 'basemap.remove' | 'basemap.tile' | 'basemap.packPlan' | 'basemap.packDownload';

/** Where a registered archive is now: as added, else beside the project when the two moved together. */
function locate(store: ProjectStore, saved: SavedBasemap): string | null {
  if (existsSync(saved.path)) return saved.path;
  if (saved.relativePath !== null) {
    const beside = resolve(dirname(store.path), saved.relativePath);
    if (existsSync(beside)) return beside;
  }
  return null;
}

function missing(saved: SavedBasemap): KetuError {
  return new KetuError('FILE_NOT_FOUND', `找不到底图文件「${saved.name}」：${saved.path}（文件可能已移动或删除），已改用内置离线底图`, { file: saved.path, reason: 'missing' });
}

/** Local archives registered in the project, and every tile (local or online) MapLibre asks for. */
export function createBasemapHandlers(session: ProjectSession): Pick<Handlers, BasemapMethods> {
  const archives = new TileArchiveCache();
  session.onRelease(() => void archives.closeAll());

  const describe = async (store: ProjectStore, saved: SavedBasemap): Promise<LocalBasemap> => {
    const base = { id: saved.id, name: saved.name, path: saved.path, format: saved.format, crs: saved.crs };
    const path = locate(store, saved);
    if (path === null) return { ...base, archive: null, problem: missing(saved).message };
    try {
      return { ...base, archive: (await archives.get(path)).info, problem: null };
    } catch (err) {
      return { ...base, archive: null, problem: err instanceof Error ? err.message : String(err) };
    }
  };

  /** Registers an archive in the project after reading it; a path already registered is that entry. */
  const register = async (store: ProjectStore, path: string, name: string | undefined, crs: 'wgs84' | 'gcj02'): Promise<SavedBasemap> => {
    const archive = await archives.get(path);
    const known = store.basemaps.list().find((b) => b.path === path);
    if (known !== undefined) return known;
    const rel = relative(dirname(store.path), path);
    return store.basemaps.add({
      name: name?.trim() || basename(path, extname(path)),
      path,
      relativePath: isAbsolute(rel) ? null : rel,
      format: archive.format,
      crs,
    });
  };

  return {
    'basemap.list': async () => {
      const store = session.current();
      return Promise.all(store.basemaps.list().map((b) => describe(store, b)));
    },
    'basemap.add': async (p) => {
      const store = session.current();
      return describe(store, await register(store, resolve(p.path), p.name, p.crs ?? 'wgs84'));
    },
    'basemap.packPlan': (p) => planPack(session.current(), p),
    'basemap.packDownload': async (p, ctx) => {
      const store = session.current();
      const result = await downloadPack(store, p, ctx.signal, (done, total) => ctx.progress('tiles', done, total));
      // The file changed under the cache's feet: reopen it so new zooms and bounds are read.
      await archives.drop(result.path);
      const saved = await register(store, result.path, `${onlineProviderLabels[p.provider]}离线底图`, basemapCrs(p.provider) === 'gcj02' ? 'gcj02' : 'wgs84');
      return { ...result, basemapId: saved.id };
    },
    'basemap.remove': (p) => {
      const store = session.current();
      const removed = store.basemaps.remove(p.id);
      // The map must not keep pointing at a basemap that no longer exists.
      if (removed && store.mapSettings.read().basemap === p.id) store.mapSettings.write({ basemap: 'bundled' });
      return { removed };
    },
    'basemap.tile': async (p, ctx) => {
      if (isOnlineProvider(p.id)) {
        const data = await fetchOnlineTile(
          {
            provider: p.id,
            z: p.z,
            x: p.x,
            y: p.y,
            ...(p.layer === undefined ? {} : { layer: p.layer }),
            ...(p.key === undefined ? {} : { key: p.key }),
            ...(p.endpoint === undefined ? {} : { endpoint: p.endpoint }),
          },
          ctx.signal,
        );
        return { data };
      }
      const store = session.current();
      const saved = store.basemaps.list().find((b) => b.id === p.id);
      if (saved === undefined) throw new KetuError('INVALID_PARAMS', `项目中没有编号为「${p.id}」的底图`);
      const path = locate(store, saved);
      if (path === null) throw missing(saved);
      // A 天地图 pack answers the label layer (cva) from its second table.
      return { data: await (await archives.get(path)).tile(p.z, p.x, p.y, p.layer === 'cva' ? 'labels' : undefined) };
    },
  };
}
