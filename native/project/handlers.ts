import { resolve } from 'node:path';
import { KetuError } from '../contract/errors.js';
import type { Handlers } from '../contract/handler-types.js';
import { defaultLayers, migrateLayer, saveLayer } from '../contract/layer-migrations.js';
import type { ProjectSession } from '../store/project-session.js';
import { ProjectStore } from '../store/project-store.js';

type ProjectMethods =
  | 'project.create'
  | 'project.open'
  | 'project.info'
  | 'project.close'
  | 'places.columns'
  | 'places.fields'
  | 'places.field'
  | 'places.pairs'
  | 'map.get'
  | 'map.save'
  | 'layers.get'
  | 'layers.save';

/** The project file itself: create, open, close; its places as columns; its saved map and layers. */
export function createProjectHandlers(session: ProjectSession, resourcesDir: string): Pick<Handlers, ProjectMethods> {
  return {
    'project.create': (p, ctx) => {
      const store = ProjectStore.create(
        resolve(p.path),
        {
          name: p.name,
          overwrite: p.overwrite ?? false,
          ...(p.site === undefined ? {} : { site: p.site }),
          ...(p.city === undefined ? {} : { city: p.city }),
        },
        { resourcesDir },
      );
      session.replace(store, ctx);
      return store.info();
    },
    'project.open': (p, ctx) => {
      const store = ProjectStore.open(resolve(p.path), { resourcesDir, client: session.client, onProgress: (phase, done, total) => ctx.progress(phase, done, total) });
      session.replace(store, ctx);
      return store.info();
    },
    'project.info': () => session.current().info(),
    'project.close': (_p, ctx) => {
      const had = session.status() !== null;
      session.replace(null, ctx);
      return { closed: had };
    },
    'places.columns': () => session.current().placeColumns(),
    'places.fields': () => session.current().fields.list(),
    'places.field': (p) => session.current().fields.column(p.field),
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
