import { describe, expect, it } from 'vitest';
import { chromiumCandidates } from '../../native/export/headless-chromium.js';

describe('the browser print and export drive', () => {
  it('is looked for where Windows, macOS and Linux desktops keep Edge, Chrome or Chromium', () => {
    const win = chromiumCandidates('win32', { 'ProgramFiles(x86)': 'C:\\Program Files (x86)', ProgramFiles: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\王\\AppData\\Local' });
    expect(win[0]).toBe('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(win).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(win).toContain('C:\\Users\\王\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe');
    const mac = chromiumCandidates('darwin', { HOME: '/Users/wang' });
    expect(mac[0]).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(mac).toContain('/Users/wang/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
    expect(chromiumCandidates('linux', {})[0]).toBe('/usr/bin/chromium');
  });
});
