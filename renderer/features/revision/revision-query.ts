import type { FieldColumn, ImportStage, Params, PlaceColumns } from '../../../native/contract/index.js';
import { MISSING_CODE } from '../../../native/contract/index.js';
import type { Revision, RevisionThresholds, VersionArea } from '../../../native/contract/revision.js';
import { pointInRing } from '../../../native/contract/point-in-ring.js';

/** What the panel compares: a version (or the stages before a sale), deals up to a day, the thresholds. */
export interface RevisionQuery {
  /** A version's id; null: the plan is a filter. */
  plan: number | null;
  /** With no version: the stages the plan's customers come from (null: every stage before a sale). */
  planStages: ImportStage[] | null;
  /** 'third', 'all' or a day (YYYY-MM-DD). */
  until: string;
  thresholds: RevisionThresholds;
}

/** The engine's defaults (contract revisionThresholdsSchema), shown in the panel's fields. */
export const defaultThresholds: RevisionThresholds = { strong: 1.25, weak: 0.75, flagPp: 5, newSourcePlanShare: 0.01, newSourceMinDeals: 3 };

/** A row clicked in the panel: a plan area (by id), a new source or a 区县 (by name). */
export interface RevisionSelection {
  kind: 'area' | 'source' | 'district';
  key: string;
}

export type SplitMode = 'split' | 'swipe' | 'change';

export function compareParams(q: RevisionQuery): Params<'revision.compare'> {
  const plan = q.plan !== null ? { plan: q.plan } : q.planStages === null ? {} : { planFilter: { stages: q.planStages } };
  return { ...plan, until: q.until, thresholds: q.thresholds };
}


/**
 * Home places of one side (its filter mask) that a selected row stands for: inside the area or the cell, or in
 * the 区县. The engine counts customers at their first home place; the highlight shows every home place.
 */
export function selectionIndices(
  columns: PlaceColumns,
  mask: Uint8Array | null,
  selection: RevisionSelection,
  result: Revision,
  planAreas: readonly VersionArea[],
  district: FieldColumn | undefined,
): number[] {
  let test: ((i: number, x: number, y: number) => boolean) | null = null;
  const ringTest = (ring: ReadonlyArray<readonly [number, number]>): ((i: number, x: number, y: number) => boolean) => (_i, x, y) => pointInRing(x, y, ring);
  const districtTest = (name: string): ((i: number) => boolean) | null => {
    if (district?.kind !== 'category') return null;
    const code = district.labels.indexOf(name);
    return code < 0 ? null : (i) => (district.codes[i] ?? MISSING_CODE) === code;
  };
  if (selection.kind === 'area') {
    const area = planAreas.find((a) => String(a.id) === selection.key);
    if (area !== undefined) test = ringTest(area.ring);
  } else if (selection.kind === 'source') {
    const s = result.newSources.find((n) => n.name === selection.key);
    // A district's buyers by their 区县, as the engine counted them (its ring is only the largest part).
    if (s !== undefined) test = s.kind === 'district' || s.ring === null ? districtTest(s.name) : ringTest(s.ring);
  } else test = districtTest(selection.key);
  if (test === null) return [];
  const out: number[] = [];
  for (let i = 0; i < columns.count; i++) {
    if (columns.roles[i] !== 0 || (mask !== null && mask[i] !== 1)) continue;
    if (test(i, columns.positions[2 * i] ?? NaN, columns.positions[2 * i + 1] ?? NaN)) out.push(i);
  }
  return out;
}
