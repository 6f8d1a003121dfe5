import { z } from 'zod';

/*
 * A drawn target area as stored and listed; its own module so that map versions (revision.ts) can snapshot
 * areas with the same shape without importing the method table that imports them.
 */

export const areaGrades = ['A', 'B', 'C', 'D'] as const;
export type AreaGrade = (typeof areaGrades)[number];
export const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

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
  hidden: z.boolean(),
});
export type Area = z.infer<typeof areaSchema>;
