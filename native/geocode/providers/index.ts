import { AmapProvider } from './amap.js';
import { BaiduProvider } from './baidu.js';
import { TiandituProvider } from './tianditu.js';
import type { GeocodeProvider, ProviderId, ProviderOptions } from './types.js';

export type { GeocodeProvider, ProviderHit, ProviderId, ProviderOptions, ProviderQuery } from './types.js';
export { providerLabels } from './types.js';

/** The provider the user chose in settings, or null (offline: the geocoder skips the online step). */
export function createProvider(id: ProviderId | null, opts: ProviderOptions | null): GeocodeProvider | null {
  if (id === null || opts === null || opts.key.trim() === '') return null;
  switch (id) {
    case 'amap':
      return new AmapProvider(opts);
    case 'baidu':
      return new BaiduProvider(opts);
    case 'tianditu':
      return new TiandituProvider(opts);
  }
}
