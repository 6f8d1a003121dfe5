import { z } from 'zod';

/** Place roles, in the order of their Uint8 codes in binary columns. */
export const placeRoles = ['home', 'work', 'leisure'] as const;
export type PlaceRole = (typeof placeRoles)[number];

export const siteKinds = ['project', 'competitor'] as const;
export type SiteKind = (typeof siteKinds)[number];

/** Stages of a project's customer data (各阶段客户地图); a batch is tagged with one. */
export const importStages = ['competitors', 'visitors', 'prospects', 'deals', 'field'] as const;
export type ImportStage = (typeof importStages)[number];

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
