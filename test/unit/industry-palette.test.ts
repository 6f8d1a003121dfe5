import { describe, expect, it } from 'vitest';
import { industrySections } from '../../native/contract/industry-sections.js';
import { ciede2000, deltaE, lightness } from '../../renderer/map/layers/color-difference.js';
import { industryColors, UNCLASSIFIED_COLOR } from '../../renderer/map/layers/places-industry.js';

// 地图2 is read by colour alone: two sections a reader cannot tell apart would merge on the page.
describe('the industry palette', () => {
  it('computes CIEDE2000 as Sharma, Wu & Dalal tabulate it', () => {
    // Pairs 1, 7 and 17 of their test data.
    expect(ciede2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 4);
    expect(ciede2000([50, 0, 0], [50, -1, 2])).toBeCloseTo(2.3669, 4);
    expect(ciede2000([2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514])).toBeCloseTo(0.9082, 4);
  });

  it('keeps every pair of the 20 GB/T sections at ΔE00 ≥ 15, and apart from the unclassified grey', () => {
    const codes = industrySections.map((s) => s.code);
    let worst = { d: Infinity, pair: '' };
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        const a = codes[i] ?? 'A';
        const b = codes[j] ?? 'A';
        const d = deltaE(industryColors[a], industryColors[b]);
        if (d < worst.d) worst = { d, pair: `${a}/${b}` };
      }
    }
    expect(worst.d, `closest pair ${worst.pair}`).toBeGreaterThanOrEqual(15);
    for (const c of codes) expect(deltaE(industryColors[c], UNCLASSIFIED_COLOR), c).toBeGreaterThanOrEqual(10);
  });

  it('draws 制造业 and 房地产业 in clearly different colours', () => {
    expect(deltaE(industryColors.C, industryColors.K)).toBeGreaterThanOrEqual(25);
  });

  it('gives the four most common sections (I, C, F, J) lightnesses a greyscale print tells apart', () => {
    const l = (['I', 'C', 'F', 'J'] as const).map((c) => lightness(industryColors[c])).sort((a, b) => a - b);
    // I and C share a lightness; their hue tells them apart on screen, and F and J stay distinct in grey.
    expect((l[3] ?? 0) - (l[0] ?? 0)).toBeGreaterThanOrEqual(20);
    expect(new Set(l.map((v) => Math.round(v / 6))).size).toBeGreaterThanOrEqual(3);
  });
});
