import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import { solidPng } from './tile-archives.js';
import type { Rgb } from './tile-archives.js';

/**
 * A stand-in for 高德 and 天地图 raster tiles on 127.0.0.1: one-colour PNGs per provider and layer, so a
 * pixel check says whose tiles the map drew. Bounded like the fake geocoder: it refuses after
 * `maxRequests` and closes itself after `lifetimeMs`.
 */
export interface FakeTileServer {
  baseUrl: string;
  /** Endpoint templates to give the workbench or `basemap.tile`. */
  templates: { amap: string; tianditu: string };
  colours: { amap: Rgb; vec: Rgb; cva: Rgb };
  /** Tiles served, as `provider/layer/z/x/y`. */
  served: string[];
  close(): Promise<void>;
}

/** 天地图's label layer is transparent but for its labels: here one 16 px mark in the top-left corner. */
function labelPng(rgb: Rgb): Buffer {
  const png = new PNG({ width: 256, height: 256 });
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      const i = 4 * (y * 256 + x);
      png.data[i] = rgb[0];
      png.data[i + 1] = rgb[1];
      png.data[i + 2] = rgb[2];
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

export async function startFakeTileServer(opts: { key?: string; maxRequests?: number; lifetimeMs?: number } = {}): Promise<FakeTileServer> {
  const key = opts.key ?? 'test-tk';
  const maxRequests = opts.maxRequests ?? 5_000;
  const colours = { amap: [236, 120, 40] as Rgb, vec: [110, 185, 120] as Rgb, cva: [250, 250, 250] as Rgb };
  const tiles = { amap: solidPng(colours.amap), vec: solidPng(colours.vec), cva: labelPng(colours.cva) };
  const served: string[] = [];
  let total = 0;
  const server = createServer((req, res) => {
    total++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (total > maxRequests) return void res.writeHead(429).end('too many requests');
    const amap = /^\/amap\/(\d+)\/(\d+)\/(\d+)$/.exec(url.pathname);
    const tdt = /^\/tianditu\/(vec|cva)\/(\d+)\/(\d+)\/(\d+)$/.exec(url.pathname);
    if (amap !== null) {
      served.push(`amap/-/${amap.slice(1).join('/')}`);
      res.writeHead(200, { 'content-type': 'image/png' });
      return void res.end(tiles.amap);
    }
    if (tdt !== null) {
      // 天地图 refuses a wrong tk with 403 and a short JSON body, not an image.
      if (url.searchParams.get('tk') !== key) {
        res.writeHead(403, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ msg: '权限验证失败', code: 403 }));
      }
      const layer = tdt[1] === 'cva' ? 'cva' : 'vec';
      served.push(`tianditu/${layer}/${tdt.slice(2).join('/')}`);
      res.writeHead(200, { 'content-type': 'image/png' });
      return void res.end(tiles[layer]);
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const timer = setTimeout(() => void stop(), opts.lifetimeMs ?? 300_000);
  timer.unref();
  return {
    baseUrl,
    templates: { amap: `${baseUrl}/amap/{z}/{x}/{y}`, tianditu: `${baseUrl}/tianditu/{layer}/{z}/{x}/{y}?tk={tk}` },
    colours,
    served,
    close: () => {
      clearTimeout(timer);
      return server.listening ? stop() : Promise.resolve();
    },
  };
}
