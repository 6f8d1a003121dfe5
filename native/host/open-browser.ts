import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge'];

/** `ketu serve --open`: an app window in a Chromium-based browser, else the system opener. */
export function openBrowser(url: string, out: (line: string) => void): void {
  const browser = process.env.KETU_BROWSER ?? candidates.find((c) => existsSync(c));
  const [cmd, args] = browser !== undefined ? [browser, [`--app=${url}`, '--no-first-run']] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => out(`无法自动打开浏览器，请手动打开：${url}`));
    child.unref();
  } catch {
    out(`无法自动打开浏览器，请手动打开：${url}`);
  }
}
