import { z } from 'zod';
import { KetuError } from './errors.js';
import { LAYER_CONFIG_VERSION, layerConfigSchema } from './layers.js';
import type { LayerConfig } from './layers.js';
import { placeRoles } from './methods.js';
import type { Site } from './methods.js';

/*
 * Saved layers load through chained pure migrations (kepler.gl's vis-state loaders): a row of the `layers`
 * table holds `{ "version": N, "config": {...} }`; config vN goes through vN→vN+1 … up to LAYER_CONFIG_VERSION.
 * A config written by a newer KeTu is refused, never dropped: dropping it would lose it at the next save.
 */

/**
 * Version 1, the first layer format: three kinds only. Points were coloured by `colorBy` (role, industry or
 * a field name), opacity was a percentage, rings were metres and a layer was `hidden` rather than `visible`.
 */
const layerV1Base = { id: z.string().min(1).max(64), title: z.string().min(1).max(100), hidden: z.boolean(), opacity: z.number().min(0).max(100) };
export const layerConfigV1Schema = z.discriminatedUnion('type', [
  z.object({ ...layerV1Base, type: z.literal('points'), colorBy: z.string().min(1), roles: z.array(z.enum(placeRoles)), size: z.number().min(0.5).max(40) }),
  z.object({ ...layerV1Base, type: z.literal('heat'), roles: z.array(z.enum(placeRoles)), radius: z.number().min(1).max(200) }),
  z.object({ ...layerV1Base, type: z.literal('sites'), showCompetitors: z.boolean(), rings: z.array(z.number().positive()).max(10) }),
]);
export type LayerConfigV1 = z.infer<typeof layerConfigV1Schema>;

/** What a `layers` row holds. */
export const savedLayerSchema = z.object({ version: z.number().int().min(1), config: z.unknown() });
export type SavedLayer = z.infer<typeof savedLayerSchema>;

/** v1 → v2: the nine layer types of version 2; `colorBy` picks the type, units become fractions and km. */
export function migrateV1toV2(v1: LayerConfigV1): LayerConfig {
  const base = { id: v1.id, name: v1.title, visible: !v1.hidden, opacity: v1.opacity / 100 };
  switch (v1.type) {
    case 'points':
      if (v1.colorBy === 'role') return { ...base, type: 'places-role', roles: v1.roles, radiusPixels: v1.size };
      if (v1.colorBy === 'industry') return { ...base, type: 'places-industry', roles: v1.roles, radiusPixels: v1.size };
      return { ...base, type: 'places-field', roles: v1.roles, field: v1.colorBy, scheme: 'categorical', classes: 6, palette: 'category10', radiusPixels: v1.size, sizeField: null };
    case 'heat':
      return { ...base, type: 'heatmap', roles: v1.roles, radiusPixels: v1.radius, intensity: 1 };
    case 'sites':
      return { ...base, type: 'sites', kinds: v1.showCompetitors ? ['project', 'competitor'] : ['project'], ringsKm: v1.rings.map((m) => m / 1000) };
  }
}

/** Each entry takes a config of version `from` (already parsed by its schema) to the next version. */
const steps: ReadonlyArray<{ from: number; schema: z.ZodType; up(config: never): unknown }> = [{ from: 1, schema: layerConfigV1Schema, up: migrateV1toV2 }];

function invalid(index: number, detail: string): KetuError {
  return new KetuError('PROJECT_CORRUPT', `项目文件中的第 ${index + 1} 个图层设置无法读取（${detail}）`, { layer: index });
}

/**
 * One saved layer, brought to LAYER_CONFIG_VERSION. `index` names the layer in errors.
 * Throws LAYER_TOO_NEW for a layer saved by a newer KeTu and PROJECT_CORRUPT for one that does not parse.
 */
export function migrateLayer(saved: unknown, index = 0): LayerConfig {
  const row = savedLayerSchema.safeParse(saved);
  if (!row.success) throw invalid(index, '缺少版本号');
  let { version } = row.data;
  let config = row.data.config;
  if (version > LAYER_CONFIG_VERSION) {
    throw new KetuError('LAYER_TOO_NEW', `第 ${index + 1} 个图层由更新版本的 KeTu 保存（图层版本 ${version}，本程序支持 ${LAYER_CONFIG_VERSION}），请升级 KeTu 后再打开`, {
      layer: index,
      layerVersion: version,
      supportedVersion: LAYER_CONFIG_VERSION,
    });
  }
  while (version < LAYER_CONFIG_VERSION) {
    const step = steps.find((s) => s.from === version);
    if (step === undefined) throw invalid(index, `不认识的图层版本 ${version}`);
    const parsed = step.schema.safeParse(config);
    if (!parsed.success) throw invalid(index, `版本 ${version}：${parsed.error.issues[0]?.message ?? ''}`);
    config = step.up(parsed.data as never);
    version++;
  }
  const current = layerConfigSchema.safeParse(config);
  if (!current.success) throw invalid(index, current.error.issues[0]?.message ?? '');
  return current.data;
}

/** What `layers.save` writes for one layer. */
export function saveLayer(config: LayerConfig): SavedLayer {
  return { version: LAYER_CONFIG_VERSION, config };
}

/** Default rings round 本案, in km: the walk, the drive and the district a planner quotes first. */
export const DEFAULT_RINGS_KM = [1, 3, 5];

/**
 * The names of the default layers as stored. The workbench shows them in its own language while they are
 * unchanged (renderer/map/layers/layer-title.ts); a name the user typed is shown as typed.
 */
export const DEFAULT_LAYER_NAMES = { home: '住家', work: '工作', leisure: '娱乐', sites: '本案与竞品' } as const;

/**
 * A project with no saved layers: one layer per role (so each can be hidden alone) and the sites with rings.
 * Ids are the role names, which the workbench and its tests address.
 */
export function defaultLayers(sites: readonly Site[]): LayerConfig[] {
  const hasCompetitors = sites.some((s) => s.kind === 'competitor');
  return [
    { id: 'home', name: DEFAULT_LAYER_NAMES.home, type: 'places-role', visible: true, opacity: 0.86, roles: ['home'], radiusPixels: 3.5 },
    { id: 'work', name: DEFAULT_LAYER_NAMES.work, type: 'places-role', visible: true, opacity: 0.86, roles: ['work'], radiusPixels: 3.5 },
    { id: 'leisure', name: DEFAULT_LAYER_NAMES.leisure, type: 'places-role', visible: true, opacity: 0.86, roles: ['leisure'], radiusPixels: 3.5 },
    { id: 'sites', name: DEFAULT_LAYER_NAMES.sites, type: 'sites', visible: true, opacity: 1, kinds: hasCompetitors ? ['project', 'competitor'] : ['project'], ringsKm: DEFAULT_RINGS_KM },
  ];
}
