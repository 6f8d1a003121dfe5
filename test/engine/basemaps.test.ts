import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireError } from '../../native/contract/errors.js';
import { createEngineHost } from '../../native/host/in-process.js';
import type { Dispatcher } from '../../native/host/dispatch.js';
import { startFakeTileServer } from '../support/fake-tile-server.js';
import { scopedTempDir } from '../support/files.js';
import { ogrVectorMbtiles, pngColour, readMbtilesTiles, solidPng, writeMbtiles, writePmtiles } from '../support/tile-archives.js';
import type { Rgb, Tile } from '../support/tile-archives.js';
import { engineCall } from '../support/engine-call.js';
import type { EngineCall } from '../support/engine-call.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

interface Host {
  dispatcher: Dispatcher;
  call: EngineCall;
  fail(method: string, params: unknown): Promise<WireError>;
}

function host(): Host {
  const { dispatcher, engine } = createEngineHost();
  cleanups.push(() => engine.close());
  return {
    dispatcher,
    call: engineCall(dispatcher),
    async fail(method: string, params: unknown): Promise<WireError> {
      const r = await dispatcher.call(method, params);
      if (r.ok) throw new Error(`${method} succeeded`);
      return r.error;
    },
  };
}

/** A 2×2 grid at z=1 in four colours (NW, NE, SW, SE by XYZ row), plus z=0: says whether rows are flipped right. */
const quadrants: Record<string, Rgb> = { '0/0': [200, 40, 40], '1/0': [40, 200, 40], '0/1': [40, 40, 200], '1/1': [200, 200, 40] };
function quadrantTiles(): Tile[] {
  return [
    { z: 0, x: 0, y: 0, data: solidPng([128, 128, 128]) },
    ...Object.entries(quadrants).map(([xy, rgb]) => {
      const [x, y] = xy.split('/').map(Number);
      return { z: 1, x: x ?? 0, y: y ?? 0, data: solidPng(rgb) };
    }),
  ];
}

const geojson = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { name: '西湖' }, geometry: { type: 'Polygon', coordinates: [[[120.13, 30.23], [120.16, 30.23], [120.16, 30.26], [120.13, 30.26], [120.13, 30.23]]] } },
    { type: 'Feature', properties: { name: '延安路' }, geometry: { type: 'LineString', coordinates: [[120.17, 30.24], [120.17, 30.28]] } },
  ],
});

