import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../native/host/cli.js';
import { demoCopy, distinctColours } from './workbench-page.js';

describe('ketu export png', () => {
  const { dir, project } = demoCopy('ketu-cli-png-');
  afterAll(() => dir.remove());

  it('renders the project in headless Chromium at the requested size and pixel ratio', async () => {
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
