import { useCallback, useEffect, useState } from 'react';
import type { MapSettings, PlaceFieldInfo, PlaceColumns, PlaceFilter } from '../../../native/contract/index.js';
import { useEngine, useEngineQuery } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';

/** The filter of a project whose settings are not read yet: one object, so effects keyed on it stay quiet. */
const NO_FILTER: PlaceFilter = {};
/** Unreadable settings must not hide the map: start unfiltered. */
const FALLBACK: MapSettings = { filter: {}, areaBands: [90, 120, 144], basemap: 'bundled' };

export interface MapSettingsState {
  /** The map's filter, 面积段 and basemap as saved in the project; null until read. */
  settings: MapSettings | null;
  filter: PlaceFilter;
  save(patch: Partial<MapSettings>): void;
  /** What the project's places can be filtered by, read again whenever the points are. */
  fieldInfos: PlaceFieldInfo[] | null;
  /** Columns the filter bar and the layer editor show values of, fetched when they open. */
  barFields: readonly string[];
  wantFields(wanted: readonly string[]): void;
}

/** `columns`: the places whose fields to list; null until they should be read (see the workbench). */
export function useMapSettings(columns: PlaceColumns | null, toast: (message: string) => void): MapSettingsState {
  const { client, info } = useEngine();
  const { lang } = useI18n();
  const path = info?.path ?? null;
  // Read once per project: later edits are ours and applied at once, so a project change must not undo them.
  const read = useEngineQuery(path === null ? null : (c) => c.call('map.get', {}).catch(() => FALLBACK), [path], false);
  const [edited, setEdited] = useState<{ path: string | null; settings: MapSettings } | null>(null);
  const settings = edited !== null && edited.path === path ? edited.settings : read.pending ? null : read.data;
  const [barFields, setBarFields] = useState<readonly string[]>([]);
  useEffect(() => setBarFields([]), [path]);
  const wantFields = useCallback((wanted: readonly string[]) => setBarFields((prev) => (wanted.every((f) => prev.includes(f)) ? prev : [...new Set([...prev, ...wanted])])), []);
  const fieldInfos = useEngineQuery(columns === null ? null : (c) => c.call('places.fields', {}), [columns], false).data;

  const save = useCallback(
    (patch: Partial<MapSettings>) => {
      const base = read.data;
      // Functional: two saves in one tick (filter, then 面积段) must both land.
      setEdited((prev) => {
        const current = prev !== null && prev.path === path ? prev.settings : base;
        return current === null ? prev : { path, settings: { ...current, ...patch } };
      });
      client.call('map.save', patch).catch((e: unknown) => toast(errorMessage(e, lang)));
    },
    [client, path, read.data, toast, lang],
  );
  return { settings, filter: settings?.filter ?? NO_FILTER, save, fieldInfos, barFields, wantFields };
}
