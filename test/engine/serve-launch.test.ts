import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../native/contract/frame.js';
import { scopedTempDir } from '../support/files.js';

const bin = fileURLToPath(new URL('../../build/ketu.mjs', import.meta.url));

describe('ketu serve --open', () => {
  it('starts the browser with a one-time launch code, never the token, and the code is worthless once traded', async () => {
    if (!existsSync(fileURLToPath(new URL('../../dist/native/host/cli-main.js', import.meta.url)))) throw new Error('run `node build/build.mjs --native-only` first');
    const d = scopedTempDir();
    const project = d.file('s.ketu');
    expect(spawnSync(process.execPath, [bin, 'new', project, '--name', '启动码'], { encoding: 'utf8' }).status).toBe(0);
    // The "browser" records its command line: what `ps` shows every local user.
    const argsFile = d.file('browser-args.txt');
    const browser = d.file('browser.sh');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`);
    chmodSync(browser, 0o755);
    const serve = spawn(process.execPath, [bin, 'serve', project, '--open', '--json'], { env: { ...process.env, KETU_BROWSER: browser }, stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const started = await new Promise<{ url: string; openUrl: string }>((resolve, reject) => {
        let text = '';
        serve.stdout.on('data', (c: Buffer) => {
          text += c.toString('utf8');
          if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0] ?? '') as { url: string; openUrl: string });
        });
        serve.once('exit', () => reject(new Error('ketu serve ended')));
      });
      const token = /#token=([0-9a-f]+)/.exec(started.openUrl)?.[1] ?? '';
      expect(token).toMatch(/^[0-9a-f]{48}$/);
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (existsSync(argsFile) && readFileSync(argsFile, 'utf8').includes('\n')) {
            clearInterval(timer);
            resolve();
          }
        }, 10);
      });
      const commandLine = readFileSync(argsFile, 'utf8');
      expect(commandLine).not.toContain(token);
      const code = /--app=http:\/\/127\.0\.0\.1:\d+\/#launch=([0-9a-f]+)/.exec(commandLine)?.[1];
      expect(code).toMatch(/^[0-9a-f]{48}$/);

      const trade = (): Promise<Response> => fetch(`${started.url}/launch`, { method: 'POST', body: code ?? '' });
      const first = await trade();
      expect(first.status).toBe(200);
      expect(await first.text()).toBe(token);
      // Whoever reads the command line later gets nothing from it.
      expect((await trade()).status).toBe(401);
      expect((await fetch(`${started.url}/launch`, { method: 'POST', body: 'guess' })).status).toBe(401);
      const rpc = await fetch(`${started.url}/rpc`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: encodeFrame({ method: 'project.info', params: {} }) as BlobPart });
      expect(decodeFrame(new Uint8Array(await rpc.arrayBuffer()))).toMatchObject({ ok: true, result: { name: '启动码' } });
    } finally {
      serve.kill('SIGTERM');
    }
  }, 60_000);
});
