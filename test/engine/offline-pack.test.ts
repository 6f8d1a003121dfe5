import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../native/contract/events.js';
import { wgs84To } from '../../native/geocode/crs.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { CallRefused, engineCall } from '../support/engine-call.js';
import { startFakeTileServer } from '../support/fake-tile-server.js';
import { scopedTempDir } from '../support/files.js';
import { compiled } from '../support/kill-scenarios.js';
import { pngColour, readMbtilesTiles } from '../support/tile-archives.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

function host(): ReturnType<typeof createEngineHost> & { call: ReturnType<typeof engineCall> } {
  const h = createEngineHost();
  cleanups.push(() => h.engine.close());
  return { ...h, call: engineCall(h.dispatcher) };
}

/**
 * The tiles covering a box, computed apart from the engine: spherical Web Mercator in metres and the
 * tile size in metres at each zoom (the engine works in fractions of 2^z from the tangent formula).
 */
function expectedTiles(box: [number, number, number, number], zooms: number[]): Set<string> {
  const R = 6_378_137;
  const half = Math.PI * R;
  const merc = (lng: number, lat: number): [number, number] => [(lng * Math.PI * R) / 180, R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];
  const out = new Set<string>();
  for (const z of zooms) {
    const size = (2 * half) / 2 ** z;
    const [xw, yn] = merc(box[0], box[3]);
    const [xe, ys] = merc(box[2], box[1]);
    for (let col = Math.floor((xw + half) / size); col <= Math.floor((xe + half) / size); col++) {
      for (let row = Math.floor((half - yn) / size); row <= Math.floor((half - ys) / size); row++) out.add(`${z}/${col}/${row}`);
    }
  }
  return out;
}

/** 高德 tiles are GCJ-02: the box the engine must cover is the WGS-84 box shifted by gcoord (the importer's converter, not the display one). */
function gcj(box: [number, number, number, number]): [number, number, number, number] {
  const [w, s] = wgs84To('gcj02', box[0], box[1]);
  const [e, n] = wgs84To('gcj02', box[2], box[3]);
  return [w, s, e, n];
}

const BOX: [number, number, number, number] = [120.02, 30.15, 120.32, 30.38];
const ZOOMS = [10, 11, 12, 13, 14];

