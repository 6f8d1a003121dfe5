import { z } from 'zod';
import { placeFilterSchema, placeRoles, siteKinds } from './place-filter.js';

/*
 * Layers as data (kepler.gl's model): a layer is a versioned, serialisable config saved in the project's
 * `layers` table; the renderer's registry turns config + binary columns into deck.gl layers and a legend
 * with pure functions. Field columns and filters are the data those functions read.
 */

/**
 * Fields every place can be coloured, sized or filtered by. Custom attributes of an import are addressed
 * as `attr:<column name>`; `places.fields` lists what a project actually has.
 */
export const builtinPlaceFields = [
  'role',
  'stage',
  'batch',
  'industry',
  'product',
  'area',
  'price',
  'age',
  'gender',
  'family',
  'purpose',
  'channel',
  'visitDate',
  'dealDate',
  'district',
  'city',
  'community',
  'employer',
  'precision',
] as const;
export type BuiltinPlaceField = (typeof builtinPlaceFields)[number];

export const fieldKinds = ['category', 'number', 'date'] as const;
export type FieldKind = (typeof fieldKinds)[number];

/** What `places.fields` says about one field of the open project. */
export const placeFieldInfoSchema = z.object({
  field: z.string(),
  kind: z.enum(fieldKinds),
  /** Places with a value. */
  present: z.number().int(),
  /** Distinct values (category fields), to decide between a palette and "other". */
  distinct: z.number().int(),
});
export type PlaceFieldInfo = z.infer<typeof placeFieldInfoSchema>;

/** Code of a place without a value in a category column. */
export const MISSING_CODE = 0xffff;

/**
 * One field for every place, aligned with `places.columns` (same order, same count).
 * category: Uint16 codes into `labels` (MISSING_CODE = no value), labels ordered by count, most first;
 * number: Float32 values, NaN = no value; date: Float32 days since 1970-01-01 (UTC), NaN = no value.
 */
export const fieldColumnSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('category'), field: z.string(), codes: z.instanceof(Uint16Array), labels: z.array(z.string()) }),
  z.object({ kind: z.literal('number'), field: z.string(), values: z.instanceof(Float32Array) }),
  z.object({ kind: z.literal('date'), field: z.string(), values: z.instanceof(Float32Array) }),
]);
export type FieldColumn = z.infer<typeof fieldColumnSchema>;

/** Version of the layer config written today; older saved configs are migrated on load (see layer-migrations). */
export const LAYER_CONFIG_VERSION = 2;

export const layerTypes = [
  'places-role',
  'places-industry',
  'places-field',
  'heatmap',
  'hexagon',
  'district-choropleth',
  'arcs',
  'labels',
  'sites',
] as const;
export type LayerType = (typeof layerTypes)[number];

/** How a numeric field is cut into classes; `categorical` colours each distinct value. */
export const classSchemes = ['categorical', 'quantile', 'equal', 'ckmeans'] as const;
export type ClassScheme = (typeof classSchemes)[number];

const roles = z.array(z.enum(placeRoles));
const classes = z.number().int().min(2).max(9);
const radiusPixels = z.number().min(0.5).max(40);
/**
 * `grouped`: the places of one community (homes) or employer (work) drawn as one symbol whose area grows with
 * their count; `points` (or absent, as saved before): one dot per place.
 */
export const symbolModes = ['points', 'grouped'] as const;
export type SymbolMode = (typeof symbolModes)[number];
const symbols = z.enum(symbolModes).optional();

const layerBase = {
  /** Stable within the project; survives rename and reorder. */
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  visible: z.boolean(),
  opacity: z.number().min(0).max(1),
  /** Narrows this layer only, on top of the map's filter. */
  filter: placeFilterSchema.optional(),
};

export const layerConfigSchema = z.discriminatedUnion('type', [
  z.object({ ...layerBase, type: z.literal('places-role'), roles, radiusPixels, symbols }),
  /** Work (or any) places coloured by GB/T 4754 section with KeTu's fixed print palette. */
  z.object({ ...layerBase, type: z.literal('places-industry'), roles, radiusPixels, symbols }),
  z.object({
    ...layerBase,
    type: z.literal('places-field'),
    roles,
    field: z.string().min(1),
    scheme: z.enum(classSchemes),
    classes,
    /** A palette name of the registry (e.g. `blues`, `category10`). */
    palette: z.string().min(1),
    radiusPixels,
    /** Scale the radius by a number field (e.g. area); null = fixed radius. */
    sizeField: z.string().nullable(),
  }),
  z.object({ ...layerBase, type: z.literal('heatmap'), roles, radiusPixels: z.number().min(1).max(200), intensity: z.number().min(0.1).max(10) }),
  z.object({ ...layerBase, type: z.literal('hexagon'), roles, radiusM: z.number().min(50).max(50_000) }),
  z.object({
    ...layerBase,
    type: z.literal('district-choropleth'),
    role: z.enum(placeRoles),
    measure: z.enum(['count', 'share']),
    scheme: z.enum(classSchemes),
    classes,
    palette: z.string().min(1),
  }),
  /** Home → work of the same customer. */
  z.object({ ...layerBase, type: z.literal('arcs'), from: z.enum(placeRoles), to: z.enum(placeRoles), widthPixels: z.number().min(0.5).max(20) }),
  /** Names of the top communities / employers / districts, at their places' centre. */
  z.object({ ...layerBase, type: z.literal('labels'), field: z.enum(['community', 'employer', 'district']), top: z.number().int().min(1).max(200), textSize: z.number().min(8).max(40) }),
  z.object({ ...layerBase, type: z.literal('sites'), kinds: z.array(z.enum(siteKinds)), ringsKm: z.array(z.number().positive().max(100)).max(10) }),
]);
export type LayerConfig = z.infer<typeof layerConfigSchema>;

/** 面积段 the planner edits: cut points in ㎡ (e.g. [90, 120, 144] → <90, 90–120, 120–144, ≥144). */
export const mapSettingsSchema = z.object({
  filter: placeFilterSchema,
  areaBands: z.array(z.number().positive()).max(12),
  /** `bundled`, or the id of a basemap the planner added (local .pmtiles/.mbtiles, online 天地图/高德). */
  basemap: z.string().min(1),
});
export type MapSettings = z.infer<typeof mapSettingsSchema>;
