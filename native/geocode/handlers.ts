import { KetuError } from '../contract/errors.js';
import type { Handlers } from '../contract/handler-types.js';
import type { ProjectSession } from '../store/project-session.js';
import type { DivisionLookup } from '../store/records.js';
import { reviewCandidates } from './candidates.js';
import { searchGazetteer } from './gazetteer-search.js';
import { createProvider, providerLabels } from './providers/index.js';
import { relocateUnsurePlaces } from './relocate.js';

type GeocodeMethods = 'geocode.run' | 'geocode.review' | 'geocode.candidates' | 'geocode.confirm' | 'gazetteer.search';

export interface GeocodeResources {
  resourcesDir: string;
  divisionOf: DivisionLookup;
}

/** The key a call names, else the one the environment holds (the CLI's KETU_GEOCODE_KEY). */
function keyOf(key: string | undefined): string | undefined {
  return key ?? process.env.KETU_GEOCODE_KEY;
}

/** Places known only to their district or city: asking again, listing them, and placing them by hand. */
export function createGeocodeHandlers(session: ProjectSession, resources: GeocodeResources): Pick<Handlers, GeocodeMethods> {
  return {
    'geocode.run': async (p, ctx) => {
      const store = session.current();
      const key = keyOf(p.key);
      const provider = p.provider === undefined ? null : createProvider(p.provider, key === undefined ? null : { key, ...(p.endpoint === undefined ? {} : { baseUrl: p.endpoint }) });
      if (p.provider !== undefined && provider === null) {
        throw new KetuError('INVALID_PARAMS', `使用${providerLabels[p.provider]}在线定位需要 Key（--key 或环境变量 KETU_GEOCODE_KEY）`);
      }
      const outcome = await relocateUnsurePlaces(store, {
        provider,
        resourcesDir: resources.resourcesDir,
        divisionOf: resources.divisionOf,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress('geocode', done, total),
      });
      if (outcome.improved > 0) ctx.emit({ type: 'project.changed', path: store.path });
      return { asked: outcome.asked, improved: outcome.improved, unchanged: outcome.asked - outcome.improved, providerCalls: outcome.providerCalls, stoppedReason: outcome.stoppedReason };
    },
    'gazetteer.search': (p) => searchGazetteer(session.status(), resources.resourcesDir, p.query, p.city, p.limit ?? 12),
    'geocode.review': (p) => session.current().placesForReview(p.limit ?? 1000),
    'geocode.candidates': async (p) => {
      const store = session.current();
      const key = keyOf(p.key);
      const provider = p.provider === undefined || key === undefined ? null : createProvider(p.provider, { key, ...(p.endpoint === undefined ? {} : { baseUrl: p.endpoint }) });
      return reviewCandidates(store, store.place(p.placeId), provider, resources.resourcesDir);
    },
    'geocode.confirm': (p, ctx) => {
      const store = session.current();
      const moved = store.confirmPlace(p.placeId, p.lng, p.lat, resources.divisionOf);
      ctx.emit({ type: 'project.changed', path: store.path });
      return { moved };
    },
  };
}