describe('local basemaps', () => {
  it('reads a raster .mbtiles at XYZ addresses (TMS rows flipped) and a .pmtiles with the same tiles', async () => {
    const d = scopedTempDir();
    const h = host();
    await h.call('project.create', { path: d.file('p.ketu'), name: '底图' });
    writeMbtiles(d.file('quad.mbtiles'), quadrantTiles(), { name: '四色', format: 'png', minzoom: '0', maxzoom: '1', bounds: '-180,-85,180,85' });
    writePmtiles(d.file('quad.pmtiles'), quadrantTiles(), { tileType: 2, tileCompression: 1 });

    for (const file of ['quad.mbtiles', 'quad.pmtiles']) {
      const added = await h.call('basemap.add', { path: d.file(file) });
      expect(added.problem).toBeNull();
      expect(added.archive).toMatchObject({ kind: 'raster', tileFormat: 'png', minzoom: 0, maxzoom: 1 });
      for (const [xy, rgb] of Object.entries(quadrants)) {
        const [x = Number.NaN, y = Number.NaN] = xy.split('/').map(Number);
        const { data } = await h.call('basemap.tile', { id: added.id, z: 1, x, y });
        expect(data, `${file} ${xy}`).not.toBeNull();
        expect(pngColour(data ?? new Uint8Array()), `${file} ${xy}`).toEqual(rgb);
      }
      // Outside the archive's zooms: no tile, not an error.
      expect((await h.call('basemap.tile', { id: added.id, z: 5, x: 3, y: 3 })).data).toBeNull();
    }
    const list = await h.call('basemap.list', {});
    expect(list.map((b) => [b.id, b.name, b.format])).toEqual([
      ['local:1', 'quad', 'mbtiles'],
      ['local:2', 'quad', 'pmtiles'],
    ]);
  });

  it('serves vector tiles from GDAL-made .mbtiles and a .pmtiles as plain protobuf, with their layer list', async () => {
    const d = scopedTempDir();
    const h = host();
    await h.call('project.create', { path: d.file('p.ketu'), name: '矢量' });
    writeFileSync(d.file('in.geojson'), geojson);
    ogrVectorMbtiles(d.file('v.mbtiles'), d.file('in.geojson'), 'water', 8, 10);
    const stored = readMbtilesTiles(d.file('v.mbtiles'));
    writePmtiles(d.file('v.pmtiles'), stored, { tileType: 1, tileCompression: 2, metadata: { vector_layers: [{ id: 'water', fields: { name: 'String' } }] }, bounds: [120.13, 30.23, 120.17, 30.28] });
    const sample = stored.find((t) => t.z === 10);
    if (sample === undefined) throw new Error('GDAL wrote no z10 tile');
    const plain = new Uint8Array(gunzipSync(sample.data));

    for (const file of ['v.mbtiles', 'v.pmtiles']) {
      const added = await h.call('basemap.add', { path: d.file(file), name: `西湖 ${file}` });
      expect(added.name).toBe(`西湖 ${file}`);
      expect(added.archive?.kind).toBe('vector');
      expect(added.archive?.tileFormat).toBe('pbf');
      expect(added.archive?.vectorLayers.map((l) => [l.id, l.fields])).toEqual([['water', { name: 'String' }]]);
      const { data } = await h.call('basemap.tile', { id: added.id, z: sample.z, x: sample.x, y: sample.y });
      expect(data === null ? null : Buffer.from(data).equals(Buffer.from(plain))).toBe(true);
      // The layer name travels inside the protobuf: MapLibre finds `water` in it.
      expect(Buffer.from(data ?? []).includes(Buffer.from('water'))).toBe(true);
    }
  });

  it('refuses files that are not tile archives, in Chinese, and registers nothing', async () => {
    const d = scopedTempDir();
    const h = host();
    await h.call('project.create', { path: d.file('p.ketu'), name: '错' });
    writeFileSync(d.file('notes.mbtiles'), 'not a tile archive at all, just some text that is long enough to read a header from it'.repeat(3));
    const wrong = await h.fail('basemap.add', { path: d.file('notes.mbtiles') });
    expect(wrong.code).toBe('UNSUPPORTED_FILE');
    expect(wrong.message).toMatch(/无法作为底图使用.*不是 \.pmtiles 或 \.mbtiles/);
    // A project file is SQLite too, but has no tiles.
    const project = await h.fail('basemap.add', { path: d.file('p.ketu') });
    expect(project.code).toBe('UNSUPPORTED_FILE');
    expect(project.message).toMatch(/不是 MBTiles/);
    const none = await h.fail('basemap.add', { path: d.file('nowhere.pmtiles') });
    expect(none.code).toBe('FILE_NOT_FOUND');
    expect(await h.call('basemap.list', {})).toEqual([]);
  });

  it('keeps the choice and the archives with the project; a moved file is found beside it, a missing one is named', async () => {
    const d = scopedTempDir();
    const h = host();
    mkdirSync(d.file('项目'));
    mkdirSync(d.file('项目/底图'));
    const project = d.file('项目/p.ketu');
    await h.call('project.create', { path: project, name: '搬家' });
    writePmtiles(d.file('项目/底图/杭州.pmtiles'), quadrantTiles(), { tileType: 2, tileCompression: 1 });
    const added = await h.call('basemap.add', { path: d.file('项目/底图/杭州.pmtiles'), crs: 'gcj02' });
    expect(added).toMatchObject({ name: '杭州', crs: 'gcj02' });
    await h.call('map.save', { basemap: added.id });

    // The whole folder moves: the archive is found beside the project.
    await h.call('project.close', {});
    renameSync(d.file('项目'), d.file('搬走的项目'));
    await h.call('project.open', { path: d.file('搬走的项目/p.ketu') });
    expect((await h.call('map.get', {})).basemap).toBe(added.id);
    const [moved] = await h.call('basemap.list', {});
    expect(moved?.problem).toBeNull();
    expect((await h.call('basemap.tile', { id: added.id, z: 0, x: 0, y: 0 })).data).not.toBeNull();

    // The archive is gone: the list says so and a tile request fails with the same message.
    renameSync(d.file('搬走的项目/底图/杭州.pmtiles'), d.file('elsewhere.pmtiles'));
    const [gone] = await h.call('basemap.list', {});
    expect(gone?.archive).toBeNull();
    expect(gone?.problem).toMatch(/^找不到底图文件「杭州」.*已改用内置离线底图/);
    const err = await h.fail('basemap.tile', { id: added.id, z: 0, x: 0, y: 0 });
    expect(err.code).toBe('FILE_NOT_FOUND');
    expect(err.message).toBe(gone?.problem);

    // Removing the chosen basemap returns the map to the bundled one.
    expect(await h.call('basemap.remove', { id: added.id })).toEqual({ removed: true });
    expect((await h.call('map.get', {})).basemap).toBe('bundled');
    expect(await h.call('basemap.list', {})).toEqual([]);
  });
});

