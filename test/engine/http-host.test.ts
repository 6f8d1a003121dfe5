import { request } from 'node:http';
import { connect } from 'node:net';
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

/** Bytes straight onto a socket (no client library to tidy them up); resolves with all the server said once it closes. */
function raw(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.end(bytes);
  });
}

/** A frame as the wire carries it: u32 length, the header JSON as given (however wrong), padding, then `body`. */
function frameOf(meta: string, body: Buffer = Buffer.alloc(0), length?: number): Buffer {
  const json = Buffer.from(meta, 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(length ?? json.length, 0);
  const pad = Buffer.alloc((8 - ((4 + json.length) % 8)) % 8);
  return Buffer.concat([head, json, pad, body]);
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

  it("serves the basemap's vector tiles, an empty 204 where none was cut, and 404 for anything else missing", async () => {
    // Zoom 5 over Hangzhou (build/make-basemap-tiles.mjs cuts it: land there); zoom 10 in the mid-Pacific has none.
    const tile = await send(host.port, '/basemap/tiles/5/26/13.pbf');
    expect(tile.status).toBe(200);
    expect(tile.type).toBe('application/x-protobuf');
    expect(tile.body.byteLength).toBeGreaterThan(100);
    const sea = await send(host.port, '/basemap/tiles/10/1000/450.pbf');
    expect(sea.status).toBe(204);
    expect(sea.body.byteLength).toBe(0);
    expect((await send(host.port, '/basemap/tiles/10/1000/450.json')).status).toBe(404);
    expect((await send(host.port, '/basemap/nothing.geojson')).status).toBe(404);
  });

  it('returns engine errors as {code, message}', async () => {
    const res = await rpc('project.open', { path: dir.file('missing.ketu') });
    const reply = decodeFrame(new Uint8Array(res.body)) as { ok: boolean; error: { code: string; message: string } };
    expect(reply).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    expect(reply.error.message).toContain('找不到文件');
  });

  it('survives a corpus of malformed requests and frames, refusing each, and still answers', async () => {
    const host1 = `127.0.0.1:${host.port}`;
    // Before: `GET //[` ended the process (Invalid URL), and so did an authenticated frame whose header was null.
    const requests = [
      `GET //[ HTTP/1.1\r\nHost: ${host1}\r\nConnection: close\r\n\r\n`,
      `GET http://[::1 HTTP/1.1\r\nHost: ${host1}\r\nConnection: close\r\n\r\n`,
      `GET /%E0%A4%A HTTP/1.1\r\nHost: ${host1}\r\nConnection: close\r\n\r\n`,
      `GET /basemap/%00 HTTP/1.1\r\nHost: ${host1}\r\nConnection: close\r\n\r\n`,
      `GET / HTTP/1.1\r\nConnection: close\r\n\r\n`,
      `POST /rpc HTTP/1.1\r\nHost: ${host1}\r\nContent-Length: -1\r\n\r\n`,
      `POST /rpc HTTP/1.1\r\nHost: ${host1}\r\nTransfer-Encoding: chunked\r\nAuthorization: Bearer ${host.token}\r\n\r\nzz\r\n`,
      `GET / HTTP/1.1\r\nHost: ${host1}\r\nX: ${'a'.repeat(100_000)}\r\n\r\n`,
      '\u0000\u0001\u0002 nonsense\r\n\r\n',
      `BREW /rpc HTTP/1.1\r\nHost: ${host1}\r\nConnection: close\r\n\r\n`,
    ];
    for (const text of requests) expect(await raw(host.port, text), text.slice(0, 40)).toMatch(/^HTTP\/1\.1 4\d\d /);

    const nested = `{"header":${'['.repeat(200_000)}${']'.repeat(200_000)},"sizes":[]}`;
    const frames: Buffer[] = [
      frameOf('{"header":null,"sizes":[]}'),
      frameOf('{"header":[],"sizes":[]}'),
      frameOf('{"header":"project.info","sizes":[]}'),
      frameOf('{"header":{"method":5},"sizes":[]}'),
      frameOf('{"header":{"method":"project.info"},"sizes":[1000000000000]}'),
      frameOf('{"header":{"method":"project.info"},"sizes":[-1]}'),
      frameOf('{"header":{"method":"project.info"},"sizes":"x"}'),
      frameOf('{"header":{"method":"project.info","params":{"$buf":0,"kind":"toString"}},"sizes":[8]}', Buffer.alloc(8)),
      frameOf('{"header":{"method":"project.info","params":{"$buf":5,"kind":"Float64Array"}},"sizes":[8]}', Buffer.alloc(8)),
      frameOf('{"header":{"method":"project.info","params":{"$buf":0,"kind":"Float64Array"}},"sizes":[3]}', Buffer.alloc(8)),
      frameOf('{"header":{"method":"project.info"},"sizes":[]}', Buffer.alloc(0), 0xffffffff),
      frameOf('{"header":{"method":"project.info"'),
      frameOf(nested),
      Buffer.from([1, 2]),
      Buffer.alloc(0),
      Buffer.from([4, 0, 0, 0, 0xff, 0xfe, 0xfd, 0xfc]),
    ];
    for (const body of frames) {
      const res = await send(host.port, '/rpc', { method: 'POST', headers: { authorization: `Bearer ${host.token}` }, body });
      expect(res.status, body.subarray(0, 60).toString()).toBe(400);
      expect(decodeFrame(new Uint8Array(res.body))).toEqual({ ok: false, error: { code: 'INVALID_PARAMS', message: '请求格式无效' } });
    }
    // A "__proto__" key from the wire stays data: the call runs and validates its params as usual.
    const proto = await send(host.port, '/rpc', { method: 'POST', headers: { authorization: `Bearer ${host.token}` }, body: frameOf('{"header":{"method":"project.info","params":{"__proto__":{"polluted":1}}},"sizes":[]}') });
    expect(proto.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const info = decodeFrame(new Uint8Array((await rpc('project.info', {})).body)) as { ok: boolean; result: { name: string } };
    expect(info).toMatchObject({ ok: true, result: { name: '主机测试' } });
  });

  it('drops a client that never finishes its request', async () => {
    const slow = await startHttpHost(dispatcher, { clientTimeoutMs: 300 });
    try {
      // Headers begun and never ended (slowloris): the server answers 408 and closes the socket itself.
      const said = await new Promise<string>((resolve, reject) => {
        const socket = connect(slow.port, '127.0.0.1');
        const chunks: Buffer[] = [];
        socket.on('data', (c) => chunks.push(c));
        socket.on('error', reject);
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
        socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\nX-Slow: `);
      });
      expect(said).toMatch(/^HTTP\/1\.1 408 /);
      expect((await send(slow.port, '/basemap/provinces.geojson')).status).toBe(200);
    } finally {
      await slow.close();
    }
  });
});
