import { request } from 'node:http';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHttpHost } from '../../native/host/http-host.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { engineCall } from '../support/engine-call.js';
import { scopedTempDir, sha256 } from '../support/files.js';
import { resourcesDir } from '../support/resources.js';
import { sqlNumber } from '../support/sql-oracle.js';

function post(port: number, path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { host: `127.0.0.1:${port}`, 'content-length': String(body.length), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function uploadDirs(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('ketu-uploads-'));
}

describe('uploads from the browser host', () => {
  it('writes an authenticated upload under its own name into this run’s temp folder, which the import reads; refuses no token, paths, other kinds and oversize files', async () => {
    const d = scopedTempDir();
    const { dispatcher, engine } = createEngineHost(resourcesDir);
    const project = d.file('u.ketu');
    expect((await dispatcher.call('project.create', { path: project, name: '上传' })).ok).toBe(true);
    const before = new Set(uploadDirs());
    const host = await startHttpHost(dispatcher, { uploadLimit: 1000 });
    const auth = { authorization: `Bearer ${host.token}` };
    const csv = Buffer.from('姓名,手机,住址经度,住址纬度\n张三,13900000001,120.1,30.2\n李四,13900000002,120.2,30.3\n', 'utf8');
    try {
      expect((await post(host.port, `/upload?name=${encodeURIComponent('客户.csv')}`, csv, {})).status).toBe(401);
      expect((await post(host.port, `/upload?name=${encodeURIComponent('客户.csv')}`, csv, { authorization: 'Bearer wrong' })).status).toBe(401);
      for (const name of ['../../客户.csv', '..\\客户.csv', '/etc/客户.csv', '..', '.hidden.csv', 'a\u0000b.csv', '']) {
        expect((await post(host.port, `/upload?name=${encodeURIComponent(name)}`, csv, auth)).status, name).toBe(400);
      }
      // A project is opened where it lies, never uploaded as a copy that edits would go to.
      expect((await post(host.port, `/upload?name=${encodeURIComponent('p.ketu')}`, readFileSync(project), auth)).status).toBe(415);
      expect((await post(host.port, `/upload?name=big.csv`, Buffer.alloc(1001, 0x41), auth)).status).toBe(413);

      const ok = await post(host.port, `/upload?name=${encodeURIComponent('客户.csv')}`, csv, auth);
      expect(ok.status).toBe(201);
      const saved = JSON.parse(ok.text) as { path: string; name: string; bytes: number };
      expect(saved).toMatchObject({ name: '客户.csv', bytes: csv.length });
      const fresh = uploadDirs().filter((n) => !before.has(n));
      expect(fresh).toHaveLength(1);
      expect(dirname(dirname(saved.path))).toBe(join(tmpdir(), fresh[0] ?? ''));
      expect(readFileSync(saved.path)).toEqual(csv);
      // The same name again goes to a folder of its own: no upload replaces another.
      const again = JSON.parse((await post(host.port, `/upload?name=${encodeURIComponent('客户.csv')}`, csv, auth)).text) as { path: string };
      expect(again.path).not.toBe(saved.path);
      expect(readFileSync(saved.path)).toEqual(csv);

      const imported = await dispatcher.call('import.commit', { file: saved.path, crs: 'wgs84' });
      expect(imported.ok).toBe(true);
      expect(sqlNumber(project, 'SELECT count(*) FROM customers')).toBe(2);
      expect(sqlNumber(project, "SELECT count(*) FROM imports WHERE source_file LIKE '%客户.csv'")).toBe(1);
    } finally {
      await host.close();
      engine.close();
    }
    // The run's upload folder goes with the host.
    expect(uploadDirs().filter((n) => !before.has(n))).toEqual([]);
  });
});

describe('recent projects', () => {
  it('lists projects opened or created in the window host newest first, marks a vanished one missing, forgets on request; the CLI host keeps none', async () => {
    const d = scopedTempDir();
    const recents = { file: d.file('config/recent-projects.json'), projectsDir: d.file('项目') };
    const { dispatcher, engine } = createEngineHost(resourcesDir, 'KeTu 工作台', recents);
    try {
      const empty = await dispatcher.call('recents.list', {});
      expect(empty).toEqual({ ok: true, result: { projects: [], projectsDir: d.file('项目') } });
      // The default folder is made on first use.
      const a = join(d.file('项目'), '甲.ketu');
      expect((await dispatcher.call('project.create', { path: a, name: '甲项目' })).ok).toBe(true);
      const b = d.file('乙.ketu');
      expect((await dispatcher.call('project.create', { path: b, name: '乙项目' })).ok).toBe(true);
      expect((await dispatcher.call('project.open', { path: a })).ok).toBe(true);
      engine.close();
      rmSync(b);
      const call = engineCall(dispatcher);
      const listed = await call('recents.list', {});
      expect(listed.projects.map((p) => [p.name, p.path, p.missing])).toEqual([
        ['甲项目', a, false],
        ['乙项目', b, true],
      ]);
      expect(await dispatcher.call('recents.remove', { path: b })).toEqual({ ok: true, result: { removed: true } });
      expect((await call('recents.list', {})).projects.map((p) => p.path)).toEqual([a]);
      // A file that does not parse reads as an empty list and is replaced on the next open.
      writeFileSync(recents.file, '{not json');
      expect((await dispatcher.call('recents.list', {})).ok).toBe(true);
      expect((await dispatcher.call('project.open', { path: a })).ok).toBe(true);
      expect((JSON.parse(readFileSync(recents.file, 'utf8')) as { projects: unknown[] }).projects).toHaveLength(1);
    } finally {
      engine.close();
    }
    const cli = createEngineHost(resourcesDir, 'ketu info');
    expect(await cli.dispatcher.call('recents.list', {})).toEqual({ ok: true, result: { projects: [], projectsDir: null } });
  });

  it('creating a project never replaces an existing file', async () => {
    const d = scopedTempDir();
    const { dispatcher, engine } = createEngineHost(resourcesDir);
    try {
      const path = d.file('在用.ketu');
      expect((await dispatcher.call('project.create', { path, name: '在用' })).ok).toBe(true);
      engine.close();
      const hash = sha256(path);
      const again = await dispatcher.call('project.create', { path, name: '新' });
      expect(again).toMatchObject({ ok: false, error: { code: 'FILE_EXISTS' } });
      expect(sha256(path)).toBe(hash);
      expect(existsSync(`${path}-wal`)).toBe(false);
    } finally {
      engine.close();
    }
  });
});

describe('本案 and 竞品 placed by name', () => {
  it('finds bundled communities and districts by name, the asked city first, and keeps sites editable', async () => {
    const d = scopedTempDir();
    const { dispatcher, engine } = createEngineHost(resourcesDir);
    const call = engineCall(dispatcher);
    try {
      const found = await call('gazetteer.search', { query: '桂花城', city: '杭州市' });
      expect(found[0]).toMatchObject({ label: '桂花城', source: 'bundled', precision: 'community' });
      expect(found[0]?.detail).toContain('西湖区');
      const district = await call('gazetteer.search', { query: '西湖', city: '杭州' });
      expect(district.some((h) => h.source === 'division' && h.label === '杭州市西湖区')).toBe(true);
      expect(await dispatcher.call('gazetteer.search', { query: '   ' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
      const nothing = await dispatcher.call('gazetteer.search', { query: '不存在的地名甲乙丙' });
      expect(nothing).toEqual({ ok: true, result: [] });

      const path = d.file('s.ketu');
      const guihua = found[0];
      if (guihua === undefined) throw new Error('no hit');
      expect((await dispatcher.call('project.create', { path, name: '桂语', city: '杭州市', site: { lng: guihua.lng, lat: guihua.lat } })).ok).toBe(true);
      const rival = await call('sites.add', { name: '竞品甲', kind: 'competitor', lng: 120.2, lat: 30.3 });
      expect(await dispatcher.call('sites.add', { name: '第二个本案', kind: 'project', lng: 120.2, lat: 30.3 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
      expect((await dispatcher.call('sites.update', { id: rival.id, name: '竞品乙', lng: 120.21 })).ok).toBe(true);
      expect(sqlNumber(path, "SELECT count(*) FROM sites WHERE name = '竞品乙' AND kind = 'competitor'")).toBe(1);
      const info = await call('project.info', {});
      expect(info.sites.map((s) => [s.name, s.kind, s.lng])).toEqual([
        ['桂语', 'project', guihua.lng],
        ['竞品乙', 'competitor', 120.21],
      ]);
      expect(await dispatcher.call('sites.remove', { id: rival.id })).toEqual({ ok: true, result: { removed: true } });
      expect(sqlNumber(path, 'SELECT count(*) FROM sites')).toBe(1);
    } finally {
      engine.close();
    }
  });
});
