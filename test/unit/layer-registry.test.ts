import type { Layer } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import { MISSING_CODE, placeRoles } from '../../native/contract/index.js';
import { defaultLayers } from '../../native/contract/layer-migrations.js';
import type { Area, FieldColumn, LayerConfig, PlaceColumns, PlaceRole, Site } from '../../native/contract/index.js';
import { en, zhCN } from '../../renderer/i18n/messages.js';
import type { MessageKey } from '../../renderer/i18n/messages.js';
import { classBreaks, classOf } from '../../renderer/map/layers/classify.js';
import { districtShapes } from '../../renderer/map/layers/district-shapes.js';
import { hexBins } from '../../renderer/map/layers/hexagon.js';
import { pairKey } from '../../renderer/map/layers/layer-context.js';
import type { DrawnCircle, LayerContext, PlacePairs } from '../../renderer/map/layers/layer-context.js';
import { layerTitle } from '../../renderer/map/layers/layer-title.js';
import { industryColors, UNCLASSIFIED_COLOR } from '../../renderer/map/layers/places-industry.js';
import { roleColors } from '../../renderer/map/layers/places-role.js';
import { drawnPoints, layerLegend, layersNeeds, layerRegistry, renderLayer } from '../../renderer/map/layers/registry.js';
import { distanceKm, ringCounts, ringPath } from '../../renderer/map/layers/sites.js';
import { buildAreaLayers } from '../../renderer/map/area-layers.js';
import { topLabels } from '../../renderer/map/layers/labels.js';
import { LabelCandidates } from '../../renderer/map/label-placement.js';
import { templateLayers } from '../../renderer/map/layers/templates.js';
import { sameInputs } from '../../renderer/map/layers/use-layer-stack.js';

/*
 * The registry's pure functions over hand-made columns: colours, classes, legend counts (checked against
 * counts made here independently), and the binary-attribute contract (positions never rebuilt).
 */

const t = (key: MessageKey, vars?: Record<string, string | number>): string => zhCN[key].replace(/\{(\w+)\}/g, (w, n: string) => String(vars?.[n] ?? w));

/** A deterministic pseudo-random sequence, so the data is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const N = 2000;
const rnd = lcg(7);
const positions = new Float32Array(N * 2);
const roles = new Uint8Array(N);
const ids = new Uint32Array(N);
for (let i = 0; i < N; i++) {
  positions[2 * i] = 120.0 + rnd() * 0.4;
  positions[2 * i + 1] = 30.1 + rnd() * 0.3;
  roles[i] = i % 3;
  ids[i] = i + 1;
}
const columns: PlaceColumns = { count: N, positions, roles, ids };

function category(field: string, labels: string[], pick: (i: number) => number): FieldColumn {
  const codes = new Uint16Array(N);
  for (let i = 0; i < N; i++) codes[i] = pick(i);
  return { kind: 'category', field, codes, labels };
}

const industryLabels = ['信息传输、软件和信息技术服务业', '制造业', '金融业', '某种未知行业'];
const fields = new Map<string, FieldColumn>([
  ['industry', category('industry', industryLabels, (i) => (i % 11 === 0 ? MISSING_CODE : i % 4))],
  ['stage', category('stage', ['deals', 'visitors', 'competitors'], (i) => i % 5 === 0 ? 2 : i % 2)],
  ['area', { kind: 'number', field: 'area', values: Float32Array.from({ length: N }, (_, i) => (i % 17 === 0 ? NaN : 60 + ((i * 37) % 140))) }],
  ['community', category('community', ['桂花城', '春江花月', '金色海岸', '翠苑'], (i) => (i % 3 === 0 ? i % 4 : MISSING_CODE))],
  ['district', category('district', ['西湖区', '滨江区'], (i) => i % 2)],
  ['city', category('city', ['杭州市'], () => 0)],
]);
const sites: Site[] = [
  { id: 1, name: '本案', kind: 'project', lng: 120.2, lat: 30.2 },
  { id: 2, name: '竞品', kind: 'competitor', lng: 120.25, lat: 30.22 },
];
const pairs = new Map<string, PlacePairs>([[pairKey('home', 'work'), { from: Uint32Array.from({ length: 300 }, (_, k) => 3 * k), to: Uint32Array.from({ length: 300 }, (_, k) => 3 * k + 1) }]]);

function square(lng: number, lat: number, d: number): number[][][] {
  return [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]];
}
const districts = districtShapes({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { name: '西湖区', city: '杭州市', adcode: '330106' }, geometry: { type: 'Polygon', coordinates: square(120, 30.1, 0.2) } },
    { type: 'Feature', properties: { name: '滨江区', city: '杭州市', adcode: '330108' }, geometry: { type: 'Polygon', coordinates: square(120.2, 30.1, 0.2) } },
  ],
});

function ctx(patch: Partial<LayerContext> = {}): LayerContext {
  return { columns, fields, mapMask: null, sites, districts, circles: [], pairs, lang: 'zh-CN', t, ...patch };
}

/** The binary attributes a deck layer was given. */
function attributes(layer: Layer | undefined): Record<string, { value: ArrayLike<number> }> {
  const data = layer?.props.data as { attributes: Record<string, { value: ArrayLike<number> }> };
  return data.attributes;
}

