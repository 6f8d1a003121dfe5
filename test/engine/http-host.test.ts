import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../native/contract/frame.js';
import { startHttpHost } from '../../native/host/http-host.js';
import type { HttpHost } from '../../native/host/http-host.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { tempDir } from '../support/files.js';

interface RawResponse {
  status: number;
  body: Buffer;
  type: string | undefined;
}

/** Raw node:http so the test controls Host and Origin exactly as a hostile page or rebinding DNS would. */
function send(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: Uint8Array } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end(opts.body === undefined ? undefined : Buffer.from(opts.body));
  });
}

describe('localhost host', () => {
  const dir = tempDir();
  const { dispatcher, engine } = createEngineHost();
  let host: HttpHost;
  beforeAll(async () => {
    await dispatcher.call('project.create', { path: dir.file('h.ketu'), name: '主机测试', site: { lng: 120.1, lat: 30.2 } });
    host = await startHttpHost(dispatcher);
  });
  afterAll(async () => {
    await host.close();
    engine.close();
    dir.remove();
  });

  const rpc = (method: string, params: unknown, headers: Record<string, string> = {}): Promise<RawResponse> =>
    send(host.port, '/rpc', {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/octet-stream', ...headers },
      body: encodeFrame({ method, params }),
    });

  it('binds 127.0.0.1 and answers RPC with binary frames carrying typed arrays', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.openUrl).toContain(`#token=${host.token}`);
    const res = await rpc('places.columns', {});
    expect(res.status).toBe(200);
    const reply = decodeFrame(new Uint8Array(res.body)) as { ok: boolean; result: { positions: unknown; count: number } };
    expect(reply.ok).toBe(true);
    expect(reply.result.positions).toBeInstanceOf(Float32Array);
    const info = decodeFrame(new Uint8Array((await rpc('project.info', {})).body)) as { result: { name: string } };
    expect(info.result.name).toBe('主机测试');
  });

  it('refuses requests without the token', async () => {
    const res = await rpc('project.info', {}, { authorization: 'Bearer wrong' });
    expect(res.status).toBe(401);
    expect((await send(host.port, '/events?token=nope')).status).toBe(401);
  });

  it('refuses a foreign Origin even with the token', async () => {
    expect((await rpc('project.info', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await rpc('project.info', {}, { origin: host.url })).status).toBe(200);
  });

  it('refuses a Host header other than the bound loopback address (DNS rebinding)', async () => {
    expect((await rpc('project.info', {}, { host: `evil.example:${host.port}` })).status).toBe(421);
    expect((await rpc('project.info', {}, { host: `localhost:${host.port}` })).status).toBe(421);
    expect((await send(host.port, '/basemap/provinces.geojson', { headers: { host: 'rebound.example' } })).status).toBe(421);
  });

  it('serves basemap data but nothing outside its folders', async () => {
    const res = await send(host.port, '/basemap/provinces.geojson');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/geo+json');
    expect((await send(host.port, '/basemap/..%2F..%2Fpackage.json')).status).toBe(404);
  });

  it('returns engine errors as {code, message}', async () => {
    const res = await rpc('project.open', { path: dir.file('missing.ketu') });
    const reply = decodeFrame(new Uint8Array(res.body)) as { ok: boolean; error: { code: string; message: string } };
    expect(reply).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    expect(reply.error.message).toContain('找不到文件');
  });
});