describe('online basemap tiles through the engine', () => {
  it('fetches 高德 and 天地图 tiles from an overridden endpoint, and names each failure', async () => {
    const server = await startFakeTileServer({ key: 'tk-1' });
    cleanups.push(() => server.close());
    const h = host();

    const amap = await h.call('basemap.tile', { id: 'amap', z: 12, x: 3430, y: 1679, endpoint: server.templates.amap });
    expect(pngColour(amap.data ?? new Uint8Array())).toEqual(server.colours.amap);
    for (const layer of ['vec', 'cva'] as const) {
      const t = await h.call('basemap.tile', { id: 'tianditu', layer, z: 12, x: 3430, y: 1679, key: 'tk-1', endpoint: server.templates.tianditu });
      expect(pngColour(t.data ?? new Uint8Array())).toEqual(server.colours[layer]);
    }
    expect(server.served).toEqual(['amap/-/12/3430/1679', 'tianditu/vec/12/3430/1679', 'tianditu/cva/12/3430/1679']);

    const noKey = await h.fail('basemap.tile', { id: 'tianditu', layer: 'vec', z: 1, x: 0, y: 0, endpoint: server.templates.tianditu });
    expect(noKey).toMatchObject({ code: 'BASEMAP_UNAVAILABLE', details: { reason: 'key' } });
    expect(noKey.message).toMatch(/天地图需要 Key/);
    const badKey = await h.fail('basemap.tile', { id: 'tianditu', layer: 'vec', z: 1, x: 0, y: 0, key: 'wrong', endpoint: server.templates.tianditu });
    expect(badKey).toMatchObject({ code: 'BASEMAP_UNAVAILABLE', details: { reason: 'rejected' } });
    expect(badKey.message).toMatch(/天地图拒绝了瓦片请求（HTTP 403）/);

    // Nothing listens any more: offline, in words a planner reads.
    const closedAt = server.templates.amap;
    await server.close();
    const offline = await h.fail('basemap.tile', { id: 'amap', z: 1, x: 0, y: 0, endpoint: closedAt });
    expect(offline).toMatchObject({ code: 'BASEMAP_UNAVAILABLE', details: { reason: 'offline' } });
    expect(offline.message).toMatch(/^无法连接高德地图瓦片服务（127\.0\.0\.1:\d+.*可能处于离线状态$/);
  });

  it('refuses an endpoint that is not an http(s) template with {z} {x} {y}', async () => {
    const h = host();
    for (const endpoint of ['file:///etc/passwd?{z}{x}{y}', 'http://127.0.0.1:1/tiles.png']) {
      const err = await h.fail('basemap.tile', { id: 'amap', z: 1, x: 0, y: 0, endpoint });
      expect(err.code).toBe('INVALID_PARAMS');
    }
  });
});
