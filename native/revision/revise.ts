import { KetuError } from '../contract/errors.js';
import { areaGrades } from '../contract/methods.js';
import type { AreaGrade } from '../contract/methods.js';
import { NEW_SOURCE_COLOR } from '../contract/revision.js';
import type { AreaVerdict, VersionArea, VersionSummary } from '../contract/revision.js';
import type { ProjectStore } from '../store/project-store.js';
import { compareRevision } from './compare.js';
import type { CompareParams } from './compare.js';
import { getVersion, saveVersionWith } from './versions.js';

export interface SaveRevisedParams extends CompareParams {
  name: string;
  /** Names of the comparison's new sources to add as areas. */
  addSources: readonly string[];
  view?: { center: { lng: number; lat: number }; zoom: number } | undefined;
}

export interface SaveRevisedResult extends VersionSummary {
  added: string[];
  regraded: Array<{ name: string; from: string | null; to: string }>;
}

/** An ungraded plan area is taken as C: an area drawn without a grade is neither core nor marginal. */
const UNGRADED: AreaGrade = 'C';

/** 超预期 moves an area one grade up, 偏弱 one down, 已印证 keeps it (A stays A, D stays D). */
export function regrade(grade: string | null, verdict: AreaVerdict): AreaGrade {
  const at = areaGrades.indexOf((grade ?? UNGRADED) as AreaGrade);
  const k = at < 0 ? areaGrades.indexOf(UNGRADED) : at;
  const step = verdict === '超预期' ? -1 : verdict === '偏弱' ? 1 : 0;
  return areaGrades[Math.min(areaGrades.length - 1, Math.max(0, k + step))] ?? UNGRADED;
}

/** A new source's grade from its share of the actual buyers: ≥ 20 % A, ≥ 10 % B, else C. */
export function newSourceGrade(actualShare: number): AreaGrade {
  return actualShare >= 0.2 ? 'A' : actualShare >= 0.1 ? 'B' : 'C';
}

/**
 * 保存为修订版: the comparison's plan areas regraded by its verdicts, plus the chosen new sources as areas
 * (a district's outline, a cell's square), saved as a new map version with the live map's layers and filter.
 */
export function saveRevised(store: ProjectStore, resourcesDir: string, params: SaveRevisedParams, now: Date = new Date()): SaveRevisedResult {
  const r = compareRevision(store, params, resourcesDir);
  const planAreas: readonly VersionArea[] = params.plan !== undefined ? getVersion(store, params.plan).areaList : store.areas.list();
  const verdicts = new Map(r.areas.map((a) => [a.id, a.grade]));
  const regraded: SaveRevisedResult['regraded'] = [];
  const areas: VersionArea[] = planAreas.map((a) => {
    const verdict = verdicts.get(a.id) ?? '已印证';
    const grade = regrade(a.grade, verdict);
    regraded.push({ name: a.name, from: a.grade, to: grade });
    return { ...a, grade };
  });
  let nextId = Math.max(0, ...planAreas.map((a) => a.id)) + 1;
  const added: string[] = [];
  for (const want of params.addSources) {
    const s = r.newSources.find((n) => n.name === want);
    if (s === undefined) throw new KetuError('INVALID_PARAMS', `「${want}」不是这次对比的新增客源；新增客源：${r.newSources.map((n) => n.name).join('、') || '（无）'}`);
    // A district's ring is its outline as the comparison gave it (null: no bundled boundary).
    const ring = s.ring;
    if (ring === null) throw new KetuError('INVALID_PARAMS', `没有「${s.name}」的边界，无法添加为目标区域`);
    areas.push({ id: nextId++, name: s.name, grade: newSourceGrade(s.actualShare), color: NEW_SOURCE_COLOR, notes: `新增客源：成交 ${s.actual} 户`, team: null, kind: 'polygon', center: null, radiusM: null, ring, hidden: false });
    added.push(s.name);
  }
  const version = saveVersionWith(store, params.name, params.view ?? null, areas, now);
  return { ...version, added, regraded };
}
