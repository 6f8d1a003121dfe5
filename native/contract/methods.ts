import { z } from 'zod';

// The leaf definitions live in place-filter.ts so layers.ts can use them and this table can use layers.ts
// without an import cycle; re-exported here for every existing importer.
import { importStages, placeFilterSchema, placeRoles, siteKinds } from './place-filter.js';
import type { ImportStage, PlaceFilter, PlaceRole, SiteKind } from './place-filter.js';
import { fieldColumnSchema, layerConfigSchema, mapSettingsSchema, placeFieldInfoSchema } from './layers.js';
import { basemapTileParams, localBasemapSchema, packParamsSchema, packPlanSchema, packResultSchema } from './basemaps.js';
import { printMethods } from './print-layout.js';
import { revisionMethods } from './revision.js';
import { areaGrades, areaSchema, position } from './area-schema.js';
import type { Area, AreaGrade } from './area-schema.js';
export { importStages, placeFilterSchema, placeRoles, siteKinds };
export type { ImportStage, PlaceFilter, PlaceRole, SiteKind };

/** Coordinate systems an import may declare; storage is always WGS-84. */
/** Coordinate systems of imported coordinates; storage is always WGS-84. */
export const crsNames = ['wgs84', 'gcj02', 'bd09'] as const;
export type CrsName = (typeof crsNames)[number];
/** What a user may declare: a system, or `auto` (column names decide, else GCJ-02, the usual case). */
export const declaredCrsNames = ['auto', ...crsNames] as const;
export type DeclaredCrs = (typeof declaredCrsNames)[number];


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

/** A project opened or created here before, newest first; `missing` when the file is no longer there. */
export const recentProjectSchema = z.object({ path: z.string(), name: z.string(), openedAt: z.string(), missing: z.boolean() });
export type RecentProject = z.infer<typeof recentProjectSchema>;

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
  /** 娱乐: places the customer spends leisure time (商场, 会所, 球场 …); several in one cell split on 、，; */
  'leisure',
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
  /** Commit: import the usable rows and leave the refused ones in the report (「跳过问题行，导入其余 N 行」); by default one refused row stops the import. */
  skipBadRows: z.boolean().optional(),
  taskId: z.string().optional(),
});
export type ImportParams = z.infer<typeof importParams>;

/** Places by role, then by precision or `none` (see importPreviewSchema.placedByRole). */
export const placedByRoleSchema = z.object({
  home: z.record(z.string(), z.number().int()),
  work: z.record(z.string(), z.number().int()),
  leisure: z.record(z.string(), z.number().int()),
});

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
  /**
   * Every place of the usable rows by role (home/work/leisure), then by precision (placePrecisions);
   * `none` counts named places no step could place (each flagged on its row).
   */
  placedByRole: placedByRoleSchema,
  /** 客户阶段 as the sheet's or the file's name suggests it (成交客户明细 → deals); the dialog offers it as a guess. */
  stageGuess: z.object({ stage: z.enum(importStages), from: z.enum(['sheet', 'file']), name: z.string() }).nullable(),
  /** Coordinate columns (keys of crsUsed) read as GCJ-02 only because neither the planner nor the column names said a system. */
  crsDefaulted: z.array(z.string()),
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
  /** Refused rows left out with `skipBadRows` (listed in the batch's report as 未导入); 0 otherwise. */
  skippedRows: z.number().int(),
  placedByRole: placedByRoleSchema,
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
/** How exactly a place is known: imported coordinates, or the level a geocoder matched at (best first). */
export const placePrecisions = ['coordinate', 'address', 'community', 'road', 'district', 'city'] as const;
export type PlacePrecision = (typeof placePrecisions)[number];
/** A name found by `gazetteer.search`: the open project's gazetteer, the bundled places, or a district/city centre. */
export const gazetteerHitSchema = z.object({
  label: z.string(),
  /** Where the name lies (区县、城市) or what it is, for the list. */
  detail: z.string(),
  lng: z.number(),
  lat: z.number(),
  source: z.enum(['project', 'bundled', 'division']),
  precision: z.enum(placePrecisions),
});
export type GazetteerHit = z.infer<typeof gazetteerHitSchema>;
/** Positions only as good as a district or city centre: listed for review and asked again by geocoding. */
export const unsurePrecisions = ['district', 'city'] as const satisfies readonly PlacePrecision[];
export function isUnsurePrecision(precision: PlacePrecision): boolean {
  return (unsurePrecisions as readonly PlacePrecision[]).includes(precision);
}

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
/** building: the office building (写字楼) of work places, read from their addresses (analysis/office-building.ts). */
export const rankingDimensions = ['community', 'employer', 'building', 'industry', 'district', 'city'] as const;
/** Chinese names of the ranking dimensions, for titles in the CLI and in exported sheets. */
export const rankingTitles = { community: '居住小区', employer: '工作单位', industry: '行业', district: '区县', city: '城市', building: '写字楼' } as const satisfies Record<(typeof rankingDimensions)[number], string>;
export type RankingDimension = (typeof rankingDimensions)[number];


