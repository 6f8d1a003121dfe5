// MapLibre asks `ketu-tile://…` for every basemap tile; the engine answers through the contract
// (`basemap.tile`), so local archives and online providers work alike in both hosts, and the page's CSP
// (connect-src 'self') never has to admit another host.
import { addProtocol } from 'maplibre-gl';
import type { OnlineProvider, TiandituLayer } from '../../native/contract/index.js';
import { EngineError } from '../engine/engine-client.js';
import type { EngineClient } from '../engine/engine-client.js';
import { TILE_PROTOCOL } from './basemaps.js';

export interface TileProtocolState {
  client: EngineClient;
  /** The planner's key and endpoint override for a provider, read at each request. */
  online(provider: OnlineProvider): { key?: string; endpoint?: string };
  /** A tile of basemap `id` failed; the caller decides whether to fall back. */
  onError(id: string, error: EngineError): void;
}

let state: TileProtocolState | null = null;

/** Points the protocol at the engine (null: tiles fail until a workbench connects). */
export function connectTileProtocol(next: TileProtocolState | null): void {
  state = next;
}

const pattern = /^ketu-tile:\/\/([^/]+)\/(?:(vec|cva)\/)?(\d+)\/(\d+)\/(\d+)(?:\?.*)?$/;

addProtocol(TILE_PROTOCOL, async (params) => {
  const m = pattern.exec(params.url);
  const current = state;
  if (m === null || current === null) throw new Error(`无法识别的底图瓦片地址：${params.url}`);
  const id = decodeURIComponent(m[1] ?? '');
  const layer = m[2] as TiandituLayer | undefined;
  const [z, x, y] = [Number(m[3]), Number(m[4]), Number(m[5])];
  const online = id === 'amap' || id === 'tianditu' ? current.online(id) : {};
  try {
    const { data } = await current.client.call('basemap.tile', { id, z, x, y, ...(layer === undefined ? {} : { layer }), ...online });
    // An empty body is MapLibre's "no tile here": transparent raster, empty vector tile.
    return { data: data === null ? new ArrayBuffer(0) : data.slice().buffer };
  } catch (e) {
    if (e instanceof EngineError) current.onError(id, e);
    throw e;
  }
});
