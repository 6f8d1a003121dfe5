import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { KetuError } from '../contract/errors.js';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Quiet, offline flags: no background calls home, WebGL through SwiftShader when there is no GPU. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export function chromiumPath(): string {
  const found = process.env.KETU_CHROMIUM ?? candidates.find((c) => existsSync(c));
  if (found === undefined) {
    throw new KetuError('EXPORT_FAILED', '找不到 Chromium 浏览器：请安装 chromium（Debian: apt-get install chromium）或设置 KETU_CHROMIUM 指向浏览器程序');
  }
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
}