export const rankingSchema = z.object({
  by: z.enum(rankingDimensions),
  /** Customers counted (after filters), the denominator of every share. */
  total: z.number().int(),
  rows: z.array(z.object({ key: z.string(), count: z.number().int(), share: z.number() })),
});
export type Ranking = z.infer<typeof rankingSchema>;

export { areaGrades, areaSchema };
export type { Area, AreaGrade };

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
  /** Kept in the file but not drawn (the planner hid it in the area list). */
  hidden: z.boolean().optional(),
};


/** areaBand = 面积段 of the record's unit area (㎡), cut at `bands`. */
export const areaCountDimensions = ['role', 'stage', 'industry', 'product', 'areaBand'] as const;
export type AreaCountDimension = (typeof areaCountDimensions)[number];

/** 面积段 cut points used when none are given (㎡): <90, 90–120, 120–144, ≥144. */
export const defaultAreaBands = [90, 120, 144] as const;

/** Columns an area list (N份清单) can carry, in the order they are offered. */
export const areaListColumns = [
  'name',
  'phone',
  'gender',
  'age',
  'role',
  'place',
  'address',
  'district',
  'city',
  'industry',
  'position',
  'stage',
  'product',
  'area',
  'price',
  'unit',
  'channel',
  'consultant',
  'visitDate',
  'dealDate',
  'purpose',
  'family',
  'note',
] as const;
export type AreaListColumn = (typeof areaListColumns)[number];
/** What one row of an area list stands for. */
export const areaListRowKinds = ['customer', 'place'] as const;
export type AreaListRowKind = (typeof areaListRowKinds)[number];
export const defaultAreaListColumns: readonly AreaListColumn[] = ['name', 'phone', 'role', 'place', 'address', 'district', 'industry', 'stage', 'product', 'area'];

/**
 * 热力度分析: an area is graded A when it reaches every minimum of A (AND: registrations = 拓客登记
 * customers, visits = 来访 customers, deals = 成交 customers) or every minimum of one of `or.A`'s
 * alternatives, else B, else C, else D.
 */
const gradeMinimums = z.object({ prospects: z.number().int().min(0), visitors: z.number().int().min(0), deals: z.number().int().min(0) });
const gradeAlternatives = z.array(gradeMinimums).max(8);
export const gradeThresholdsSchema = z.object({
  A: gradeMinimums,
  B: gradeMinimums,
  C: gradeMinimums,
  /** Other minimums that also earn a grade (OR); the CLI writes them `B=deals:1|visits:10`. */
  or: z.object({ A: gradeAlternatives, B: gradeAlternatives, C: gradeAlternatives }).partial().optional(),
});
export type GradeThresholds = z.infer<typeof gradeThresholdsSchema>;

export const areaGradingSchema = z.object({
  thresholds: gradeThresholdsSchema,
  /** True when the counts were narrowed by a filter (only with `useFilter`); the UI labels the grades with `filterText`. */
  filtered: z.boolean(),
  /** The filter the counts used (its stage part never: grading counts by stage); {} when unfiltered. */
  filter: placeFilterSchema,
  /** That filter in words (「产品类型 洋房」), empty when unfiltered. */
  filterText: z.string(),
  /** True when a filter was sent without `useFilter` and left aside, so the planner can be told. */
  filterIgnored: z.boolean(),
  areas: z.array(
    z.object({ id: z.number().int(), name: z.string(), prospects: z.number().int(), visitors: z.number().int(), deals: z.number().int(), grade: z.enum(areaGrades) }),
  ),
});
export type AreaGrading = z.infer<typeof areaGradingSchema>;

