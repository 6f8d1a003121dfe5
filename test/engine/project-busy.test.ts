import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../native/host/cli.js';
import { toWireError } from '../../native/host/dispatch.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { writerRecordPath } from '../../native/store/writer-record.js';
import { scopedTempDir, sha256 } from '../support/files.js';
import { sqlNumber } from '../support/sql-oracle.js';

const bin = fileURLToPath(new URL('../../build/ketu.mjs', import.meta.url));

function ketu(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(fileURLToPath(new URL('../../dist/native/host/cli-main.js', import.meta.url)))) throw new Error('run `node build/build.mjs --native-only` first');
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

function bigCsv(path: string, rows: number): string {
  const lines = ['姓名,手机,住址经度,住址纬度'];
  for (let i = 0; i < rows; i++) lines.push(`客户${i},138${String(i).padStart(8, '0')},${(120 + (i % 1000) * 0.0003).toFixed(5)},${(30 + (i % 997) * 0.0003).toFixed(5)}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Resolves once `ready()` holds, checking as the child runs; rejects if the child ends first. */
function whileRunning(child: ReturnType<typeof spawn>, ready: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (ready()) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error('the first import ended before the state was reached'));
      }
    }, 10);
  });
}

describe('two writers on one project', () => {
  it('a second import and a workbench edit during a CLI import are told who holds the project, in Chinese, and change nothing', async () => {
    const d = scopedTempDir();
    const project = d.file('p.ketu');
    expect(ketu('new', project, '--name', '占用', '--site', '120.1,30.2').status).toBe(0);
    const small = d.file('small.csv');
    writeFileSync(small, '姓名,手机,住址经度,住址纬度\n张三,13900000001,120.1,30.2\n');
    const first = spawn(process.execPath, [bin, 'import', project, bigCsv(d.file('big.csv'), 300_000), '--crs', 'wgs84'], { stdio: 'ignore' });
    const firstDone = new Promise<number | null>((resolve) => first.once('exit', (code) => resolve(code)));
    await whileRunning(first, () => existsSync(writerRecordPath(project)));
    const record = JSON.parse(readFileSync(writerRecordPath(project), 'utf8')) as { holder: string; pid: number };
    expect(record).toMatchObject({ holder: 'ketu import', pid: first.pid });
    const busy = `项目正被另一个导入占用（ketu import，进程 ${String(first.pid)}），请稍后再试`;

    // The workbench (an engine in this process) adds an area while the import holds the write lock.
    const { dispatcher, engine } = createEngineHost(undefined, 'KeTu 工作台');
    try {
      const opened = await dispatcher.call('project.open', { path: project });
      expect(opened.ok).toBe(true);
      const [second, edit] = await Promise.all([
        new Promise<{ status: number | null; stdout: string }>((resolve) => {
          const child = spawn(process.execPath, [bin, 'import', project, small, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
          let stdout = '';
          child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
          child.once('exit', (status) => resolve({ status, stdout }));
        }),
        dispatcher.call('areas.add', { name: '新区域', shape: { kind: 'circle', lng: 120.1, lat: 30.2, radiusM: 1000 } }),
      ]);
      expect(first.exitCode).toBeNull(); // both were refused while the first import still ran
      expect(second.status).toBe(1);
      expect(JSON.parse(second.stdout)).toEqual({ error: { code: 'PROJECT_BUSY', message: busy, details: { file: project, holder: 'ketu import', pid: first.pid, activity: '导入' } } });
      expect(edit).toEqual({ ok: false, error: { code: 'PROJECT_BUSY', message: busy, details: { file: project, holder: 'ketu import', pid: first.pid, activity: '导入' } } });
    } finally {
      engine.close();
    }
    expect(await firstDone).toBe(0);
    expect(existsSync(writerRecordPath(project))).toBe(false);
    // Only the first import landed; the refused import and edit left nothing.
    expect(sqlNumber(project, 'SELECT count(*) FROM imports')).toBe(1);
    expect(sqlNumber(project, 'SELECT count(*) FROM customers')).toBe(300_000);
    expect(sqlNumber(project, 'SELECT count(*) FROM areas')).toBe(0);
  }, 300_000);

  it('a writer record left by a killed process does not block the next import', () => {
    const d = scopedTempDir();
    const project = d.file('p.ketu');
    expect(ketu('new', project, '--name', '残留').status).toBe(0);
    // A pid that cannot be running: the kill test leaves records like this behind.
    writeFileSync(writerRecordPath(project), JSON.stringify({ holder: 'ketu import', activity: '导入', pid: 2 ** 22 + 1, since: '' }));
    const csv = d.file('a.csv');
    writeFileSync(csv, '姓名,手机,住址经度,住址纬度\n张三,13900000001,120.1,30.2\n');
    expect(ketu('import', project, csv, '--crs', 'wgs84').status).toBe(0);
    expect(existsSync(writerRecordPath(project))).toBe(false);
  });

  it('ketu new --force does not replace a project another process is writing', async () => {
    const d = scopedTempDir();
    const project = d.file('p.ketu');
    expect(ketu('new', project, '--name', '在用').status).toBe(0);
    const before = sha256(project);
    // A live process named as the writer, as an import in another window would be.
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(writerRecordPath(project), JSON.stringify({ holder: 'KeTu 工作台', activity: '导入', pid: holder.pid, since: '' }));
      const lines: string[] = [];
      expect(await runCli(['new', project, '--name', '新', '--force', '--json'], (l) => lines.push(l))).toBe(1);
      expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ error: { code: 'PROJECT_BUSY', details: { holder: 'KeTu 工作台', pid: holder.pid } } });
      expect(sha256(project)).toBe(before);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('SQLite’s own errors reach the caller as coded Chinese messages, never its English text', () => {
    const sqlite = (code: string): Error => Object.assign(new Error('database is locked'), { code });
    expect(toWireError(sqlite('SQLITE_BUSY'))).toMatchObject({ code: 'PROJECT_BUSY', message: '项目正被另一个程序写入，请稍后再试' });
    expect(toWireError(sqlite('SQLITE_BUSY_SNAPSHOT')).code).toBe('PROJECT_BUSY');
    expect(toWireError(sqlite('SQLITE_FULL'))).toMatchObject({ code: 'WRITE_FAILED', details: { reason: 'full' } });
    expect(toWireError(sqlite('SQLITE_READONLY_DBMOVED'))).toMatchObject({ code: 'WRITE_FAILED', details: { reason: 'readonly' } });
    expect(toWireError(sqlite('SQLITE_CORRUPT')).code).toBe('PROJECT_CORRUPT');
    for (const code of ['SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_MISMATCH']) expect(toWireError(sqlite(code)).message).not.toContain('database is locked');
  });
});
