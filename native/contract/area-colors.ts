import type { Area, AreaGrade } from './methods.js';

/** Grade colours as planners mark them on printed maps: A hot red to D cool grey. */
export const gradeColors: Record<AreaGrade, string> = { A: '#d7301f', B: '#f28e2b', C: '#e9c46a', D: '#8d99ae' };
/** An area without grade or colour of its own. */
export const DEFAULT_AREA_COLOR = '#2563eb';

/**
 * The colour an area is drawn in (#rrggbb): by grade when the planner colours by grade, else its own colour,
 * else its grade's, else blue. The map and the print legend both ask here, so a swatch matches its shape.
 */
export function areaColor(area: Pick<Area, 'color' | 'grade'>, byGrade: boolean): string {
  const graded = area.grade === null ? DEFAULT_AREA_COLOR : gradeColors[area.grade];
  if (byGrade) return graded;
  // Only #rrggbb is drawable; anything else (never written by areas.update) falls back as if unset.
  return area.color !== null && /^#[0-9a-f]{6}$/i.test(area.color) ? area.color : graded;
}
