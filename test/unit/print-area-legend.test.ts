import type { Color, Layer } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import type { Area } from '../../native/contract/methods.js';
import { areaLegend } from '../../native/print/page-jobs.js';
import { buildAreaLayers } from '../../renderer/map/area-layers.js';

function square(id: number, name: string, grade: Area['grade'], color: string | null, lng: number): Area {
  const ring: Array<[number, number]> = [[lng, 30.2], [lng + 0.01, 30.2], [lng + 0.01, 30.21], [lng, 30.21], [lng, 30.2]];
  return { id, name, grade, color, notes: null, team: null, kind: 'polygon', center: null, radiusM: null, ring, hidden: false };
}

/** The outline colour the print map gives each area, as #rrggbb (the workbench draws print frames without 按等级着色). */
function drawnOutlines(areas: Area[]): Map<number, string> {
  const polygons = buildAreaLayers(areas, { byGrade: false, editingId: null, selectedId: null })[0] as Layer<{ getLineColor: (a: Area) => Color }>;
  const hex = (n: number | undefined): string => (n ?? 0).toString(16).padStart(2, '0');
  return new Map(areas.map((a) => {
    const [r, g, b] = Array.from(polygons.props.getLineColor(a));
    return [a.id, `#${hex(r)}${hex(g)}${hex(b)}`];
  }));
}

/* The print legend's 目标区域 rows: one per area in the frame, its swatch the colour its shape is drawn in. */
describe('the print legend of target areas', () => {
  const areas = [
    square(1, '西溪板块', null, null, 120.10),
    square(2, '文一路', 'A', null, 120.12),
    square(3, '滨江', 'C', '#7b3294', 120.14),
    square(4, '远郊', null, null, 121.5),
  ];

  it('lists the areas inside the frame, each in the colour the map draws it (blue, grade, own), not red', () => {
    const legend = areaLegend(areas.map((area, k) => ({ area, count: 10 * (k + 1) })), [120.0, 30.1, 120.3, 30.3]);
    expect(legend?.entries.map((e) => e.label)).toEqual(['西溪板块', '文一路（A）', '滨江（C）']);
    expect(legend?.entries.map((e) => e.count)).toEqual([10, 20, 30]);
    const drawn = drawnOutlines(areas);
    expect(legend?.entries.map((e) => e.color)).toEqual([1, 2, 3].map((id) => drawn.get(id)));
    expect(legend?.entries.map((e) => e.color)).toEqual(['#2563eb', '#d7301f', '#7b3294']);
  });

  it('has no rows when no area is in the frame', () => {
    expect(areaLegend(areas.map((area) => ({ area, count: 1 })), [100, 20, 101, 21])).toBeNull();
  });
});
