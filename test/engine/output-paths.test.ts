import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../native/host/cli.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { openTableSource } from '../../native/import/sources/table-source.js';
import { engineCall, refusalOf } from '../support/engine-call.js';
import { scopedTempDir, sha256 } from '../support/files.js';
import { sqlNumber } from '../support/sql-oracle.js';

const bin = fileURLToPath(new URL('../../build/ketu.mjs', import.meta.url));

/** The built `ketu`, as a user runs it (`node build/build.mjs --native-only` first). */
function ketu(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(fileURLToPath(new URL('../../dist/native/host/cli-main.js', import.meta.url)))) throw new Error('run `node build/build.mjs --native-only` first');
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

function csv(path: string, rows: number, bad = false): string {
  const lines = ['姓名,手机,住址经度,住址纬度'];
  for (let i = 0; i < rows; i++) lines.push(`客户${i},138${String(i).padStart(8, '0')},${(120.1 + (i % 100) * 0.001).toFixed(4)},${(30.2 + (i % 97) * 0.001).toFixed(4)}`);
  if (bad) lines.push('坏行,13900000000,999,30.2');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** A 1×1 PNG: enough for export.png to accept the bytes. */
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('outputs never replace a project', () => {
  it('refuses --report and --out that name the project, its -wal/-shm, a backup, a .ketu or a copy of the project, leaving each byte-identical', async () => {
    const d = scopedTempDir();
    const project = d.file('r.ketu');
    const data = csv(d.file('x.csv'), 3);
    expect(ketu('new', project, '--name', '输出测试', '--site', '120.1,30.2').status).toBe(0);
    expect(ketu('import', project, data, '--crs', 'wgs84').status).toBe(0);
    expect(ketu('areas', 'add', project, '--name', 'A', '--circle', '120.1,30.2,5000').status).toBe(0);
    const copy = d.file('copy.db');
    copyFileSync(project, copy);
    const backup = d.file('r.ketu.v10.bak');
    copyFileSync(project, backup);
    const before = { project: sha256(project), copy: sha256(copy), backup: sha256(backup) };
    const listing = readdirSync(d.dir).sort();
    // The three commands the fault was found with, run as the built CLI …
    for (const args of [
      ['import', project, data, '--report', project, '--json'],
      ['import', project, data, '--dry-run', '--report', project, '--json'],
      ['list', project, '--area', 'A', '--out', project, '--json'],
    ]) {
      const run = ketu(...args);
      expect(run.status, args.join(' ')).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'OUTPUT_REFUSED', details: { file: project } } });
    }
    // … and every protected name through the same CLI code in process (each spawn costs seconds).
    for (const out of [`${project}-wal`, `${project}-shm`, backup, d.file('new.ketu'), copy]) {
      for (const args of [
        ['import', project, data, '--report', out, '--json'],
        ['import', project, data, '--dry-run', '--report', out, '--json'],
        ['list', project, '--area', 'A', '--out', out, '--json'],
      ]) {
        const lines: string[] = [];
        expect(await runCli(args, (l) => lines.push(l)), args.join(' ')).toBe(1);
        expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ error: { code: 'OUTPUT_REFUSED', details: { file: out } } });
        expect((JSON.parse(lines[0] ?? '{}') as { error: { message: string } }).error.message).toContain(`不能写入 ${out}`);
      }
    }
    const pngLines: string[] = [];
    expect(await runCli(['export', 'png', project, '--out', copy, '--json'], (l) => pngLines.push(l))).toBe(1);
    expect(JSON.parse(pngLines[0] ?? '{}')).toMatchObject({ error: { code: 'OUTPUT_REFUSED', details: { file: copy } } });
    // `ketu demo FILE` names an output too: an existing project is not replaced by the demo.
    const demoLines: string[] = [];
    expect(await runCli(['demo', project, '--json'], (l) => demoLines.push(l))).toBe(1);
    expect(JSON.parse(demoLines[0] ?? '{}')).toMatchObject({ error: { code: 'FILE_EXISTS', details: { file: project } } });
    const human = ketu('import', project, data, '--report', project);
    expect(human.stderr.split('\n')[0]).toBe(`错误：不能写入 ${project}：这是项目文件（.ketu）的名字，输出不会覆盖项目。请换一个输出文件名`);
    expect({ project: sha256(project), copy: sha256(copy), backup: sha256(backup) }).toEqual(before);
    expect(readdirSync(d.dir).sort()).toEqual(listing);
    // The refused imports did not run: still one batch.
    expect(sqlNumber(project, 'SELECT count(*) FROM imports')).toBe(1);
  });

  it('applies the same guard to every RPC method that writes a file', async () => {
    const d = scopedTempDir();
    const project = d.file('p.ketu');
    const { dispatcher, engine } = createEngineHost();
    try {
      const call = engineCall(dispatcher);
      await call('project.create', { path: project, name: '接口', site: { lng: 120.1, lat: 30.2 } });
      const batch = await call('import.commit', { file: csv(d.file('x.csv'), 3), crs: 'wgs84' });
      await call('areas.add', { name: 'A', shape: { kind: 'circle', lng: 120.1, lat: 30.2, radiusM: 5000 } });
      engine.close();
      const before = sha256(project);
      await call('project.open', { path: project });
      const refusals = [
        await refusalOf(dispatcher, 'stats.export', { by: 'community', out: project }),
        await refusalOf(dispatcher, 'areas.export', { area: 'A', out: project }),
        await refusalOf(dispatcher, 'imports.report', { batchId: batch.batchId, out: `${project}-wal` }),
        await refusalOf(dispatcher, 'export.png', { path: project, png, overwrite: true }),
        await refusalOf(dispatcher, 'import.preview', { file: d.file('x.csv'), reportOut: `${project}-shm` }),
      ];
      for (const r of refusals) expect(r).toMatch(/^OUTPUT_REFUSED: 不能写入 /);
      engine.close();
      expect(sha256(project)).toBe(before);
    } finally {
      engine.close();
    }
  });

  it('writes the --report of a refused import, and the project is unchanged', async () => {
    const d = scopedTempDir();
    const project = d.file('r.ketu');
    expect(ketu('new', project, '--name', '报告').status).toBe(0);
    const before = sha256(project);
    const report = d.file('问题.xlsx');
    const run = ketu('import', project, csv(d.file('bad.csv'), 2, true), '--crs', 'wgs84', '--report', report);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('导入未执行');
    const rows: unknown[][] = [];
    for await (const row of (await openTableSource(report)).rows()) rows.push(row.values);
    // Title, header, and the one refused row (row 4 of the sheet: header + 2 good rows before it).
    expect(rows.slice(2).map((r) => [r[1], r[5]])).toEqual([[4, '未导入']]);
    expect(sha256(project)).toBe(before);
  });

  it('an export killed while writing leaves the earlier file whole and no half file under the name', async () => {
    const d = scopedTempDir();
    const project = d.file('big.ketu');
    expect(ketu('new', project, '--name', '中断', '--site', '120.1,30.2').status).toBe(0);
    expect(ketu('import', project, csv(d.file('big.csv'), 30_000), '--crs', 'wgs84').status).toBe(0);
    expect(ketu('areas', 'add', project, '--name', 'A', '--circle', '120.1,30.2,50000').status).toBe(0);
    const out = d.file('清单.xlsx');
    writeFileSync(out, 'the earlier list');
    const child = spawn(process.execPath, [bin, 'list', project, '--area', 'A', '--out', out], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Killed as soon as the export has started writing its temporary file beside the target.
    const tmpSeen = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        if (readdirSync(d.dir).some((f) => f.startsWith('清单.xlsx.') && f.includes('.tmp'))) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(true);
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          resolve(false);
        }
      }, 5);
    });
    await exited;
    expect(tmpSeen).toBe(true);
    expect(readdirSync(d.dir).filter((f) => f.startsWith('清单'))[0]).toBe('清单.xlsx');
    expect(readFileSync(out, 'utf8')).toBe('the earlier list');
  }, 120_000);
});
