import { z } from 'zod';
import { mapSettingsSchema } from './layers.js';
import { placeFilterSchema } from './place-filter.js';
import { areaSchema } from './area-schema.js';

/*
 * The one-third revision (1/3 修订): sales progress, frozen map versions, planned against actual.
 * Field names of progress.get and revision.compare are read by scripts (CLI --json): keep them.
 */

/** Snapshot format of a map version; a version written with a larger number is refused (VERSION_TOO_NEW). */
export const MAP_VERSION_FORMAT = 1;

/** A moment's local calendar day (YYYY-MM-DD): the day the planner sees, as a date input writes it. */
export function localDayOf(d: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const position = z.tuple([z.number(), z.number()]);

export const salesProgressSchema = z.object({
  /** Total units in the inventory; null when none was entered. */
  units: z.number().int().nullable(),
  /** Units sold: distinct 房号 of deal records, plus deal records without one. */
  sold: z.number().int(),
  /** sold / units, or null without an inventory. */
  share: z.number().nullable(),
  /** The day the ⌈units/3⌉-th unit sold, or null before that (or without an inventory). */
  thirdReachedOn: isoDay.nullable(),
  byProduct: z.array(z.object({ product: z.string(), units: z.number().int().nullable(), sold: z.number().int(), share: z.number().nullable(), thirdReachedOn: isoDay.nullable() })),
  /** Cumulative units sold by month (`YYYY-MM`), deals without a date left out. */
  byMonth: z.array(z.object({ month: z.string(), sold: z.number().int(), cumulative: z.number().int() })),
  /** Deals sold without a readable 成交日期: counted in `sold`, absent from the curve. */
  undated: z.number().int(),
  /** 房号 sold to more than one customer: counted once, listed for review. */
  duplicates: z.array(z.object({ unit: z.string(), customers: z.number().int() })),
  /** Where the inventory came from: entered totals or a 销控表. */
  source: z.enum(['none', 'totals', 'sheet']),
  /** Units the 销控表's 状态 marks as sold (已售, 签约, 认购, 成交, 网签, 备案); null without a sheet or a 状态 column. */
  sheetSold: z.number().int().nullable(),
});
export type SalesProgress = z.infer<typeof salesProgressSchema>;

/** What does not add up in a progress: a 销控表 whose 已售 count differs from the deals, a product sold past its stock. */
export type ProgressWarning = { kind: 'sheetDiffers'; sheet: number; sold: number } | { kind: 'overSold'; product: string; sold: number; units: number };

/** The warnings the CLI and the units dialog both show, worked out once here. */
export function progressWarnings(p: SalesProgress): ProgressWarning[] {
  return [
    ...(p.sheetSold !== null && p.sheetSold !== p.sold ? [{ kind: 'sheetDiffers' as const, sheet: p.sheetSold, sold: p.sold }] : []),
    ...p.byProduct.flatMap((b) => (b.units !== null && b.sold > b.units ? [{ kind: 'overSold' as const, product: b.product, sold: b.sold, units: b.units }] : [])),
  ];
}

/** An area as the version froze it; its grade is kept as written, whatever grades a later KeTu knows. */
export const versionAreaSchema = areaSchema.extend({ grade: z.string().nullable() });
export type VersionArea = z.infer<typeof versionAreaSchema>;

export const mapViewSchema = z.object({ center: z.object({ lng: z.number(), lat: z.number() }), zoom: z.number() });

export const versionSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  format: z.number().int(),
  customers: z.number().int(),
  areas: z.number().int(),
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;

/** The map as it stood: immutable once saved (only its name can change). */
export const mapVersionSchema = versionSummarySchema.extend({
  /** Layer rows as saved (`{version, config}`), not migrated: what the map drew then. */
  layers: z.array(z.unknown()),
  settings: mapSettingsSchema,
  view: mapViewSchema.nullable(),
  batches: z.array(z.object({ id: z.number().int(), file: z.string(), stage: z.string().nullable(), customers: z.number().int() })),
  areaList: z.array(versionAreaSchema),
  figures: z.object({
    areaCounts: z.array(z.object({ id: z.number().int(), name: z.string(), places: z.number().int(), share: z.number() })),
    rankings: z.record(z.string(), z.array(z.object({ key: z.string(), count: z.number().int(), share: z.number() }))),
  }),
});
export type MapVersion = z.infer<typeof mapVersionSchema>;

/** The colour of a new source: its outline on the change map, and its area once 保存为修订版 adds it. */
export const NEW_SOURCE_COLOR = '#10b981';

export const areaVerdicts = ['已印证', '偏弱', '超预期'] as const;
export type AreaVerdict = (typeof areaVerdicts)[number];
/** Each verdict's colour on a printed revision map: the hues of the revision panel's verdict text. */
export const verdictColors: Record<AreaVerdict, string> = { 已印证: '#15803d', 偏弱: '#b91c1c', 超预期: '#1d4ed8' };

/** Mix tables of the comparison, in the order a report lists them. */
export const mixDimensions = ['district', 'city', 'industry', 'purpose', 'family', 'ageBand', 'income', 'channel', 'product', 'areaBand'] as const;
export type MixDimension = (typeof mixDimensions)[number];
export const mixTitles = {
  district: '区县',
  city: '城市',
  industry: '行业',
  purpose: '置业目的',
  family: '家庭结构',
  ageBand: '年龄段',
  income: '收入',
  channel: '认知/来访渠道',
  product: '产品类型',
  areaBand: '面积段',
} as const satisfies Record<MixDimension, string>;

/** A column kept at import has its mix table under the name places.fields gives it: `attr:<header>`. */
export type MixKey = MixDimension | `attr:${string}`;
const mixKeySchema = z.union([z.enum(mixDimensions), z.templateLiteral(['attr:', z.string()])]);
const KEPT_PREFIX = 'attr:';

/** The title of a mix table: the dimension's name, or a kept column's header. */
export function mixTitle(key: MixKey): string {
  return key.startsWith(KEPT_PREFIX) ? key.slice(KEPT_PREFIX.length) : mixTitles[key as MixDimension];
}

/** The mix tables present, in report order: the dimensions above, then kept columns in the order the engine gave them. */
export function mixKeys(mix: Partial<Record<MixKey, unknown>>): MixKey[] {
  const kept = Object.keys(mix).filter((k): k is `attr:${string}` => k.startsWith(KEPT_PREFIX));
  return [...mixDimensions.filter((d) => mix[d] !== undefined), ...kept];
}

const mixRow = z.object({ name: z.string(), plan: z.number().int(), planShare: z.number(), actual: z.number().int(), actualShare: z.number(), deltaPp: z.number(), flagged: z.boolean() });
export type MixRow = z.infer<typeof mixRow>;

export const revisionThresholdsSchema = z.object({
  /** actual share / plan share at or above: 超预期. */
  strong: z.number().positive().default(1.25),
  /** below: 偏弱; between: 已印证. */
  weak: z.number().positive().default(0.75),
  /** A mix row whose shares differ by at least this many percentage points is flagged. */
  flagPp: z.number().positive().default(5),
  /** A district or cell is a new source when the plan holds at most this share of its customers there. */
  newSourcePlanShare: z.number().min(0).default(0.01),
  /** … and the actual buyers there number at least this many. */
  newSourceMinDeals: z.number().int().min(1).default(3),
});
export type RevisionThresholds = z.infer<typeof revisionThresholdsSchema>;

export const revisionSchema = z.object({
  /** `before`: the day the plan's batches were imported before (planBefore), else null. */
  plan: z.object({ count: z.number().int(), version: z.string().nullable(), before: isoDay.nullable(), filter: placeFilterSchema, areas: z.number().int() }),
  actual: z.object({ count: z.number().int(), until: isoDay.nullable(), filter: placeFilterSchema }),
  areas: z.array(
    z.object({ id: z.number().int(), name: z.string(), plan: z.number().int(), planShare: z.number(), actual: z.number().int(), actualShare: z.number(), ratio: z.number().nullable(), grade: z.enum(areaVerdicts) }),
  ),
  /** `ring`: a cell's square, a district's outline (its largest part; null when KeTu has no boundary for it). */
  newSources: z.array(
    z.object({ kind: z.enum(['district', 'cell']), name: z.string(), actual: z.number().int(), actualShare: z.number(), plan: z.number().int(), planShare: z.number(), center: position, ring: z.array(position).nullable() }),
  ),
  /**
   * The change map's 1 km cells (square at the customers' mean latitude): customers of each side whose first home
   * place lies in the cell, and actual share − plan share in percentage points; biggest shift first.
   */
  changeCells: z.array(z.object({ box: z.tuple([z.number(), z.number(), z.number(), z.number()]), plan: z.number().int(), actual: z.number().int(), deltaPp: z.number() })),
  /**
   * Tables with values on either side only (收入 appears when a sheet carried it); columns kept at import
   * as `attr:<header>`, when they have at most 30 values among the customers compared.
   */
  mix: z.partialRecord(mixKeySchema, z.array(mixRow)),
  pace: z.object({
    unitsLeft: z.number().int().nullable(),
    /** Deals per month over the last three calendar months with deals. */
    perMonth: z.number(),
    months: z.array(z.string()),
    monthsNeeded: z.number().nullable(),
    /** Plan customers in confirmed (已印证/超预期) areas without a deal yet. */
    openProspects: z.number().int(),
    /** openProspects / unitsLeft. */
    prospectsPerUnit: z.number().nullable(),
  }),
  thresholds: revisionThresholdsSchema,
  summary: z.array(z.string()),
  /** The .xlsx report written, when asked for. */
  report: z.string().nullable(),
});
export type Revision = z.infer<typeof revisionSchema>;

const name = z.string().trim().min(1).max(100);

/** Plan and actual of a comparison, as revision.compare and revision.saveRevised take them. */
const compareParams = z.object({
  plan: z.union([z.number().int(), name]).optional(),
  planFilter: placeFilterSchema.optional(),
  /** The plan is the batches imported before this day (local YYYY-MM-DD), narrowed by planFilter; not with `plan`. */
  planBefore: isoDay.optional(),
  actualFilter: placeFilterSchema.optional(),
  /** 'third' (default when known), 'all', or a day. */
  until: z.union([z.enum(['third', 'all']), isoDay]).optional(),
  thresholds: revisionThresholdsSchema.partial().optional(),
});

/** The methods of the revision, spread into the contract's table (methods.ts). */
export const revisionMethods = {
  /** The inventory: total units, optionally per product type (replaces what was entered before). */
  'units.set': {
    params: z.object({ total: z.number().int().min(1).optional(), products: z.record(z.string().min(1), z.number().int().min(0)).optional() }),
    result: salesProgressSchema,
  },
  /** The inventory from a 销控表 (房号, 产品类型, 面积, 状态, 成交日期), replacing the one before. */
  'units.import': { params: z.object({ file: z.string().min(1), sheet: z.string().optional() }), result: salesProgressSchema.extend({ rows: z.number().int() }) },
  'progress.get': { params: z.object({}).strict(), result: salesProgressSchema },
  'versions.save': { params: z.object({ name, view: mapViewSchema.optional() }), result: versionSummarySchema },
  'versions.list': { params: z.object({}).strict(), result: z.array(versionSummarySchema) },
  'versions.get': { params: z.object({ version: z.union([z.number().int(), name]) }), result: mapVersionSchema },
  'versions.rename': { params: z.object({ version: z.union([z.number().int(), name]), name }), result: versionSummarySchema },
  'versions.remove': { params: z.object({ version: z.union([z.number().int(), name]) }), result: z.object({ removed: z.boolean() }) },
  /** Plan (a saved version, or a filter) against actual deals up to a day (the 1/3 date by default). */
  'revision.compare': {
    params: compareParams.extend({ out: z.string().min(1).optional() }),
    result: revisionSchema,
  },
  /**
   * 保存为修订版: the plan's areas regraded by the actual figures (超预期 one grade up, 偏弱 one down) and the
   * chosen new sources (`addSources`: their names) added as areas, saved as a new version in one transaction.
   */
  'revision.saveRevised': {
    params: compareParams.extend({ name, addSources: z.array(z.string().min(1)).default([]), view: mapViewSchema.optional() }),
    result: versionSummarySchema.extend({ added: z.array(z.string()), regraded: z.array(z.object({ name: z.string(), from: z.string().nullable(), to: z.string() })) }),
  },
  /** The workbench's "the third has been passed" prompt: shown once per project; `dismiss` remembers it in the file. */
  'revision.prompt': { params: z.object({ dismiss: z.boolean().optional() }), result: z.object({ dismissed: z.boolean() }) },
} as const;
