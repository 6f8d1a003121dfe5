import { z } from 'zod';

/** Place roles, in the order of their Uint8 codes in binary columns. */
export const placeRoles = ['home', 'work', 'leisure'] as const;
export type PlaceRole = (typeof placeRoles)[number];

export const siteKinds = ['project', 'competitor'] as const;
export type SiteKind = (typeof siteKinds)[number];

/** Coordinate systems an import may declare; storage is always WGS-84. */
/** Coordinate systems of imported coordinates; storage is always WGS-84. */
export const crsNames = ['wgs84', 'gcj02', 'bd09'] as const;
export type CrsName = (typeof crsNames)[number];
/** What a user may declare: a system, or `auto` (column names decide, else GCJ-02, the usual case). */
export const declaredCrsNames = ['auto', ...crsNames] as const;
export type DeclaredCrs = (typeof declaredCrsNames)[number];

/** Stages of a project's customer data (DOMAIN.md 各阶段客户地图); a batch is tagged with one. */
export const importStages = ['competitors', 'visitors', 'prospects', 'deals', 'field'] as const;
export type ImportStage = (typeof importStages)[number];

export const textEncodings = ['auto', 'utf-8', 'gb18030'] as const;

const lngLat = z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });
const filePath = z.string().min(1);

export const siteSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(siteKinds),
  lng: z.number(),
  lat: z.number(),
});
export type Site = z.infer<typeof siteSchema>;

export const projectInfoSchema = z.object({
  path: z.string(),
  name: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  counts: z.object({ customers: z.number().int(), places: z.number().int(), sites: z.number().int(), imports: z.number().int() }),
  /** [west, south, east, north] of places and sites, or null for an empty project. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  sites: z.array(siteSchema),
});
export type ProjectInfo = z.infer<typeof projectInfoSchema>;

export const cellProblemSchema = z.object({
  sheet: z.string(),
  row: z.number().int(),
  column: z.string(),
  reason: z.string(),
  /** error: the row cannot be used; flag: the row is kept, marked for review. */
  severity: z.enum(['error', 'flag']).optional(),
  value: z.string().optional(),
});

/** KeTu's customer fields an import column can map onto; anything else is kept as a custom attribute. */
export const importFields = [
  'name',
  'phone',
  'gender',
  'age',
  'community',
  'address',
  'homeDistrict',
  'employer',
  'workAddress',
  'industry',
  'position',
  'family',
  'purpose',
  'visitDate',
  'dealDate',
  'unit',
  'product',
  'area',
  'price',
  'channel',
  'consultant',
  'note',
  'lng',
  'lat',
  'workLng',
  'workLat',
] as const;
export type ImportField = (typeof importFields)[number];

const importParams = z.object({
  file: filePath,
  crs: z.enum(declaredCrsNames).default('auto'),
  sheet: z.string().optional(),
  encoding: z.enum(textEncodings).optional(),
  stage: z.enum(importStages).optional(),
  /** Header → field (or null: keep as attribute), overriding what KeTu recognised or remembered. */
  mapping: z.record(z.string(), z.enum(importFields).nullable()).optional(),
  /** Also write every problem found to this .xlsx (the preview lists only the first ones). */
  reportOut: z.string().min(1).optional(),
  taskId: z.string().optional(),
});
export type ImportParams = z.infer<typeof importParams>;

