import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { KetuError } from '../contract/errors.js';

import { win32 } from 'node:path';

/**
 * Where a Chromium-family browser lives on each desktop, most likely first. Windows 10/11 always has Edge and
 * a Mac often has Chrome, so print and export work there without installing anything (KETU_CHROMIUM overrides).
 */
export function chromiumCandidates(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string[] {
  if (platform === 'win32') {
    const roots = [env['ProgramFiles(x86)'], env.ProgramFiles, env.LOCALAPPDATA].filter((r): r is string => r !== undefined && r !== '');
    return roots.flatMap((root) => [win32.join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'), win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'), win32.join(root, 'Chromium', 'Application', 'chrome.exe')]);
  }
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge', 'Chromium.app/Contents/MacOS/Chromium'];
    return [...apps.map((a) => `/Applications/${a}`), ...(env.HOME === undefined ? [] : apps.map((a) => `${env.HOME}/Applications/${a}`))];
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/microsoft-edge'];
}

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
  const found = process.env.KETU_CHROMIUM ?? chromiumCandidates(process.platform, process.env).find((c) => existsSync(c));
  if (found === undefined) {
    throw new KetuError('EXPORT_FAILED', '找不到 Chromium 内核的浏览器（Chrome、Edge 或 Chromium）：请安装其一（Debian: apt-get install chromium）或设置 KETU_CHROMIUM 指向浏览器程序');
  }
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
}
