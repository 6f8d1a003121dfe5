import type { PlacePrecision, ReviewPlace } from '../contract/methods.js';
import type { ProjectStore } from '../store/project-store.js';
import { loadDivisions, parseAddress } from './address-parse.js';
import type { GeocodeProvider } from './providers/types.js';

export interface Candidate {
  label: string;
  detail: string;
  lng: number;
  lat: number;
  source: string;
  precision: PlacePrecision;
}

/**
 * Where an unsure place might be, for the planner to pick: the gazetteer's entries for its name and
 * address, the provider's answers (when one is set up) and the district or city centre read from the text.
 */
export async function reviewCandidates(store: ProjectStore, place: ReviewPlace, provider: GeocodeProvider | null, resourcesDir: string): Promise<Candidate[]> {
  const texts = [place.name, place.address].filter((t): t is string => t !== null && t !== '');
  const out: Candidate[] = [];
  for (const e of texts.flatMap((t) => store.geocoding.search(t))) {
    out.push({ label: e.name, detail: e.confirmed ? '已确认' : '', lng: e.lng, lat: e.lat, source: 'gazetteer', precision: e.precision });
  }
  if (provider !== null) {
    const city = store.city();
    try {
      const hits = await provider.geocode(texts.map((text) => (city === null ? { text } : { text, city })));
      hits.forEach((h) => {
        if (h !== null) out.push({ label: h.formatted, detail: h.level, lng: h.lng, lat: h.lat, source: provider.id, precision: h.precision });
      });
    } catch {
      // Offline answers are still worth offering when the provider fails (network, quota, key).
    }
  }
  const divisions = loadDivisions(resourcesDir);
  for (const t of texts) {
    const c = parseAddress(t, store.city() ?? undefined, divisions);
    if (c !== null) out.push({ label: c.matched, detail: c.precision === 'district' ? '区县中心' : '城市中心', lng: c.lng, lat: c.lat, source: 'centroid', precision: c.precision });
  }
  return withoutRepeats(out);
}

/** The same position reached two ways is offered once (within about 10 m). */
function withoutRepeats(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const k = `${c.lng.toFixed(4)},${c.lat.toFixed(4)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