function colorOf(layer: Layer | undefined, i: number): number[] {
  const c = attributes(layer).getFillColor?.value ?? [];
  return [c[4 * i] ?? -1, c[4 * i + 1] ?? -1, c[4 * i + 2] ?? -1, c[4 * i + 3] ?? -1];
}

/** Place i's colour in a points layer of these roles: it holds only their places, in column order; null = not drawn. */
function colorOfPlace(layer: Layer | undefined, i: number, layerRoles: readonly PlaceRole[]): number[] | null {
  const drawn = (j: number): boolean => layerRoles.includes(placeRoles[roles[j] ?? 0] ?? 'home');
  if (!drawn(i)) return null;
  let k = 0;
  for (let j = 0; j < i; j++) if (drawn(j)) k++;
  return colorOf(layer, k);
}

const roleLayer = (roles: PlaceRole[], extra: Partial<LayerConfig> = {}): LayerConfig => ({ ...layerRegistry['places-role'].defaults('r', '点位'), roles, ...extra }) as LayerConfig;

describe('the layer stack', () => {
  it('keeps a layer whose inputs did not change when an unrelated column arrives, and redoes one that reads it', () => {
    const before = ctx();
    const more = new Map(fields);
    more.set('gender', category('gender', ['男', '女'], (i) => i % 2));
    const after = ctx({ fields: more });
    const byRole = roleLayer([...placeRoles]);
    const byGender = { ...layerRegistry['places-field'].defaults('g', '性别'), field: 'gender' } as LayerConfig;
    expect(sameInputs(byRole, before, after)).toBe(true);
    expect(sameInputs(byGender, before, after)).toBe(false);
    // The map filter touches every layer.
    expect(sameInputs(byRole, before, ctx({ mapMask: new Uint8Array(N).fill(1) }))).toBe(false);
  });
});

