import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge'];

/** Chromium refuses to start as root unless its sandbox is turned off (containers, fresh VMs). */
export function browserArgs(url: string, isRoot: boolean): string[] {
  return [`--app=${url}`, '--no-first-run', ...(isRoot ? ['--no-sandbox'] : [])];
}

/**
 * `ketu serve --open`: an app window in a Chromium-based browser, else the system opener. Whenever the
 * window does not open (no browser, a refusal, an early non-zero exit) the URL is printed to open by hand.
 */
export function openBrowser(url: string, out: (line: string) => void): void {
  const browser = process.env.KETU_BROWSER ?? candidates.find((c) => existsSync(c));
  const isRoot = process.getuid?.() === 0;
  const [cmd, args] = browser !== undefined ? [browser, browserArgs(url, isRoot)] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  let told = false;
  const fallback = (why: string): void => {
    if (told) return;
    told = true;
    out(`浏览器窗口未能打开（${why}），请手动在浏览器中打开：\n${url}`);
  };
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.on('error', (err) => fallback(err.message));
    // A browser that opened a window keeps running (or hands over to one already open and exits 0).
    child.on('exit', (code, signal) => {
      if (code !== 0) fallback(code === null ? `被信号 ${String(signal)} 终止` : `${cmd} 退出码 ${code}`);
    });
    child.unref();
  } catch (err) {
    fallback(err instanceof Error ? err.message : String(err));
  }
}