/** 机会战场: grid cells or districts near 本案 that hold few customers. */
export const opportunitySchema = z.object({
  kind: z.enum(['grid', 'district']),
  /** Grid: `row,col` of the cell; district: its name. */
  key: z.string(),
  /** Grid: 「西湖区 · 近翠苑一区」 (district and nearest known place, native/analysis/cell-names.ts); district: its name. */
  label: z.string(),
  /** The district (or city, outside the bundled districts) the cell's centre lies in. */
  district: z.string().nullable(),
  /** The nearest known place (gazetteer community/employer/POI, 本案, 竞品) within 3 km of the centre. */
  nearest: z.string().nullable(),
  center: position,
  /** From 本案 to the cell's centre (district: nearest point of its boundary), metres. */
  distanceM: z.number(),
  count: z.number().int(),
  /** The population proxy: known residential communities (gazetteer) inside the cell or district. */
  communities: z.number().int(),
  ring: z.array(position),
});
export type Opportunity = z.infer<typeof opportunitySchema>;
/** What 机会战场 leaves out unless told otherwise: cells within 1 km of 本案, and cells where no known community lies. */
export const OPPORTUNITY_DEFAULTS = { minDistanceM: 1000, minCommunities: 1 } as const;

export const areaCountsSchema = z.object({
  by: z.enum(areaCountDimensions),
  /** Places counted in the whole project (after filters): the denominator of each area's share. */
  total: z.number().int(),
  areas: z.array(z.object({ id: z.number().int(), name: z.string(), total: z.number().int(), share: z.number(), counts: z.record(z.string(), z.number().int()) })),
});
export type AreaCounts = z.infer<typeof areaCountsSchema>;

const empty = z.object({}).strict();

/** A place as a tooltip names it: whose, where, at which stage and since when. */
export const placeBriefSchema = z.object({
  placeId: z.number().int(),
  role: z.enum(placeRoles),
  /** The community (home), employer (work) or leisure place. */
  name: z.string().nullable(),
  customerId: z.number().int().nullable(),
  customerName: z.string().nullable(),
  /** The stage of the record the place came from (deals, visitors …). */
  stage: z.string().nullable(),
  /** Its deal date, else its visit date (YYYY-MM-DD), else null. */
  date: z.string().nullable(),
});
export type PlaceBrief = z.infer<typeof placeBriefSchema>;

