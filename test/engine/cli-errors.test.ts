import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngineHost } from '../../native/host/in-process.js';
import { scopedTempDir, sha256 } from '../support/files.js';

const bin = fileURLToPath(new URL('../../build/ketu.mjs', import.meta.url));

function ketu(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(fileURLToPath(new URL('../../dist/native/host/cli-main.js', import.meta.url)))) throw new Error('run `node build/build.mjs --native-only` first');
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

describe('CLI errors are one line in Chinese with the usage', () => {
  it('an unknown option, a missing value and an unknown command: no stack, the command usage, non-zero exit, the project unchanged', () => {
    const d = scopedTempDir();
    const project = d.file('p.ketu');
    expect(ketu('new', project, '--name', '参数').status).toBe(0);
    const before = sha256(project);
    const info = ketu('info', project, '--totals', '3');
    expect(info.status).toBe(1);
    expect(info.stderr.split('\n')[0]).toBe('错误：未知选项：--totals');
    expect(info.stderr).not.toMatch(/TypeError|ERR_PARSE_ARGS|\n\s+at /);
    const stats = ketu('stats', project, '--totals', '3');
    expect(stats.status).toBe(1);
    // The usage printed is exactly what `ketu help stats` prints.
    expect(`${stats.stderr}\n`).toBe(`错误：未知选项：--totals\n\n${ketu('help', 'stats').stdout}`);
    expect(stats.stderr).not.toContain('ketu new');
    const missing = ketu('info', project, '--name');
    expect(missing.status).toBe(1);
    expect(missing.stderr.split('\n')[0]).toBe('错误：选项 --name 需要一个值');
    expect(missing.stderr).toContain('ketu info FILE');
    const flag = ketu('info', project, '--json=yes');
    expect(flag.status).toBe(1);
    expect(flag.stderr.split('\n')[0]).toBe('错误：选项 --json 不需要值');
    const bogus = ketu('frobnicate', project);
    expect(bogus.status).toBe(1);
    expect(bogus.stderr.split('\n')[0]).toBe('错误：未知命令：frobnicate（ketu help 列出全部命令）');
    expect(sha256(project)).toBe(before);
  });

  it('ketu help COMMAND shows that command alone; an unknown one is an error', () => {
    const areas = ketu('help', 'areas');
    expect(areas.status).toBe(0);
    expect(areas.stdout).toContain('ketu areas opportunities FILE --radius');
    expect(areas.stdout).not.toContain('ketu new');
    expect(ketu('list', '--help').stdout).toContain('ketu list FILE --area NAME --out LIST.xlsx');
    const unknown = ketu('help', 'nope');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.split('\n')[0]).toBe('错误：未知命令：nope（ketu help 列出全部命令）');
  });

  it('an engine parameter error names the field in Chinese and keeps zod’s issues in details', async () => {
    const d = scopedTempDir();
    const { dispatcher, engine } = createEngineHost();
    try {
      await dispatcher.call('project.create', { path: d.file('z.ketu'), name: '参数' });
      const cases: Array<[string, unknown, string]> = [
        ['areas.add', { name: 3, shape: { kind: 'circle', lng: 120, lat: 30, radiusM: 100 } }, '参数无效：「name」应为文本，收到的是数字'],
        ['stats.ranking', { by: 'street' }, '参数无效：「by」应为 community、employer、building、industry、district、city 之一'],
        ['stats.ranking', { by: 'community', top: 0 }, '参数无效：「top」值不能小于 1'],
        ['project.create', { path: '', name: 'x' }, '参数无效：「path」不能为空'],
      ];
      for (const [method, params, message] of cases) {
        const reply = await dispatcher.call(method, params);
        expect(reply.ok).toBe(false);
        if (reply.ok) continue;
        expect(reply.error.code).toBe('INVALID_PARAMS');
        expect(reply.error.message).toBe(message);
        expect(reply.error.message).not.toMatch(/Invalid|expected|received/);
        expect((reply.error.details?.issues as string[])[0]).toMatch(/: (Invalid|Too small)/);
      }
    } finally {
      engine.close();
    }
  });
});
