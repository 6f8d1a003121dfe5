import { copyFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../native/host/cli.js';
import { tempDir } from '../support/files.js';
import { distinctColours } from './workbench-page.js';

const demo = fileURLToPath(new URL('../../resources/demo/demo.ketu', import.meta.url));

describe('ketu export png', () => {
  const dir = tempDir('ketu-cli-png-');
  afterAll(() => dir.remove());

  it('renders the project in headless Chromium at the requested size and pixel ratio', async () => {
    const project = dir.file('demo.ketu');
    copyFileSync(demo, project);
    const out = process.env.KETU_KEEP_PNG ?? dir.file('map.png');
    const lines: string[] = [];
    const code = await runCli(['export', 'png', project, '--out', out, '--ratio', '2', '--width', '900', '--height', '600', '--json'], (l) => lines.push(l));
    expect(code).toBe(0);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ path: out, width: 1800, height: 1200 });
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([1800, 1200]);
    expect(distinctColours(png)).toBeGreaterThan(50);
  });

  it('refuses a bad pixel ratio before starting a browser', async () => {
    const lines: string[] = [];
    const code = await runCli(['export', 'png', dir.file('none.ketu'), '--out', dir.file('x.png'), '--ratio', '9', '--json'], (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines[0]).toContain('--ratio');
  });
});
