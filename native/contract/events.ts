import { z } from 'zod';

/** Push events from engine to UI. Progress carries the task id the caller chose, so it can cancel. */
export const progressEventSchema = z.object({
  type: z.literal('progress'),
  taskId: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
});
export type ProgressEvent = z.infer<typeof progressEventSchema>;

export const projectChangedEventSchema = z.object({ type: z.literal('project.changed'), path: z.string().nullable() });
export type ProjectChangedEvent = z.infer<typeof projectChangedEventSchema>;

export const engineEventSchema = z.discriminatedUnion('type', [progressEventSchema, projectChangedEventSchema]);
export type EngineEvent = z.infer<typeof engineEventSchema>;
