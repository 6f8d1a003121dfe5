import { geocodeProviders } from '../../../native/contract/index.js';

// Apart from the 在线定位 dialog so the review panel reads the key without loading the dialog's code.

export type Provider = (typeof geocodeProviders)[number];

export const PROVIDER_KEY = 'ketu.geocode.provider';
export const keyStorage = (p: Provider): string => `ketu.geocode.key.${p}`;

export function savedProvider(): Provider {
  const saved = localStorage.getItem(PROVIDER_KEY);
  return geocodeProviders.find((p) => p === saved) ?? 'amap';
}

/** The provider and key of the last online run, so other online look-ups (review candidates) use the same account. */
export function savedGeocodeKey(): { provider: Provider; key: string } | null {
  const provider = savedProvider();
  const key = localStorage.getItem(keyStorage(provider))?.trim() ?? '';
  return key === '' ? null : { provider, key };
}
