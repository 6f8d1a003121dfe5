import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../native/host/cli.js';
import { customerHeader, hangzhouRows, sha256, scopedTempDir, writeXlsx } from '../support/files.js';


async function cli(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCli(args, (l) => lines.push(l));
  return { code, lines };
}

describe('ketu CLI', () => {
  it('new, import and info, with --json', async () => {
    const d = scopedTempDir();
    const file = d.file('cli.ketu');
    expect((await cli('new', file, '--name', '云栖江澜府', '--site', '120.1,30.2')).code).toBe(0);
    const xlsx = d.file('data.xlsx');
    await writeXlsx(xlsx, [customerHeader, ...hangzhouRows(8)]);
    const dry = await cli('import', file, xlsx, '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.lines[0] ?? '{}')).toMatchObject({ rowsRead: 8, usable: 8, rejected: 0 });
    const imported = await cli('import', file, xlsx, '--crs', 'wgs84', '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.lines[0] ?? '{}')).toMatchObject({ customers: 8, places: 16 });
    const info = await cli('info', file, '--json');
    expect(JSON.parse(info.lines[0] ?? '{}')).toMatchObject({ name: '云栖江澜府', counts: { customers: 8, places: 16, sites: 1, imports: 1 } });
    const human = await cli('info', file);
    expect(human.lines.join('\n')).toContain('本案：云栖江澜府');
  });

  it('exits non-zero with a clear message and leaves files untouched', async () => {
    const d = scopedTempDir();
    const file = d.file('e.ketu');
    await cli('new', file, '--name', '项目');
    const before = sha256(file);
    const bad = await cli('info', d.file('none.ketu'), '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.lines[0] ?? '{}')).toMatchObject({ error: { code: 'FILE_NOT_FOUND' } });
    expect((await cli('new', d.file('x.ketu'), '--name', 'x', '--site', '120.1', '--json')).lines[0]).toContain('INVALID_PARAMS');
    expect((await cli('import', file, d.file('none.xlsx'), '--crs', 'bd09', '--json')).code).toBe(1);
    expect((await cli('frobnicate', '--json')).code).toBe(1);
    expect(sha256(file)).toBe(before);
  });

  it('runs as the built `ketu` bin with a non-zero exit on error', () => {
    const bin = fileURLToPath(new URL('../../build/ketu.mjs', import.meta.url));
    if (!existsSync(fileURLToPath(new URL('../../dist/native/host/cli-main.js', import.meta.url)))) {
      throw new Error('run `npm run build` before the engine tests: the bin runs the compiled CLI');
    }
    const ok = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('ketu new FILE');
    const bad = spawnSync(process.execPath, [bin, 'info', '/nonexistent/p.ketu'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('找不到文件');
  });
});
