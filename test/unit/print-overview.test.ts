import { describe, expect, it } from 'vitest';
import { mercatorY, overviewMm } from '../../native/contract/print-layout.js';
import { overviewView } from '../../native/print/overview-view.js';

type Bounds = readonly [number, number, number, number];

/** The red box's share of the inset's width and height once `view` is fitted into it (Web Mercator, as MapLibre fits). */
function boxShare(view: Bounds, frame: Bounds, inset: { w: number; h: number }): { w: number; h: number } {
  const vw = view[2] - view[0];
  const vh = (mercatorY(view[3]) - mercatorY(view[1])) * (180 / Math.PI);
  const scale = Math.min(inset.w / vw, inset.h / vh);
  return { w: ((frame[2] - frame[0]) * scale) / inset.w, h: ((mercatorY(frame[3]) - mercatorY(frame[1])) * (180 / Math.PI) * scale) / inset.h };
}

/* The overview inset of a printed map: wide enough that the frame's red box is a modest part of it. */
describe('the overview inset view', () => {
  // The demo's 地图1 on A3 landscape (its frame facts: 400 × 247.9 mm), and the places it was fitted to inside it.
  const frame: Bounds = [119.9116, 30.1223, 120.4273, 30.3983];
  const city: Bounds = [119.95, 30.14, 120.39, 30.38];
  const inset = overviewMm({ x: 0, y: 0, w: 400, h: 247.9 });

  it('shows 3× the frame when the frame covers the city, so the box takes about a third of the width', () => {
    const view = overviewView(frame, city);
    expect(view[2] - view[0]).toBeCloseTo(3 * (frame[2] - frame[0]), 6);
    expect(mercatorY(view[3]) - mercatorY(view[1])).toBeCloseTo(3 * (mercatorY(frame[3]) - mercatorY(frame[1])), 6);
    // Centred on the frame.
    expect((view[0] + view[2]) / 2).toBeCloseTo((frame[0] + frame[2]) / 2, 6);
    const share = boxShare(view, frame, inset);
    expect(Math.max(share.w, share.h)).toBeCloseTo(1 / 3, 2);
    expect(share.w * share.h).toBeLessThan(0.15);
    // The city alone (as the inset was framed before) leaves the box filling the inset.
    const before = boxShare([Math.min(frame[0], city[0]), Math.min(frame[1], city[1]), Math.max(frame[2], city[2]), Math.max(frame[3], city[3])], frame, inset);
    expect(before.w * before.h).toBeGreaterThan(0.6);
  });

  it('shows the whole city when it is wider than 3× the frame (an atlas page of one area)', () => {
    const area: Bounds = [120.10, 30.25, 120.12, 30.26];
    const view = overviewView(area, city);
    expect(view).toEqual([...city]);
    const share = boxShare(view, area, inset);
    expect(share.w).toBeLessThan(0.1);
  });
});