export const importPreviewSchema = z.object({
  file: z.string(),
  sheet: z.string(),
  sheets: z.array(z.string()),
  headerRow: z.number().int(),
  columns: z.array(z.object({ header: z.string(), field: z.enum(importFields).nullable() })),
  rowsRead: z.number().int(),
  usable: z.number().int(),
  flagged: z.number().int(),
  rejected: z.number().int(),
  problems: z.array(cellProblemSchema),
  sample: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  kind: z.enum(['xlsx', 'csv']),
  encoding: z.string().nullable(),
  crsUsed: z.record(z.string(), z.enum(crsNames)),
  /** True when the mapping came from an earlier import with the same column layout. */
  mappingRemembered: z.boolean(),
  skipped: z.object({ blank: z.number().int(), summary: z.number().int() }),
  /** Places found by name or address rather than coordinates, by precision. */
  geocoded: z.record(z.string(), z.number().int()),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importResultSchema = z.object({
  batchId: z.number().int(),
  file: z.string(),
  rowsRead: z.number().int(),
  customers: z.number().int(),
  newCustomers: z.number().int(),
  flagged: z.number().int(),
  places: z.number().int(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** Every place as parallel binary columns: positions are interleaved lng,lat (WGS-84). */
export const placeColumnsSchema = z.object({
  count: z.number().int(),
  positions: z.instanceof(Float32Array),
  roles: z.instanceof(Uint8Array),
  ids: z.instanceof(Uint32Array),
});
export type PlaceColumns = z.infer<typeof placeColumnsSchema>;

export const importBatchSchema = z.object({
  id: z.number().int(),
  file: z.string(),
  sheet: z.string().nullable(),
  stage: z.string().nullable(),
  rowsRead: z.number().int(),
  customers: z.number().int(),
  places: z.number().int(),
  createdAt: z.string(),
});
export type ImportBatch = z.infer<typeof importBatchSchema>;

export const geocodeProviders = ['amap', 'baidu', 'tianditu'] as const;
export const placePrecisions = ['coordinate', 'address', 'community', 'road', 'district', 'city'] as const;

/** A place whose position is only a district or city centre (or unsure), waiting for a planner's answer. */
export const reviewPlaceSchema = z.object({
  id: z.number().int(),
  role: z.enum(placeRoles),
  name: z.string().nullable(),
  address: z.string().nullable(),
  lng: z.number(),
  lat: z.number(),
  source: z.string(),
  precision: z.enum(placePrecisions),
  flags: z.array(z.string()),
});
export type ReviewPlace = z.infer<typeof reviewPlaceSchema>;

/** What a ranking counts: customers (distinct people) per home community, employer, industry, district or city. */
export const rankingDimensions = ['community', 'employer', 'industry', 'district', 'city'] as const;
export type RankingDimension = (typeof rankingDimensions)[number];

/** An inclusive range; null = open on that side. Dates are ISO `YYYY-MM-DD`. */
const numberRange = z.object({ min: z.number().nullable(), max: z.number().nullable() });

/**
 * The map's (or one layer's) filter. Every part narrows; an absent or empty part keeps everything.
 * The engine applies it in SQL (rankings, area counts, lists) and the renderer over field columns
 * (what is drawn); tests hold the two to the same counts.
 */
export const placeFilterSchema = z.object({
  stages: z.array(z.enum(importStages)).optional(),
  /** 产品类型 values as imported (洋房, 别墅, 商铺, 公寓 …). */
  products: z.array(z.string()).optional(),
  batches: z.array(z.number().int()).optional(),
  roles: z.array(z.enum(placeRoles)).optional(),
  /** 面积段: places whose record's area (㎡) lies in any of these ranges; min inclusive, max exclusive. */
  areaRanges: z.array(numberRange).optional(),
  dateRange: z.object({ field: z.enum(['visitDate', 'dealDate']), from: z.string().nullable(), to: z.string().nullable() }).optional(),
  /** Any category field (see builtinPlaceFields, or `attr:<column>`): the place's value is one of `values`. */
  fields: z.array(z.object({ field: z.string(), values: z.array(z.string()) })).optional(),
});
export type PlaceFilter = z.infer<typeof placeFilterSchema>;

export const rankingSchema = z.object({
  by: z.enum(rankingDimensions),
  /** Customers counted (after filters), the denominator of every share. */
  total: z.number().int(),
  rows: z.array(z.object({ key: z.string(), count: z.number().int(), share: z.number() })),
});
export type Ranking = z.infer<typeof rankingSchema>;

export const areaGrades = ['A', 'B', 'C', 'D'] as const;
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** A drawn target area: a circle keeps its centre and radius; every area also has its polygon. */
export const areaShapeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('circle'), lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), radiusM: z.number() }),
  z.object({ kind: z.literal('polygon'), ring: z.array(position) }),
]);
export type AreaShape = z.infer<typeof areaShapeSchema>;

const areaProps = {
  name: z.string().min(1).max(100),
  grade: z.enum(areaGrades).nullable().optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).nullable().optional(),
  notes: z.string().nullable().optional(),
  team: z.string().nullable().optional(),
};

export const areaSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  grade: z.enum(areaGrades).nullable(),
  color: z.string().nullable(),
  notes: z.string().nullable(),
  team: z.string().nullable(),
  kind: z.enum(['circle', 'polygon']),
  center: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  radiusM: z.number().nullable(),
  ring: z.array(position),
});
export type Area = z.infer<typeof areaSchema>;

export const areaCountDimensions = ['role', 'stage', 'industry', 'product'] as const;
export type AreaCountDimension = (typeof areaCountDimensions)[number];

export const areaCountsSchema = z.object({
  by: z.enum(areaCountDimensions),
  /** Places counted in the whole project (after filters): the denominator of each area's share. */
  total: z.number().int(),
  areas: z.array(z.object({ id: z.number().int(), name: z.string(), total: z.number().int(), share: z.number(), counts: z.record(z.string(), z.number().int()) })),
});
export type AreaCounts = z.infer<typeof areaCountsSchema>;

const empty = z.object({}).strict();

/**
 * The whole engine API: one entry per method, params and result as zod schemas.
 * Hosts validate params at the boundary; both sides derive their types from this table.
 */
