import type { OnlineProvider } from '../../../native/contract/index.js';

/**
 * The planner's 天地图 key and any tile endpoint override (a company proxy or mirror) are user-level
 * settings: a key belongs to one person's account, while the .ketu file travels between colleagues
 * and agencies. They live in this browser profile's localStorage, as the geocoding keys do: Electron
 * keeps it in the user's profile folder; under `ketu serve` it is per origin (a fixed --port keeps it).
 */
export interface OnlineBasemapSettings {
  key: string;
  /** Empty: the provider's own tile servers. */
  endpoint: string;
}

const storageKey = (provider: OnlineProvider, part: 'key' | 'endpoint'): string => `ketu.basemap.${provider}.${part}`;

export function readOnlineSettings(provider: OnlineProvider): OnlineBasemapSettings {
  return { key: localStorage.getItem(storageKey(provider, 'key')) ?? '', endpoint: localStorage.getItem(storageKey(provider, 'endpoint')) ?? '' };
}

export function saveOnlineSettings(provider: OnlineProvider, settings: OnlineBasemapSettings): void {
  for (const part of ['key', 'endpoint'] as const) {
    const value = settings[part].trim();
    if (value === '') localStorage.removeItem(storageKey(provider, part));
    else localStorage.setItem(storageKey(provider, part), value);
  }
}

/** What `basemap.tile` gets for a provider: only the parts the planner set. */
export function tileRequestSettings(provider: OnlineProvider): { key?: string; endpoint?: string } {
  const s = readOnlineSettings(provider);
  return { ...(s.key === '' ? {} : { key: s.key }), ...(s.endpoint === '' ? {} : { endpoint: s.endpoint }) };
}
