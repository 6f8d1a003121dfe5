import type { FeatureCollection } from 'geojson';
import { z } from 'zod';
import { MISSING_CODE, placeRoles, siteKinds } from '../../../native/contract/index.js';
import { migrateLayer } from '../../../native/contract/layer-migrations.js';
import { areaSchema } from '../../../native/contract/methods.js';
import type { Area } from '../../../native/contract/methods.js';
import { placeFilterSchema } from '../../../native/contract/place-filter.js';
import type { FieldColumn, LayerConfig, PlaceColumns, PlaceFilter, Site } from '../../../native/contract/index.js';
import { filterMask } from '../filter-mask.js';
import { districtShapes } from './district-shapes.js';
import type { DistrictShapes } from './district-shapes.js';
import type { PlacePairs } from './layer-context.js';

/*
 * A render test case (test/render/<case>/): `layers.json` (saved layers `{version, config}`, bottom first) and `data.json`
 * (a few places as plain arrays, their field columns, sites, role pairs, districts and the camera). The
 * `?view=render` page turns it into the same binary columns the engine sends and draws it.
 */

const categoryField = z.object({ kind: z.literal('category'), labels: z.array(z.string()), codes: z.array(z.number().int().nullable()) });
const numberField = z.object({ kind: z.enum(['number', 'date']), values: z.array(z.number().nullable()) });

export const renderCaseDataSchema = z.object({
  view: z.object({ center: z.tuple([z.number(), z.number()]), zoom: z.number(), width: z.number().int().min(16).max(2000), height: z.number().int().min(16).max(2000) }),
  places: z.object({ lng: z.array(z.number()), lat: z.array(z.number()), role: z.array(z.enum(placeRoles)) }),
  fields: z.record(z.string(), z.discriminatedUnion('kind', [categoryField, numberField])).default({}),
  sites: z.array(z.object({ name: z.string(), kind: z.enum(siteKinds), lng: z.number(), lat: z.number() })).default([]),
  pairs: z.record(z.string(), z.object({ from: z.array(z.number().int()), to: z.array(z.number().int()) })).default({}),
  districts: z.unknown().optional(),
  /** Target areas as the engine lists them (areas.list), drawn under the layers as the workbench draws them. */
  areas: z.array(areaSchema).default([]),
  mapFilter: placeFilterSchema.optional(),
});
export type RenderCaseData = z.infer<typeof renderCaseDataSchema>;

export interface RenderCase {
  view: RenderCaseData['view'];
  layers: LayerConfig[];
  columns: PlaceColumns;
  fields: Map<string, FieldColumn>;
  sites: Site[];
  pairs: Map<string, PlacePairs>;
  districts: DistrictShapes | null;
  areas: Area[];
  mapFilter: PlaceFilter | undefined;
  mapMask: Uint8Array | null;
}

export function parseRenderCase(layersJson: unknown, dataJson: unknown): RenderCase {
  // Saved as a project saves them ({version, config}), so old cases load through the same migrations.
  const layers = z.array(z.unknown()).parse(layersJson).map((saved, i) => migrateLayer(saved, i));
  const data = renderCaseDataSchema.parse(dataJson);
  const n = data.places.lng.length;
  const positions = new Float32Array(n * 2);
  const roles = new Uint8Array(n);
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    positions[2 * i] = data.places.lng[i] ?? 0;
    positions[2 * i + 1] = data.places.lat[i] ?? 0;
    roles[i] = placeRoles.indexOf(data.places.role[i] ?? 'home');
    ids[i] = i + 1;
  }
  const fields = new Map<string, FieldColumn>();
  for (const [field, f] of Object.entries(data.fields)) {
    fields.set(
      field,
      f.kind === 'category'
        ? { kind: 'category', field, labels: f.labels, codes: Uint16Array.from(f.codes, (c) => c ?? MISSING_CODE) }
        : { kind: f.kind, field, values: Float32Array.from(f.values, (v) => v ?? NaN) },
    );
  }
  const pairs = new Map<string, PlacePairs>(Object.entries(data.pairs).map(([k, p]) => [k, { from: Uint32Array.from(p.from), to: Uint32Array.from(p.to) }]));
  const columns: PlaceColumns = { count: n, positions, roles, ids };
  return {
    view: data.view,
    layers,
    columns,
    fields,
    sites: data.sites.map((s, i) => ({ id: i + 1, ...s })),
    pairs,
    districts: data.districts === undefined ? null : districtShapes(data.districts as FeatureCollection),
    areas: data.areas,
    mapFilter: data.mapFilter,
    mapMask: filterMask(n, fields, data.mapFilter),
  };
}