/** The card of a clicked place: the customer, every record of theirs and every place of theirs. */
export const placeDetailSchema = z.object({
  place: placeBriefSchema.extend({ address: z.string().nullable(), industry: z.string().nullable(), district: z.string().nullable() }),
  customer: z.object({ id: z.number().int(), name: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  records: z.array(z.object({ id: z.number().int(), stage: z.string().nullable(), date: z.string().nullable(), batch: z.number().int(), source: z.string().nullable() })),
  places: z.array(z.object({ placeId: z.number().int(), role: z.enum(placeRoles), name: z.string().nullable(), address: z.string().nullable(), lng: z.number(), lat: z.number() })),
});
export type PlaceDetail = z.infer<typeof placeDetailSchema>;

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
  /** Opening an older file migrates it; with a taskId, progress events say so ('backup', then 'migrate' step by step). */
  'project.open': { params: z.object({ path: filePath, taskId: z.string().optional() }), result: projectInfoSchema },
  'project.info': { params: empty, result: projectInfoSchema },
  'project.close': { params: empty, result: z.object({ closed: z.boolean() }) },
  /** Another program writing the open project (a CLI import …), or null: the workbench polls this while an edit waits. */
  'project.writer': { params: empty, result: z.object({ holder: z.string(), pid: z.number().int(), activity: z.string() }).nullable() },
  /** Recently opened projects (kept by the host in the user's config folder; empty when it keeps none) and the default folder for new ones. */
  'recents.list': { params: empty, result: z.object({ projects: z.array(recentProjectSchema), projectsDir: z.string().nullable() }) },
  /** Forgets one recent project (the file itself is never touched). */
  'recents.remove': { params: z.object({ path: filePath }), result: z.object({ removed: z.boolean() }) },
  /** Names to place 本案 or 竞品 by: the open project's gazetteer, the bundled places and the district/city centres, `city` first. */
  'gazetteer.search': {
    params: z.object({ query: z.string().trim().min(1).max(100), city: z.string().max(50).optional(), limit: z.number().int().min(1).max(50).optional() }),
    result: z.array(gazetteerHitSchema),
  },
  /** 本案 (one per project) and 竞品 of the open project. */
  'sites.add': { params: z.object({ name: z.string().trim().min(1).max(100), kind: z.enum(siteKinds), ...lngLat.shape }), result: siteSchema },
  'sites.update': { params: z.object({ id: z.number().int(), name: z.string().trim().min(1).max(100).optional(), lng: lngLat.shape.lng.optional(), lat: lngLat.shape.lat.optional() }), result: siteSchema },
  'sites.remove': { params: z.object({ id: z.number().int() }), result: z.object({ removed: z.boolean() }) },
  'import.preview': { params: importParams, result: importPreviewSchema },
  'import.commit': { params: importParams, result: importResultSchema },
  'imports.list': { params: empty, result: z.array(importBatchSchema) },
  /** Undo of an import: removes the batch's records and places. */
  'imports.remove': { params: z.object({ batchId: z.number().int() }), result: z.object({ places: z.number().int(), records: z.number().int() }) },
  /** The full problem report of a committed batch, as .xlsx. */
  'imports.report': { params: z.object({ batchId: z.number().int(), out: filePath }), result: z.object({ path: z.string(), rows: z.number().int() }) },
  'places.columns': { params: empty, result: placeColumnsSchema },
  /** Tooltips and an aggregated symbol's list: one brief per place id, in the order asked (unknown ids left out). */
  'places.brief': { params: z.object({ placeIds: z.array(z.number().int()).max(500) }), result: z.array(placeBriefSchema) },
  /** A clicked place's card; the phone masked (138****5678) unless `unmasked`. */
  'places.detail': { params: z.object({ placeId: z.number().int(), unmasked: z.boolean().optional() }), result: placeDetailSchema },
  /** Fields the places can be coloured or filtered by: builtin ones present in the project, then `attr:<column>`. */
  'places.fields': { params: empty, result: z.array(placeFieldInfoSchema) },
  /** One field for every place, aligned with places.columns (same order and count). */
  'places.field': { params: z.object({ field: z.string().min(1) }), result: fieldColumnSchema },
  /** Places of the same customer row (home → work), as index pairs into places.columns. */
  'places.pairs': {
    params: z.object({ from: z.enum(placeRoles), to: z.enum(placeRoles) }),
    result: z.object({ from: z.instanceof(Uint32Array), to: z.instanceof(Uint32Array) }),
  },
  /** The map's settings (filter, 面积段, basemap), defaults when none were saved. */
  'map.get': { params: empty, result: mapSettingsSchema },
  /** Saves the given parts of the map's settings; returns them all. */
  'map.save': { params: mapSettingsSchema.partial(), result: mapSettingsSchema },
  /** The map's layers in draw order (bottom first), migrated to LAYER_CONFIG_VERSION; defaults when none were saved. */
  'layers.get': { params: empty, result: z.array(layerConfigSchema) },
  /** Replaces the saved layer list (the whole ordered list, in one transaction). */
  'layers.save': { params: z.object({ layers: z.array(layerConfigSchema).max(200) }), result: z.object({ saved: z.number().int() }) },
  'stats.ranking': {
    params: z.object({ by: z.enum(rankingDimensions), top: z.number().int().min(1).max(10_000).optional(), filter: placeFilterSchema.optional() }),
    /** `filterText`: the filter in words, as the exported sheet's note row says it (empty when none). */
    result: rankingSchema.extend({ filterText: z.string() }),
  },
  /** The places behind one row of a ranking, to highlight them on the map (ids as in places.columns). */
  'stats.members': {
    params: z.object({ by: z.enum(rankingDimensions), key: z.string(), filter: placeFilterSchema.optional() }),
    result: z.object({ ids: z.instanceof(Uint32Array) }),
  },
  'stats.export': {
    params: z.object({ by: z.enum(rankingDimensions), top: z.number().int().min(1).max(10_000).optional(), filter: placeFilterSchema.optional(), out: filePath }),
    /** `filterText`: the filter in words, also in the sheet's title and note row (empty when none). */
    result: z.object({ path: z.string(), rows: z.number().int(), filterText: z.string() }),
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
  /** Properties, and with `shape` a new geometry (moved, reshaped, resized on the map). */
  'areas.update': { params: z.object({ id: z.number().int(), ...areaProps, name: areaProps.name.optional(), shape: areaShapeSchema.optional() }), result: areaSchema },
  'areas.remove': { params: z.object({ id: z.number().int() }), result: z.object({ removed: z.boolean() }) },
  'areas.count': {
    params: z.object({ by: z.enum(areaCountDimensions), filter: placeFilterSchema.optional(), bands: z.array(z.number().positive()).max(12).optional() }),
    result: areaCountsSchema,
  },
  /** 热力度分析: registrations, visits and deals per area over every stage, graded with the project's thresholds (saved when given); `apply` writes the grades. */
  'areas.grade': {
    params: z.object({
      thresholds: gradeThresholdsSchema.optional(),
      apply: z.boolean().optional(),
      filter: placeFilterSchema.optional(),
      /** Grade within `filter` (its stage part aside); by default the map's filter is ignored, so a stage filter cannot turn an A into a D. */
      useFilter: z.boolean().optional(),
    }),
    result: areaGradingSchema,
  },
  /**
   * 机会战场: 1 km (or `cellM`) cells or districts within `radiusM` of 本案 (or `center`) holding at most `maxCount`
   * places, at least `minDistanceM` away and with at least `minCommunities` known communities; nearest first.
   */
  'areas.opportunities': {
    params: z.object({
      by: z.enum(['grid', 'district']),
      radiusM: z.number().positive().max(100_000),
      cellM: z.number().min(200).max(10_000).optional(),
      maxCount: z.number().int().min(0),
      /** Cells nearer 本案 than this are left out (本案's own cell always is). Default 1000 m. */
      minDistanceM: z.number().min(0).max(100_000).optional(),
      /** Cells with fewer known communities (the population proxy) are left out. Default 1. */
      minCommunities: z.number().int().min(0).optional(),
      center: lngLat.optional(),
      filter: placeFilterSchema.optional(),
    }),
    result: z.object({ center: position, cells: z.array(opportunitySchema) }),
  },
  /** The N份清单 of one area: its customers and places as .xlsx, phones masked unless asked otherwise. */
  'areas.export': {
    params: z.object({
      area: z.union([z.number().int(), z.string().min(1)]),
      out: filePath,
      maskPhones: z.boolean().optional(),
      filter: placeFilterSchema.optional(),
      /** In this order; defaultAreaListColumns when absent. */
      columns: z.array(z.enum(areaListColumns)).min(1).optional(),
      /** customer (default): one row per customer, the places inside in 住家/工作/娱乐 columns; place: one row per place. */
      rows: z.enum(areaListRowKinds).optional(),
    }),
    /** An area with no customer (after the filter) is refused (EXPORT_FAILED, details.reason 'AREA_EMPTY'), never written as an empty list. */
    result: z.object({
      path: z.string(),
      rows: z.number().int(),
      /** Distinct customers in the list (the figure to report), and the places inside they stand for. */
      customers: z.number().int(),
      places: z.number().int(),
      rowsPer: z.enum(areaListRowKinds),
      /** The filter the list was made with, in words (also in the sheet's title); empty when none. */
      filterText: z.string(),
    }),
  },
  /** Local tile archives (.pmtiles/.mbtiles) registered in the project, with what each holds or why it cannot be read. */
  'basemap.list': { params: empty, result: z.array(localBasemapSchema) },
  /** Registers a local archive after reading it (FILE_NOT_FOUND / UNSUPPORTED_FILE otherwise); the same path twice is one entry. */
  'basemap.add': {
    params: z.object({ path: filePath, name: z.string().max(100).optional(), crs: z.enum(['wgs84', 'gcj02']).optional() }),
    result: localBasemapSchema,
  },
  'basemap.remove': { params: z.object({ id: z.string().min(1) }), result: z.object({ removed: z.boolean() }) },
  /** One tile for MapLibre: from a local archive (XYZ address), or online through the engine; null where there is none. */
  'basemap.tile': { params: basemapTileParams, result: z.object({ data: z.instanceof(Uint8Array).nullable() }) },
  /** 离线底图包: tile count, estimated size and the file, before downloading; nothing is fetched. */
  'basemap.packPlan': { params: packParamsSchema, result: packPlanSchema },
  /** Downloads the pack (progress 'tiles'; cancellable, resumable) and registers it as a local basemap. */
  'basemap.packDownload': { params: packParamsSchema.extend({ taskId: z.string().optional() }), result: packResultSchema },
  ...revisionMethods,
  ...printMethods,
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