export const methods = {
  'app.status': {
    params: empty,
    result: z.object({ version: z.string(), project: projectInfoSchema.nullable() }),
  },
  'project.create': {
    params: z.object({ path: filePath, name: z.string().min(1).max(200), site: lngLat.optional(), city: z.string().min(1).optional(), overwrite: z.boolean().optional() }),
    result: projectInfoSchema,
  },
  'project.open': { params: z.object({ path: filePath }), result: projectInfoSchema },
  'project.info': { params: empty, result: projectInfoSchema },
  'project.close': { params: empty, result: z.object({ closed: z.boolean() }) },
  'import.preview': { params: importParams, result: importPreviewSchema },
  'import.commit': { params: importParams, result: importResultSchema },
  'imports.list': { params: empty, result: z.array(importBatchSchema) },
  /** Undo of an import: removes the batch's records and places. */
  'imports.remove': { params: z.object({ batchId: z.number().int() }), result: z.object({ places: z.number().int(), records: z.number().int() }) },
  /** The full problem report of a committed batch, as .xlsx. */
  'imports.report': { params: z.object({ batchId: z.number().int(), out: filePath }), result: z.object({ path: z.string(), rows: z.number().int() }) },
  'places.columns': { params: empty, result: placeColumnsSchema },
  'stats.ranking': {
    params: z.object({ by: z.enum(rankingDimensions), top: z.number().int().min(1).max(10_000).optional(), filter: placeFilterSchema.optional() }),
    result: rankingSchema,
  },
  /** The places behind one row of a ranking, to highlight them on the map (ids as in places.columns). */
  'stats.members': {
    params: z.object({ by: z.enum(rankingDimensions), key: z.string(), filter: placeFilterSchema.optional() }),
    result: z.object({ ids: z.instanceof(Uint32Array) }),
  },
  'stats.export': {
    params: z.object({ by: z.enum(rankingDimensions), top: z.number().int().min(1).max(10_000).optional(), filter: placeFilterSchema.optional(), out: filePath }),
    result: z.object({ path: z.string(), rows: z.number().int() }),
  },
  /**
   * Places known only to district/city level are asked again: gazetteer, cache, then the online provider
   * when a key is given (offline without one). `endpoint` points a provider at a proxy or a test server.
   */
  'geocode.run': {
    params: z.object({
      provider: z.enum(geocodeProviders).optional(),
      key: z.string().min(1).optional(),
      endpoint: z.url().optional(),
      taskId: z.string().optional(),
    }),
    result: z.object({
      asked: z.number().int(),
      improved: z.number().int(),
      unchanged: z.number().int(),
      providerCalls: z.number().int(),
      stoppedReason: z.string().nullable(),
    }),
  },
  /** Positions a planner can pick for an unsure place: near names in the gazetteer, the district centre, a provider's answers. */
  'geocode.candidates': {
    params: z.object({ placeId: z.number().int(), provider: z.enum(geocodeProviders).optional(), key: z.string().min(1).optional(), endpoint: z.url().optional() }),
    result: z.array(z.object({ label: z.string(), detail: z.string(), lng: z.number(), lat: z.number(), source: z.string(), precision: z.enum(placePrecisions) })),
  },
  'geocode.review': { params: z.object({ limit: z.number().int().min(1).max(10_000).optional() }), result: z.array(reviewPlaceSchema) },
  /** The planner's answer for a place (picked or dragged): it moves every place of that name and enters the gazetteer. */
  'geocode.confirm': {
    params: z.object({ placeId: z.number().int(), lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }),
    result: z.object({ moved: z.number().int() }),
  },
  'export.png': {
    params: z.object({ path: filePath, png: z.instanceof(Uint8Array), overwrite: z.boolean().optional() }),
    result: z.object({ path: z.string(), bytes: z.number().int(), width: z.number().int(), height: z.number().int() }),
  },
  'areas.add': { params: z.object({ ...areaProps, shape: areaShapeSchema }), result: areaSchema },
  'areas.list': { params: empty, result: z.array(areaSchema) },
  'areas.update': { params: z.object({ id: z.number().int(), ...areaProps, name: areaProps.name.optional() }), result: areaSchema },
  'areas.remove': { params: z.object({ id: z.number().int() }), result: z.object({ removed: z.boolean() }) },
  'areas.count': { params: z.object({ by: z.enum(areaCountDimensions), filter: placeFilterSchema.optional() }), result: areaCountsSchema },
  /** The N份清单 of one area: its customers and places as .xlsx, phones masked unless asked otherwise. */
  'areas.export': {
    params: z.object({ area: z.union([z.number().int(), z.string().min(1)]), out: filePath, maskPhones: z.boolean().optional(), filter: placeFilterSchema.optional() }),
    result: z.object({ path: z.string(), rows: z.number().int() }),
  },
  'task.cancel': { params: z.object({ taskId: z.string() }), result: z.object({ cancelled: z.boolean() }) },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Params<M extends MethodName> = z.input<Methods[M]['params']>;
/** Params after validation, with defaults applied: what handlers receive. */
export type ParsedParams<M extends MethodName> = z.output<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
