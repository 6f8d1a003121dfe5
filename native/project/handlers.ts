import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KetuError } from '../contract/errors.js';
import type { CallContext, Handlers } from '../contract/handler-types.js';
import { defaultLayers, migrateLayer, saveLayer } from '../contract/layer-migrations.js';
import type { ProjectSession } from '../store/project-session.js';
import { ProjectStore } from '../store/project-store.js';
import { currentWriter } from '../store/writer-record.js';
import type { RecentProjects } from './recents.js';

type ProjectMethods =
  | 'project.create'
  | 'project.open'
  | 'project.info'
  | 'project.close'
  | 'project.writer'
  | 'recents.list'
  | 'recents.remove'
  | 'sites.add'
  | 'sites.update'
  | 'sites.remove'
  | 'places.columns'
  | 'places.fields'
  | 'places.field'
  | 'places.pairs'
  | 'map.get'
  | 'map.save'
  | 'layers.get'
  | 'layers.save';

/** The project file itself: create, open, close, recent ones; 本案 and 竞品; its places as columns; its saved map and layers. */
export function createProjectHandlers(session: ProjectSession, resourcesDir: string, recents: RecentProjects | null = null): Pick<Handlers, ProjectMethods> {
  const remember = (store: ProjectStore): void => {
    try {
      recents?.record(store.path, store.info().name);
    } catch {
      // An unwritable config folder costs the recent list, never the open.
    }
  };
  const siteChanged = (store: ProjectStore, ctx: CallContext): void => ctx.emit({ type: 'project.changed', path: store.path });
  return {
    'project.create': (p, ctx) => {
      const path = resolve(p.path);
      // The default projects folder is made on first use; any other folder must exist already.
      const projectsDir = recents?.projectsDir ?? null;
      if (projectsDir !== null && dirname(path) === resolve(projectsDir)) mkdirSync(projectsDir, { recursive: true });
      const store = ProjectStore.create(
        path,
        {
          name: p.name,
          overwrite: p.overwrite ?? false,
          ...(p.site === undefined ? {} : { site: p.site }),
          ...(p.city === undefined ? {} : { city: p.city }),
        },
        { resourcesDir },
      );
      session.replace(store, ctx);
      remember(store);
      return store.info();
    },
    'project.open': (p, ctx) => {
      const store = ProjectStore.open(resolve(p.path), { resourcesDir, client: session.client, onProgress: (phase, done, total) => ctx.progress(phase, done, total) });
      session.replace(store, ctx);
      remember(store);
      return store.info();
    },
    'project.info': () => session.current().info(),
    'project.close': (_p, ctx) => {
      const had = session.status() !== null;
      session.replace(null, ctx);
      return { closed: had };
    },
    'project.writer': () => {
      const writer = currentWriter(session.current().path);
      return writer === null || writer.pid === process.pid ? null : { holder: writer.holder, pid: writer.pid, activity: writer.activity };
    },
    'recents.list': () => ({ projects: recents?.list() ?? [], projectsDir: recents?.projectsDir ?? null }),
    'recents.remove': (p) => ({ removed: recents?.remove(p.path) ?? false }),
    'sites.add': (p, ctx) => {
      const store = session.current();
      if (p.kind === 'project' && store.sites().some((s) => s.kind === 'project')) throw new KetuError('INVALID_PARAMS', '项目已有本案位置：请移动它，而不是再添加一个');
      const id = store.addSite({ name: p.name, kind: p.kind, lng: p.lng, lat: p.lat });
      siteChanged(store, ctx);
      return { id, name: p.name, kind: p.kind, lng: p.lng, lat: p.lat };
    },
    'sites.update': (p, ctx) => {
      const store = session.current();
      const site = store.updateSite(p.id, { ...(p.name === undefined ? {} : { name: p.name }), ...(p.lng === undefined ? {} : { lng: p.lng }), ...(p.lat === undefined ? {} : { lat: p.lat }) });
      if (site === null) throw new KetuError('INVALID_PARAMS', `没有编号为 ${p.id} 的位置点`);
      siteChanged(store, ctx);
      return site;
    },
    'sites.remove': (p, ctx) => {
      const store = session.current();
      const removed = store.removeSite(p.id);
      if (removed) siteChanged(store, ctx);
      return { removed };
    },
    'places.columns': () => session.current().placeColumns(),
    'places.fields': () => session.current().fields.listOffThread(),
    'places.field': (p) => session.current().fields.columnOffThread(p.field),
    'places.pairs': (p) => session.current().fields.pairs(p.from, p.to),
    'map.get': () => session.current().mapSettings.read(),
    'map.save': (p) => session.current().mapSettings.write(p),
    'layers.get': () => {
      const store = session.current();
      const saved = store.layers.read();
      return saved === null ? defaultLayers(store.sites()) : saved.map((row, i) => migrateLayer(row, i));
    },
    'layers.save': (p) => {
      const ids = new Set(p.layers.map((l) => l.id));
      if (ids.size !== p.layers.length) throw new KetuError('INVALID_PARAMS', '图层编号重复，未保存');
      session.current().layers.write(p.layers.map(saveLayer));
      return { saved: p.layers.length };
    },
  };
}