describe('places by role', () => {
  it('colours each place by its role and draws only the roles it shows', () => {
    const layer = renderLayer(roleLayer(['home', 'work']), ctx())[0];
    expect(colorOfPlace(layer, 0, ['home', 'work'])).toEqual([...roleColors.home, 255]);
    expect(colorOfPlace(layer, 1, ['home', 'work'])).toEqual([...roleColors.work, 255]);
    expect(colorOfPlace(layer, 2, ['home', 'work'])).toBeNull();
    // Leisure places are not in the layer at all: three role layers draw each point once, not three times.
    expect(attributes(layer).getPosition?.value.length).toBe(2 * Array.from(roles).filter((r) => r !== 2).length);
  });

  it('counts per role in the legend equal counts made independently, after the map filter and its own', () => {
    const mapMask = Uint8Array.from({ length: N }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const config = roleLayer([...placeRoles], { filter: { stages: ['deals'] } });
    const legend = layerLegend(config, ctx({ mapMask }));
    const stage = fields.get('stage');
    const expected = [0, 0, 0];
    for (let i = 0; i < N; i++) {
      const r = roles[i] ?? 0;
      if (mapMask[i] === 1 && stage?.kind === 'category' && stage.codes[i] === 0) expected[r] = (expected[r] ?? 0) + 1;
    }
    expect(legend.map((e) => e.count)).toEqual(expected);
    expect(legend.map((e) => e.label)).toEqual(['住家', '工作', '娱乐']);
    expect(layersNeeds([config]).fields).toEqual(['stage']);
  });

  it('recolours and filters without rebuilding positions: the same typed array reaches deck.gl every time', () => {
    const a = renderLayer(roleLayer(['home']), ctx())[0];
    const b = renderLayer(roleLayer(['home'], { filter: { stages: ['deals'] } }), ctx())[0];
    // deck.gl compares the attribute object itself: a new wrapper round the same array uploads it again.
    expect(attributes(b).getPosition).toBe(attributes(a).getPosition);
    expect(attributes(b).getPosition?.value).toBe(attributes(a).getPosition?.value);
    expect(attributes(a).getFillColor?.value).not.toEqual(attributes(b).getFillColor?.value);
    // All roles: the columns' own array.
    expect(attributes(renderLayer(roleLayer([...placeRoles]), ctx())[0]).getPosition?.value).toBe(positions);
  });
});

describe('places by industry', () => {
  const config = layerRegistry['places-industry'].defaults('i', '行业');

  it('uses the fixed section palette whatever order the project lists its industries in', () => {
    const reordered = new Map(fields);
    // Another project: the same industries, counted in another order.
    reordered.set('industry', category('industry', ['金融业', '制造业', '信息传输、软件和信息技术服务业', '某种未知行业'], (i) => (i % 11 === 0 ? MISSING_CODE : [2, 1, 0, 3][i % 4] ?? 0)));
    for (const c of [ctx(), ctx({ fields: reordered })]) {
      const layer = renderLayer(config, c)[0];
      // Place 4 works in 信息传输… (I), place 1 in 制造业 (C), in both projects.
      expect(colorOfPlace(layer, 4, ['work'])?.slice(0, 3)).toEqual([...industryColors.I]);
      expect(colorOfPlace(layer, 1, ['work'])?.slice(0, 3)).toEqual([...industryColors.C]);
    }
  });

  it('puts unknown and missing industries under 未分类, with counts per section', () => {
    const legend = layerLegend(config, ctx());
    const counts = new Map<string, number>();
    const col = fields.get('industry');
    for (let i = 0; i < N; i++) {
      if (roles[i] !== 1 || col?.kind !== 'category') continue;
      const code = col.codes[i] ?? MISSING_CODE;
      const label = code === MISSING_CODE || code === 3 ? '未分类' : (industryLabels[code] ?? '');
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    expect(Object.fromEntries(legend.map((e) => [e.label, e.count]))).toEqual(Object.fromEntries(counts));
    expect(legend[legend.length - 1]?.color).toEqual(UNCLASSIFIED_COLOR);
  });

  it('gives all twenty sections distinct colours', () => {
    expect(new Set(Object.values(industryColors).map((c) => c.join(','))).size).toBe(20);
  });
});

describe('places by field', () => {
  const base = layerRegistry['places-field'].defaults('f', '字段');

  it('categorical: the most frequent values get colours, the rest share 其他, counts per class match', () => {
    const config = { ...base, field: 'stage', roles: [...placeRoles], classes: 2 } as LayerConfig;
    const legend = layerLegend(config, ctx());
    let deals = 0;
    let visitors = 0;
    for (let i = 0; i < N; i++) {
      if (i % 5 === 0) continue;
      if (i % 2 === 0) deals++;
      else visitors++;
    }
    // Stages are named as planners name them (成交客户 …), not by their stored codes.
    const top = deals >= visitors ? [t('import.stage.deals'), deals] : [t('import.stage.visitors'), visitors];
    expect(legend[0]).toMatchObject({ label: top[0], count: top[1] });
    expect(legend.find((e) => e.label === '其他')?.count).toBe(N - (top[1] as number));
  });

  for (const scheme of ['quantile', 'equal', 'ckmeans'] as const) {
    it(`graduated (${scheme}): every valued place in exactly one class, consistent with the breaks`, () => {
      const config = { ...base, field: 'area', roles: ['home', 'work'], scheme, classes: 4, palette: 'blues' } as LayerConfig;
      const legend = layerLegend(config, ctx());
      const area = fields.get('area');
      if (area?.kind !== 'number') throw new Error('area column');
      const shown: number[] = [];
      let noValue = 0;
      for (let i = 0; i < N; i++) {
        if (roles[i] === 2) continue;
        const v = area.values[i] ?? NaN;
        if (Number.isNaN(v)) noValue++;
        else shown.push(v);
      }
      const b = classBreaks(Float64Array.from(shown).sort(), scheme, 4);
      const perClass = new Array<number>(b.breaks.length + 1).fill(0);
      for (const v of shown) {
        const c = classOf(b.breaks, v);
        perClass[c] = (perClass[c] ?? 0) + 1;
      }
      expect(legend.filter((e) => e.label !== '无值').map((e) => e.count)).toEqual(perClass.filter((n) => n > 0));
      expect(legend.find((e) => e.label === '无值')?.count).toBe(noValue);
      expect(b.breaks.length).toBeGreaterThan(0);
      for (let k = 1; k < b.breaks.length; k++) expect(b.breaks[k]).toBeGreaterThan(b.breaks[k - 1] ?? Infinity);
    });
  }

  it('equal intervals cut the range evenly', () => {
    const b = classBreaks(Float64Array.from([0, 10, 20, 40]), 'equal', 4);
    expect(b.breaks).toEqual([10, 20, 30]);
    expect(classOf(b.breaks, 10)).toBe(1);
    expect(classOf(b.breaks, 9.99)).toBe(0);
  });

  it('sizes points by a number field and asks for both columns', () => {
    const config = { ...base, field: 'stage', sizeField: 'area' } as LayerConfig;
    const layer = renderLayer(config, ctx())[0];
    const radii = attributes(layer).getRadius?.value ?? [];
    expect(radii.length).toBe(Array.from(roles).filter((r) => r === 0).length);
    expect(Math.max(...Array.from(radii))).toBeGreaterThan(Math.min(...Array.from(radii)));
    expect(layersNeeds([config]).fields.sort()).toEqual(['area', 'stage']);
  });
});

describe('area layers', () => {
  it('hexagon bins hold every shown place once, each in the bin whose centre is nearest', () => {
    const shown = Uint8Array.from(roles, (r) => (r === 0 ? 1 : 0));
    const bins = hexBins(columns, shown, 1500);
    const total = Array.from(bins.counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(shown.reduce((a, b) => a + b, 0));
    // Independent check: nearest centre (in metres) for a sample of places.
    let latSum = 0;
    for (let i = 0; i < N; i++) if (shown[i] === 1) latSum += positions[2 * i + 1] ?? 0;
    const kx = 111_320 * Math.cos(((latSum / shown.reduce((a, b) => a + b, 0)) * Math.PI) / 180);
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      if (shown[i] !== 1) continue;
      let best = -1;
      let bestD = Infinity;
      for (let b = 0; b < bins.count; b++) {
        const dx = ((bins.centres[2 * b] ?? 0) - (positions[2 * i] ?? 0)) * kx;
        const dy = ((bins.centres[2 * b + 1] ?? 0) - (positions[2 * i + 1] ?? 0)) * 110_574;
        const d = dx * dx + dy * dy;
        if (d < bestD) {
          bestD = d;
          best = b;
        }
      }
      counts.set(best, (counts.get(best) ?? 0) + 1);
    }
    let same = 0;
    for (let b = 0; b < bins.count; b++) if (counts.get(b) === bins.counts[b]) same++;
    expect(same).toBe(bins.count);
    const legend = layerLegend(layerRegistry.hexagon.defaults('h', '网格'), ctx());
    expect(legend.reduce((s, e) => s + (e.count ?? 0), 0)).toBe(total);
  });

  it('district choropleth counts each district\'s places of the role (and shares sum to 100%)', () => {
    const config = layerRegistry['district-choropleth'].defaults('d', '区县');
    const legend = layerLegend(config, ctx());
    const homes = Array.from(roles).filter((r) => r === 0).length;
    expect(legend.reduce((s, e) => s + (e.count ?? 0), 0)).toBe(homes);
    const layer = renderLayer(config, ctx())[0];
    expect((layer?.props.data as unknown[]).length).toBe(2);
    const share = layerLegend({ ...config, measure: 'share' }, ctx());
    expect(share.map((e) => e.label).join(' ')).toMatch(/%/);
  });

  it('heat map weights shown places 1 and others 0 over the same positions', () => {
    const layer = renderLayer(layerRegistry.heatmap.defaults('h', '热力'), ctx())[0];
    const w = attributes(layer).getWeight?.value ?? [];
    expect(attributes(layer).getPosition?.value).toBe(positions);
    expect(Array.from(w).reduce((a, b) => a + b, 0)).toBe(Array.from(roles).filter((r) => r === 0).length);
  });
});

describe('arcs, labels and sites', () => {
  it('arcs join pairs whose both ends pass the map filter', () => {
    const config = layerRegistry.arcs.defaults('a', '职住');
    expect(layerLegend(config, ctx())[0]?.count).toBe(300);
    const mapMask = Uint8Array.from({ length: N }, (_, i) => (i < 300 ? 0 : 1));
    // Pairs (3k, 3k+1) with 3k < 300 are cut: k < 100.
    expect(layerLegend(config, ctx({ mapMask }))[0]?.count).toBe(200);
    expect(layersNeeds([config]).pairs).toEqual([['home', 'work']]);
  });

  it('labels name the top communities at the mean position of their homes', () => {
    const config = { ...layerRegistry.labels.defaults('l', '小区'), top: 2 } as LayerConfig;
    const layer = renderLayer(config, ctx())[0];
    // Handed to the map's one label placement as candidates, most places first.
    expect(layer).toBeInstanceOf(LabelCandidates);
    const candidates = (layer as LabelCandidates).props.labels;
    const data = topLabels(config as Extract<LayerConfig, { type: 'labels' }>, ctx());
    expect(candidates.map((c) => [c.text, c.position])).toEqual(data.map((d) => [d.text, d.position]));
    expect(data).toHaveLength(2);
    const col = fields.get('community');
    if (col?.kind !== 'category') throw new Error('community column');
    const first = data[0];
    let n = 0;
    let sx = 0;
    for (let i = 0; i < N; i++) {
      if (roles[i] !== 0 || col.labels[col.codes[i] ?? MISSING_CODE] !== first?.text) continue;
      n++;
      sx += positions[2 * i] ?? 0;
    }
    expect(first?.count).toBe(n);
    expect(first?.position[0]).toBeCloseTo(sx / n, 6);
    expect((data[0]?.count ?? 0) >= (data[1]?.count ?? 0)).toBe(true);
  });

  it('sites draw rings round 本案 at the given km', () => {
    const config = layerRegistry.sites.defaults('s', '本案');
    const layers = renderLayer(config, ctx());
    const rings = layers.find((l) => l.id.endsWith(':rings'))?.props.data as Array<{ path: Array<[number, number]> }>;
    expect(rings).toHaveLength(3);
    const east = ringPath(120.2, 30.2, 3)[24] ?? [0, 0];
    expect((east[0] - 120.2) * 111_320 * Math.cos((30.2 * Math.PI) / 180)).toBeCloseTo(3000, -1);
    // 本案, 竞品, then one row per ring with homes in its band and within it (counted in test/engine/ring-counts.test.ts against SQL).
    const legend = layerLegend(config, ctx());
    expect(legend.map((e) => e.count)).toEqual([1, 1, null, null, null]);
    expect(legend.filter((e) => e.shape === 'ring').map((e) => e.label.split('：')[0])).toEqual(['1 公里圈', '3 公里圈', '5 公里圈']);
  });

  it('draws each ring once: a 辐射区 circle round 本案 replaces the layer\'s own ring and names its legend row', () => {
    const config = layerRegistry.sites.defaults('s', '本案');
    // 辐射区 made 1, 2 and 3 km round 本案 (2 km is not among the layer's radii); 区域A is a circle elsewhere.
    const around = (name: string, km: number, lng = 120.2): DrawnCircle => ({ name, lng, lat: 30.2, radiusM: km * 1000, color: [215, 48, 31] });
    const circles = [around('本案1公里', 1), around('本案2公里', 2), around('本案3公里 · A', 3), around('区域A', 3, 120.3)];
    const areas: Area[] = circles.map((c, i) => ({ id: i + 1, name: c.name, grade: null, color: '#d7301f', notes: null, team: null, kind: 'circle', center: { lng: c.lng, lat: c.lat }, radiusM: c.radiusM, ring: ringPath(c.lng, c.lat, c.radiusM / 1000), hidden: false }));
    const drawn = [...buildAreaLayers(areas, { byGrade: false, editingId: null, selectedId: null }), ...renderLayer(config, ctx({ circles }))];
    // Every outline drawn round 本案: the areas' polygons and the layer's ring paths, by radius.
    const outlines: number[] = [];
    for (const layer of drawn) {
      const data: unknown = layer.props.data;
      if (!Array.isArray(data)) continue;
      for (const d of data as Array<{ ring?: Array<[number, number]>; path?: Array<[number, number]> }>) {
        const line = d.ring ?? d.path ?? [];
        const mid = [line.reduce((x, p) => x + p[0], 0) / line.length, line.reduce((y, p) => y + p[1], 0) / line.length] as const;
        const first = line[0];
        if (first === undefined || distanceKm(120.2, 30.2, mid[0], mid[1]) > 0.2) continue;
        outlines.push(Math.round(distanceKm(120.2, 30.2, first[0], first[1]) * 10) / 10);
      }
    }
    expect(outlines.sort((a, b) => a - b)).toEqual([1, 2, 3, 5]);
    const rows = layerLegend(config, ctx({ circles })).filter((e) => e.shape === 'ring');
    expect(rows.map((e) => e.label.split('：')[0])).toEqual(['本案1公里', '本案2公里', '本案3公里 · A', '5 公里圈']);
    expect(rows[2]?.color).toEqual([215, 48, 31]);
    // Bands follow the rings drawn: 0–1, 1–2, 2–3, 3–5 km, the cumulative count of the last equal to homes within 5 km.
    const counts = ringCounts(sites[0] ?? { lng: 0, lat: 0 }, [1, 2, 3, 5], ctx());
    expect(rows[3]?.label).toBe(`5 公里圈：3–5 公里住家 ${counts[3]?.band ?? -1} 户，5 公里内累计 ${counts[3]?.cumulative ?? -1} 户`);
    expect(counts.reduce((s, c) => s + c.band, 0)).toBe(counts[3]?.cumulative);
  });
});

describe('the layer list', () => {
  it('counts places drawn by any visible point layer once, hidden layers not at all', () => {
    const list = [roleLayer(['home']), { ...roleLayer(['home', 'work']), id: 'r2' }, { ...roleLayer(['leisure']), id: 'r3', visible: false }] as LayerConfig[];
    const drawn = drawnPoints(list, ctx());
    expect(drawn.reduce((a, b) => a + b, 0)).toBe(Array.from(roles).filter((r) => r !== 2).length);
    expect(renderLayer(list[2] as LayerConfig, ctx())).toEqual([]);
  });

  it('templates make 地图1 and 地图2 from ordinary layers with unique ids', () => {
    const map1 = templateLayers('map1', t, sites);
    expect(map1.map((l) => l.type)).toEqual(['places-role', 'places-role', 'labels', 'sites']);
    const map2 = templateLayers('map2', t, sites);
    expect(map2.map((l) => l.type)).toEqual(['places-industry', 'sites']);
    for (const list of [map1, map2]) expect(new Set(list.map((l) => l.id)).size).toBe(list.length);
  });

  it('draws a print page’s overview inset as small plain dots: no names, no 本案, no sized discs', () => {
    for (const id of ['map1', 'map2'] as const) {
      const inset = templateLayers(id, t, sites, { siteMarker: true, inset: true });
      expect(inset.length).toBeGreaterThan(0);
      for (const layer of inset) expect(layer).toMatchObject({ type: 'places-role', symbols: 'points' });
      expect(inset.flatMap((l) => (l.type === 'places-role' ? l.roles : []))).toEqual(id === 'map1' ? ['work', 'home'] : ['work']);
    }
  });
});

describe('layer titles', () => {
  it('shows the untouched default layers in the UI language and a typed name as typed', () => {
    const english = (key: MessageKey): string => en[key];
    const defaults = defaultLayers([]);
    expect(defaults.map((l) => layerTitle(l, english))).toEqual(['Home', 'Work', 'Leisure', 'Project and competitors']);
    expect(defaults.map((l) => layerTitle(l, t))).toEqual(defaults.map((l) => l.name));
    const home = defaults[0] as LayerConfig;
    expect(layerTitle({ ...home, name: '业主住家' }, english)).toBe('业主住家');
    // Another layer that happens to be called 住家 is the user's name, not a default.
    expect(layerTitle({ id: 'layer-7', name: '住家' }, english)).toBe('住家');
  });
});
