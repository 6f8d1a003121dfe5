import { describe, expect, it } from 'vitest';
import { boxAt, boxesOverlap, circleLabelSpots, LABEL_PRIORITY, placeLabels, placementZoom, textWidth, worldPixel } from '../../renderer/map/label-placement.js';
import { ringPath } from '../../renderer/map/layers/sites.js';
import type { LabelBox, MapLabel } from '../../renderer/map/label-placement.js';

/*
 * The one label placement of the map: names that would touch are left out, by priority (本案 first, then the
 * names standing for the most places), and what is kept at one zoom still fits at every larger zoom.
 */

function label(key: string, text: string, lng: number, lat: number, priority: number, extra: Partial<MapLabel> = {}): MapLabel {
  return { key, text, position: [lng, lat], size: 13, color: [0, 0, 0], priority, anchor: 'center', offset: 0, ...extra };
}

// Two communities 500 m apart, as 文鼎苑 and 嘉绿苑 in the demo: at a city view their names would merge.
const wending = label('a', '文鼎苑', 120.1198, 30.2849, LABEL_PRIORITY.name + 86e-6);
const jialv = label('b', '嘉绿苑', 120.1252, 30.2852, LABEL_PRIORITY.name + 85e-6);

describe('label placement', () => {
  it('keeps the name of more places when two would overlap at a city view', () => {
    const placed = placeLabels([jialv, wending], 11);
    expect(placed.map((p) => p.label.text)).toEqual(['文鼎苑']);
  });

  it('keeps both once they stand apart, and their boxes do not intersect', () => {
    const placed = placeLabels([jialv, wending], 15);
    expect(placed.map((p) => p.label.text).sort()).toEqual(['嘉绿苑', '文鼎苑']);
    expect(boxesOverlap(placed[0]?.box ?? [0, 0, 0, 0], placed[1]?.box ?? [0, 0, 0, 0])).toBe(false);
  });

  it('never leaves 本案 out: a site outranks every name on top of it', () => {
    const site = label('s', '本案·九溪', 120.12, 30.285, LABEL_PRIORITY.project, { anchor: 'right', offset: 15, size: 15 });
    const placed = placeLabels([wending, jialv, site], 11);
    expect(placed[0]?.label.key).toBe('s');
  });

  it('shows counts only from their zoom on', () => {
    const count = label('c', '86', 120.1198, 30.2849, LABEL_PRIORITY.count, { minZoom: 13 });
    expect(placeLabels([count], 12.75)).toEqual([]);
    expect(placeLabels([count], 13).map((p) => p.label.text)).toEqual(['86']);
  });

  it('places 300 crowded names with no two boxes intersecting, and they still do not at a larger zoom', () => {
    const many: MapLabel[] = [];
    for (let i = 0; i < 300; i++) many.push(label(`n${i}`, `小区${i}`, 120.1 + ((i * 37) % 100) / 1000, 30.25 + ((i * 61) % 100) / 1000, LABEL_PRIORITY.name + i / 1e6));
    const z = placementZoom(12.9);
    const placed = placeLabels(many, z);
    expect(placed.length).toBeGreaterThan(10);
    expect(placed.length).toBeLessThan(300);
    // Boxes recomputed at a larger zoom: distances between points grow, text sizes do not.
    for (const zoom of [z, z + 0.2, z + 1.5]) {
      const boxes = placed.map((p) => {
        const [x, y] = worldPixel(p.position, zoom);
        const w = textWidth(p.label.text, p.label.size) / 2;
        return [x - w, y - 8, x + w, y + 8] as const;
      });
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(boxesOverlap(boxes[i] ?? [0, 0, 0, 0], boxes[j] ?? [0, 0, 0, 0]), `${i}/${j} at ${zoom}`).toBe(false);
    }
  });

  it('never keeps two names that reach across each other so closely that a quarter level in slides them together', () => {
    // A competitor's name to the right of its dot, and a circle's name to the left of a point 8.5 px right of
    // that dot: apart at the placement zoom, on top of each other a quarter level closer in.
    const zoom = 10.25;
    const dot: [number, number] = [120.11021, 30.16728];
    const competitor = label('c', '之江·春澜苑', dot[0], dot[1], LABEL_PRIORITY.competitor, { anchor: 'right', offset: 13, size: 14 });
    const area = label('a', '本案1公里', dot[0] + (8.5 / (512 * 2 ** zoom)) * 360, dot[1], LABEL_PRIORITY.area, { anchor: 'left', offset: 2, size: 14 });
    const boxesAt = (z: number): [LabelBox, LabelBox] => {
      const [b1, b2] = [competitor, area].map((l) => boxAt(l, ...worldPixel(l.position, z)));
      return [b1 ?? [0, 0, 0, 0], b2 ?? [0, 0, 0, 0]];
    };
    expect(boxesOverlap(...boxesAt(zoom))).toBe(false);
    expect(boxesOverlap(...boxesAt(zoom + 0.25))).toBe(true);
    expect(placeLabels([competitor, area], zoom).map((p) => p.label.key)).toEqual(['c']);
    // Names whose points lie in the order of their texts stay apart however far in: both kept.
    const beside = label('b', '本案1公里', dot[0] + (200 / (512 * 2 ** zoom)) * 360, dot[1], LABEL_PRIORITY.area, { anchor: 'right', offset: 2, size: 14 });
    expect(placeLabels([competitor, beside], zoom).map((p) => p.label.key)).toEqual(['c', 'b']);
  });

  it('rounds the zoom down to a quarter level, so a kept label never grows into a neighbour', () => {
    expect(placementZoom(12.99)).toBe(12.75);
    expect(placementZoom(13)).toBe(13);
  });

  // 本案 of the demo and circles round it, labelled as the ring and area layers label them: top first, then round.
  const site: [number, number] = [120.12023, 30.15829];
  const circleLabel = (key: string, text: string, km: number, priority: number): MapLabel => {
    const [top, ...alternatives] = circleLabelSpots(site, ringPath(site[0], site[1], km));
    return label(key, text, top?.position[0] ?? 0, top?.position[1] ?? 0, priority, { anchor: 'above', offset: 2, size: 14, alternatives, clearOfSymbols: true });
  };
  const discBox = (lng: number, lat: number, r: number, zoom: number): [number, number, number, number] => {
    const [x, y] = worldPixel([lng, lat], zoom);
    return [x - r, y - r, x + r, y + r];
  };

  it('keeps a ring name off a big disc lying on the ring top, and still on the ring', () => {
    const ring = circleLabel('r', '5 km', 5, LABEL_PRIORITY.ring);
    // A community of the demo drawn as a 20 px disc right where the 5 km ring crosses north (as 地图1 prints it).
    const disc = { positions: [ring.position[0], ring.position[1] + 0.004], radii: [20] };
    const zoom = 11.5;
    const alone = placeLabels([ring], zoom);
    expect(boxesOverlap(alone[0]?.box ?? [0, 0, 0, 0], discBox(disc.positions[0] ?? 0, disc.positions[1] ?? 0, 20, zoom))).toBe(true);
    const placed = placeLabels([ring], zoom, [disc]);
    expect(placed).toHaveLength(1);
    const p = placed[0];
    expect(boxesOverlap(p?.box ?? [0, 0, 0, 0], discBox(disc.positions[0] ?? 0, disc.positions[1] ?? 0, 20, zoom))).toBe(false);
    // The spot it moved to is a point of the 5 km ring.
    const [x, y] = worldPixel(p?.position ?? [0, 0], zoom);
    const [cx, cy] = worldPixel(site, zoom);
    const [, topY] = worldPixel(ring.position, zoom);
    expect(Math.hypot(x - cx, y - cy) / (cy - topY)).toBeCloseTo(1, 1);
  });

  it('puts a ring name on a disc only when every spot round the ring is covered', () => {
    const ring = circleLabel('r', '5 km', 5, LABEL_PRIORITY.ring);
    // One huge disc over the whole ring: the name is still drawn, at the top.
    const placed = placeLabels([ring], 11.5, [{ positions: site, radii: [400] }]);
    expect(placed.map((p) => p.position)).toEqual([ring.position]);
  });

  it('names each of three concentric circles at a city view, no two names overlapping', () => {
    const circles = [1, 2, 3].map((km) => circleLabel(`a${km}`, `本案${km}公里`, km, LABEL_PRIORITY.area));
    for (const zoom of [10.5, 11, 12]) {
      // Their tops lie a few pixels apart here: one name per circle all the same, each on its own circle.
      const placed = placeLabels(circles, zoom);
      expect(placed.map((p) => p.label.text).sort(), `zoom ${zoom}`).toEqual(['本案1公里', '本案2公里', '本案3公里']);
      for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) expect(boxesOverlap(placed[i]?.box ?? [0, 0, 0, 0], placed[j]?.box ?? [0, 0, 0, 0])).toBe(false);
    }
    // At the top of the circle wherever there is room: the outermost keeps its top.
    expect(placeLabels(circles, 11).find((p) => p.label.text === '本案3公里')?.anchor).toBe('above');
  });
});
