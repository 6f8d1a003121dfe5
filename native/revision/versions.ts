import type { z } from 'zod';
import { KetuError } from '../contract/errors.js';
import { mapSettingsSchema } from '../contract/layers.js';
import { MAP_VERSION_FORMAT, mapVersionSchema, mapViewSchema } from '../contract/revision.js';
import type { MapVersion, VersionArea, VersionSummary } from '../contract/revision.js';
import { PlaceGrid } from '../analysis/area-count.js';
import { ranking } from '../analysis/rankings.js';
import type { ProjectStore } from '../store/project-store.js';
import type { VersionRow } from '../store/revision-store.js';

/** The rankings a version keeps as they stood (top 10 each). */
const keptRankings = ['district', 'community', 'industry'] as const;

/** What the snapshot JSON holds besides the columns of map_versions; parsed back on every read. */
const snapshotSchema = mapVersionSchema.pick({ layers: true, settings: true, view: true, batches: true, figures: true }).extend({ settings: mapSettingsSchema, view: mapViewSchema.nullable() });
type Snapshot = z.infer<typeof snapshotSchema>;

function summary(row: VersionRow): VersionSummary {
  return { id: row.id, name: row.name, createdAt: row.createdAt, format: row.format, customers: row.customers, areas: row.areas };
}

/** A version by id or name, or a message listing the names there are. */
function findVersion(store: ProjectStore, ref: number | string): VersionRow {
  const rows = store.revision.versions();
  const row = typeof ref === 'number' ? rows.find((v) => v.id === ref) : rows.find((v) => v.name === ref);
  if (row === undefined) throw new KetuError('INVALID_PARAMS', `没有名为「${String(ref)}」的地图版本；现有版本：${rows.map((v) => v.name).join('、') || '（无）'}`);
  return row;
}

/** Saves the map as it stands: layers, filter, areas, basemap, view, figures and the batches behind it. */
export function saveVersion(store: ProjectStore, name: string, view: MapVersion['view'], now: Date = new Date()): VersionSummary {
  return saveVersionWith(store, name, view, store.areas.list(), now);
}

/**
 * The live map's layers, filter, basemap and batches with the given areas (the live ones, or a revised list);
 * the figures are counted for those areas. One transaction (insertVersion).
 */
export function saveVersionWith(store: ProjectStore, name: string, view: MapVersion['view'], areas: readonly VersionArea[], now: Date = new Date()): VersionSummary {
  if (store.revision.versions().some((v) => v.name === name)) throw new KetuError('INVALID_PARAMS', `已有名为「${name}」的地图版本，请换一个名称`);
  const settings = store.mapSettings.read();
  const filter = settings.filter;
  const places = store.areas.placesForCounting('role', filter, settings.areaBands);
  const grid = new PlaceGrid(places);
  const snapshot: Snapshot = {
    layers: store.layers.read() ?? [],
    settings,
    view,
    batches: store.revision.batchCustomers(filter),
    figures: {
      areaCounts: areas.map((a) => {
        const n = grid.inside(a.ring).length;
        return { id: a.id, name: a.name, places: n, share: places.count === 0 ? 0 : n / places.count };
      }),
      rankings: Object.fromEntries(keptRankings.map((by) => [by, ranking(store, by, 10, filter).rows])),
    },
  };
  const id = store.revision.insertVersion({ name, format: MAP_VERSION_FORMAT, createdAt: now.toISOString(), customers: store.revision.customerCount(filter), snapshot: JSON.stringify(snapshot) }, areas);
  return summary(findVersion(store, id));
}

export function listVersions(store: ProjectStore): VersionSummary[] {
  return store.revision.versions().map(summary);
}

/** A saved version, read-only; one written by a newer KeTu is refused rather than half understood. */
export function getVersion(store: ProjectStore, ref: number | string): MapVersion {
  const row = findVersion(store, ref);
  if (row.format > MAP_VERSION_FORMAT) {
    throw new KetuError('VERSION_TOO_NEW', `地图版本「${row.name}」由更新版本的 KeTu 保存（版本格式 ${row.format}，本程序支持 ${MAP_VERSION_FORMAT}），请升级 KeTu 后再打开`, {
      version: row.name,
      format: row.format,
      supportedFormat: MAP_VERSION_FORMAT,
    });
  }
  let snapshot: Snapshot;
  try {
    snapshot = snapshotSchema.parse(JSON.parse(row.snapshot));
  } catch {
    throw new KetuError('PROJECT_CORRUPT', `地图版本「${row.name}」的内容无法读取`, { version: row.name });
  }
  return { ...summary(row), ...snapshot, areaList: store.revision.versionAreas(row.id) };
}

export function renameVersion(store: ProjectStore, ref: number | string, name: string): VersionSummary {
  const row = findVersion(store, ref);
  if (row.name !== name && store.revision.versions().some((v) => v.name === name)) throw new KetuError('INVALID_PARAMS', `已有名为「${name}」的地图版本，请换一个名称`);
  store.revision.renameVersion(row.id, name);
  return summary(findVersion(store, row.id));
}

export function removeVersion(store: ProjectStore, ref: number | string): boolean {
  return store.revision.removeVersion(findVersion(store, ref).id);
}