describe('离线底图包 (offline basemap pack)', () => {
  it('counts the tiles first, downloads z10–z14 of a box, survives a cancel midway and resumes to the same set', async () => {
    const server = await startFakeTileServer();
    cleanups.push(() => server.close());
    const d = scopedTempDir();
    const h = host();
    await h.call('project.create', { path: d.file('西溪.ketu'), name: '西溪' });
    const params = { provider: 'amap' as const, region: { kind: 'box' as const, bounds: BOX }, minZoom: 10, maxZoom: 14, endpoint: server.templates.amap };

    const expected = expectedTiles(gcj(BOX), ZOOMS);
    const plan = await h.call('basemap.packPlan', params);
    expect(plan.tiles).toBe(expected.size);
    expect(plan.perZoom.map((z) => z.z)).toEqual(ZOOMS);
    expect(plan.perZoom.reduce((s, z) => s + z.tiles, 0)).toBe(expected.size);
    expect(plan).toMatchObject({ resume: false, have: 0, tooMany: false });
    expect(plan.path).toBe(d.file('西溪-高德地图离线底图.mbtiles'));
    expect(plan.estimatedBytes).toBeGreaterThan(expected.size * 1000);
    expect(server.served).toEqual([]);

    // Cancel once a good part is in: what was written stays.
    let cancelled = false;
    const stop = h.dispatcher.subscribe((e: EngineEvent) => {
      if (e.type === 'progress' && e.taskId === 'pack' && e.done >= expected.size / 3 && !cancelled) {
        cancelled = true;
        void h.dispatcher.call('task.cancel', { taskId: 'pack' });
      }
    });
    const first = await h.call('basemap.packDownload', { ...params, taskId: 'pack' }).catch((e: unknown) => e);
    stop();
    expect(first).toBeInstanceOf(CallRefused);
    expect((first as CallRefused).wire.code).toBe('CANCELLED');
    expect((first as CallRefused).wire.message).toMatch(/已下载的 \d+ 张瓦片保留在文件中/);
    const held = new Set(readMbtilesTiles(plan.path).map((t) => `${t.z}/${t.x}/${t.y}`));
    expect(held.size).toBeGreaterThan(0);
    expect(held.size).toBeLessThan(expected.size);
    for (const k of held) expect(expected.has(k), k).toBe(true);

    const again = await h.call('basemap.packPlan', params);
    expect(again).toMatchObject({ path: plan.path, resume: true, have: held.size });
    const servedBefore = server.served.length;
    const done = await h.call('basemap.packDownload', { ...params, taskId: 'pack2' });
    expect(done).toMatchObject({ path: plan.path, total: expected.size, skipped: held.size, downloaded: expected.size - held.size, empty: 0 });
    // The resumed run asked only for what the file did not hold.
    const resumedAsks = server.served.slice(servedBefore).map((s) => s.replace(/^amap\/-\//, ''));
    for (const k of resumedAsks) expect(held.has(k), k).toBe(false);
    expect(new Set(readMbtilesTiles(plan.path).map((t) => `${t.z}/${t.x}/${t.y}`))).toEqual(expected);

    // Registered as a local basemap that stands in for 高德 offline, in 高德's system.
    const [pack] = await h.call('basemap.list', {});
    expect(pack).toMatchObject({ id: done.basemapId, crs: 'gcj02', problem: null, archive: { pack: 'amap', kind: 'raster', minzoom: 10, maxzoom: 14 } });
    const [z, x, y] = [...expected][0]?.split('/').map(Number) ?? [];
    await server.close();
    const tile = await h.call('basemap.tile', { id: done.basemapId, z: z ?? 0, x: x ?? 0, y: y ?? 0 });
    expect(pngColour(tile.data ?? new Uint8Array())).toEqual(server.colours.amap);
  });

  it('a download killed (SIGKILL) three times midway leaves a whole file each time, and resumes to the same set', async () => {
    const server = await startFakeTileServer();
    cleanups.push(() => server.close());
    const d = scopedTempDir();
    const project = d.file('断电.ketu');
    const h = host();
    await h.call('project.create', { path: project, name: '断电' });
    const params = { provider: 'amap' as const, region: { kind: 'box' as const, bounds: BOX }, minZoom: 10, maxZoom: 14, endpoint: server.templates.amap };
    const plan = await h.call('basemap.packPlan', params);
    await h.call('project.close', {});
    const expected = expectedTiles(gcj(BOX), ZOOMS);

    // A separate process downloads; it is killed once it reports `stopAt` tiles done (a power cut mid-batch).
    const killedAt = async (stopAt: number): Promise<void> => {
      const script = `
        const { createEngineHost } = await import(${JSON.stringify(compiled('native/host/in-process.js'))});
        const { dispatcher } = createEngineHost();
        dispatcher.subscribe((e) => { if (e.type === 'progress' && e.taskId === 'pack') process.stdout.write('done ' + e.done + '\\n'); });
        await dispatcher.call('project.open', { path: ${JSON.stringify(project)} });
        const r = await dispatcher.call('basemap.packDownload', { ...${JSON.stringify(params)}, taskId: 'pack' });
        process.stdout.write('finished ' + JSON.stringify(r) + '\\n');
        setInterval(() => {}, 1000);
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => {
          const done = Math.max(...[...b.toString().matchAll(/done (\d+)/g)].map((m) => Number(m[1])));
          if (done >= stopAt || b.toString().includes('finished')) child.kill('SIGKILL');
        });
        child.once('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error('the download ended before it was killed'))));
      });
    };

    let held = 0;
    for (const fraction of [0.2, 0.45, 0.7]) {
      await killedAt(Math.round(expected.size * fraction));
      const db = new Database(plan.path);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      const tiles = readMbtilesTiles(plan.path);
      // Every tile the kill left is a whole one from the box, and each kill kept what the one before had.
      for (const t of tiles) {
        expect(expected.has(`${t.z}/${t.x}/${t.y}`)).toBe(true);
        expect(pngColour(t.data)).toEqual(server.colours.amap);
      }
      expect(tiles.length).toBeGreaterThan(0);
      expect(tiles.length).toBeGreaterThanOrEqual(held);
      expect(tiles.length).toBeLessThan(expected.size);
      held = tiles.length;
    }
    await h.call('project.open', { path: project });
    expect(await h.call('basemap.packPlan', params)).toMatchObject({ resume: true, have: held });
    const done = await h.call('basemap.packDownload', params);
    expect(done).toMatchObject({ total: expected.size, skipped: held, downloaded: expected.size - held });
    expect(new Set(readMbtilesTiles(plan.path).map((t) => `${t.z}/${t.x}/${t.y}`))).toEqual(expected);
  }, 300_000);

  it('keeps 天地图 labels in the pack, never overwrites a file it did not write, and refuses too many tiles', async () => {
    const server = await startFakeTileServer({ key: 'tk-9' });
    cleanups.push(() => server.close());
    const d = scopedTempDir();
    const h = host();
    await h.call('project.create', { path: d.file('p.ketu'), name: 'p', site: { lng: 120.1, lat: 30.28 } });
    // Someone's own file already has the pack's name: it is left alone and the pack gets a numbered one.
    writeFileSync(d.file('p-天地图离线底图.mbtiles'), 'mine');
    const params = { provider: 'tianditu' as const, region: { kind: 'places' as const, marginM: 2000 }, minZoom: 12, maxZoom: 13, key: 'tk-9', endpoint: server.templates.tianditu };
    const plan = await h.call('basemap.packPlan', params);
    expect(plan.path).toBe(d.file('p-天地图离线底图-2.mbtiles'));
    // 本案 alone plus 2 km each way, in WGS-84 (天地图 is not shifted).
    const dLat = 2000 / 111_320;
    const dLng = 2000 / (111_320 * Math.cos((30.28 * Math.PI) / 180));
    const expected = expectedTiles([120.1 - dLng, 30.28 - dLat, 120.1 + dLng, 30.28 + dLat], [12, 13]);
    expect(plan.tiles).toBe(expected.size);
    const done = await h.call('basemap.packDownload', params);
    expect(done.downloaded).toBe(expected.size);
    expect(existsSync(d.file('p.ketu'))).toBe(true);
    const { data: vec } = await h.call('basemap.tile', { id: done.basemapId, z: 13, x: Number([...expected].at(-1)?.split('/')[1]), y: Number([...expected].at(-1)?.split('/')[2]) });
    const { data: cva } = await h.call('basemap.tile', { id: done.basemapId, layer: 'cva', z: 13, x: Number([...expected].at(-1)?.split('/')[1]), y: Number([...expected].at(-1)?.split('/')[2]) });
    expect(pngColour(vec ?? new Uint8Array())).toEqual(server.colours.vec);
    expect(pngColour(cva ?? new Uint8Array())).toEqual(server.colours.cva);
    const [pack] = await h.call('basemap.list', {});
    expect(pack?.archive).toMatchObject({ pack: 'tianditu', labels: true });

    const huge = { ...params, region: { kind: 'box' as const, bounds: [119.5, 29.8, 120.8, 30.8] as [number, number, number, number] }, minZoom: 10, maxZoom: 17 };
    const big = await h.call('basemap.packPlan', huge);
    expect(big.tooMany).toBe(true);
    const refused = await h.call('basemap.packDownload', huge).catch((e: unknown) => e);
    expect((refused as CallRefused).wire.message).toMatch(/超过上限 20,000 张：请缩小范围或降低最大级别/);
  });
});
