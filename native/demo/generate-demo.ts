import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProjectInfo } from '../contract/methods.js';
import { divisionIndex } from '../analysis/district-index.js';
import { ProjectStore } from '../store/project-store.js';
import { seededRandom } from './seeded-random.js';
import type { NewCustomer, NewPlace } from '../store/records.js';

interface Weighted {
  name: string;
  lng: number;
  lat: number;
  weight: number;
}

interface DemoSource {
  project: { name: string; city: string };
  sites: Array<{ name: string; kind: 'project' | 'competitor'; lng: number; lat: number }>;
  communities: Array<Weighted & { district: string }>;
  employers: Array<Weighted & { kind: string; industry: string; industryName: string; district: string }>;
  leisure: Array<Weighted & { kind: string }>;
  surnames: string[];
  givenChars: string[];
  products: Array<{ type: string; share: number; areas: number[] }>;
  channels: string[];
  purposes: string[];
  family: string[];
}

const DEMO_DATE = '2026-01-15T09:00:00.000Z';
const METRES_PER_DEG_LAT = 111_320;

function pickWeighted<T extends { weight: number }>(items: readonly T[], rand: () => number): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rand() * total;
  for (const item of items) {
    r -= item.weight;
    if (r <= 0) return item;
  }
  const last = items[items.length - 1];
  if (last === undefined) throw new Error('empty demo list');
  return last;
}

function pick<T>(items: readonly T[], rand: () => number): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('empty demo list');
  return item;
}

/** A point within `metres` of a place, so households of one community don't stack on one pixel. */
function jitter(p: { lng: number; lat: number }, metres: number, rand: () => number): { lng: number; lat: number } {
  const r = metres * Math.sqrt(rand());
  const a = rand() * 2 * Math.PI;
  const dLat = (r * Math.sin(a)) / METRES_PER_DEG_LAT;
  const dLng = (r * Math.cos(a)) / (METRES_PER_DEG_LAT * Math.cos((p.lat * Math.PI) / 180));
  return { lng: Math.round((p.lng + dLng) * 1e6) / 1e6, lat: Math.round((p.lat + dLat) * 1e6) / 1e6 };
}

const stages = [
  { stage: 'competitors', label: '竞品客户', count: 900 },
  { stage: 'visitors', label: '来访客户', count: 1500 },
  { stage: 'deals', label: '成交客户', count: 600 },
] as const;

const DAY_MS = 86_400_000;
const FIRST_VISIT = Date.UTC(2025, 2, 1);

/** 来访日期 for visitors and deals (March–December 2025), 成交日期 up to 60 days after the visit for deals. */
function demoDates(stage: (typeof stages)[number]['stage'], rand: () => number): { visitDate?: string; dealDate?: string } {
  if (stage === 'competitors') return {};
  const visit = FIRST_VISIT + Math.floor(rand() * 300) * DAY_MS;
  const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return stage === 'deals' ? { visitDate: iso(visit), dealDate: iso(visit + Math.floor(rand() * 61) * DAY_MS) } : { visitDate: iso(visit) };
}

/** Builds the bundled Hangzhou demo project from the resources folder's demo/hangzhou.json. */
export function generateDemo(target: string, resourcesDir: string): ProjectInfo {
  const { divisionOf } = divisionIndex(resourcesDir);
  const source = JSON.parse(readFileSync(join(resourcesDir, 'demo', 'hangzhou.json'), 'utf8')) as DemoSource;
  const rand = seededRandom(20260115);
  // Dates draw from their own stream, so every other demo value stays what it was before dates were added.
  const dateRand = seededRandom(20250301);
  const main = source.sites.find((s) => s.kind === 'project');
  const store = ProjectStore.create(
    resolve(target),
    main === undefined
      ? { name: source.project.name, city: source.project.city, overwrite: true, createdAt: DEMO_DATE }
      : { name: source.project.name, city: source.project.city, site: { lng: main.lng, lat: main.lat }, overwrite: true, createdAt: DEMO_DATE },
  );
  try {
    for (const site of source.sites) if (site.kind === 'competitor') store.addSite(site);
    let serial = 0;
    for (const { stage, label, count } of stages) {
      const customers: NewCustomer[] = [];
      for (let i = 0; i < count; i++) {
        serial++;
        const home = pickWeighted(source.communities, rand);
        const places: NewPlace[] = [{ role: 'home', ...jitter(home, 180, rand), name: home.name, address: `${source.project.city}${home.district}${home.name}` }];
        if (rand() < 0.75) {
          const work = pickWeighted(source.employers, rand);
          places.push({ role: 'work', ...jitter(work, 120, rand), name: work.name, industry: work.industryName });
        }
        if (rand() < 0.3) {
          const fun = pickWeighted(source.leisure, rand);
          places.push({ role: 'leisure', ...jitter(fun, 80, rand), name: fun.name });
        }
        const product = pickWeighted(source.products.map((p) => ({ ...p, weight: p.share })), rand);
        const name = pick(source.surnames, rand) + pick(source.givenChars, rand) + (rand() < 0.6 ? pick(source.givenChars, rand) : '');
        customers.push({
          name,
          phone: `1${pick(['38', '39', '58', '59', '86', '88', '37', '36'], rand)}${String(10_000_000 + serial * 7919 % 90_000_000).padStart(8, '0')}`,
          attributes: {
            // The importer's field names, so demo and imported customers filter and style alike.
            gender: rand() < 0.52 ? '男' : '女',
            age: 25 + Math.floor(rand() * 35),
            product: product.type,
            area: pick(product.areas, rand),
            channel: pick(source.channels, rand),
            purpose: pick(source.purposes, rand),
            family: pick(source.family, rand),
            ...demoDates(stage, dateRand),
          },
          places,
        });
      }
      store.insertBatch({ sourceFile: `演示数据·${label}`, sheet: label, stage, crs: 'wgs84', mapping: {}, rowsRead: count, customers, createdAt: DEMO_DATE }, divisionOf);
    }
    // The demo's communities and employers become its gazetteer, as they would after real imports.
    store.geocoding.learnFromPlaces({}, DEMO_DATE);
    return store.info();
  } finally {
    store.close();
  }
}
