import { copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlNumber } from '../support/sql-oracle.js';
import { tempDir } from '../support/files.js';
import { Workbench } from './workbench-page.js';

const demo = fileURLToPath(new URL('../../resources/demo/demo.ketu', import.meta.url));

describe('the workbench opened with a one-time launch code', () => {
  const dir = tempDir('ketu-e2e-launch-');
  let wb: Workbench;

  beforeAll(async () => {
    if (!existsSync(demo)) throw new Error('run `node build/build.mjs` first: it generates resources/demo/demo.ketu');
    copyFileSync(demo, dir.file('demo.ketu'));
    wb = await Workbench.start(dir.file('demo.ketu'), { viaLaunchCode: true });
  });

  afterAll(async () => {
    await wb.close();
    dir.remove();
  });

  it('trades the code for the token, draws the project, drops the code from the address bar and survives a reload', async () => {
    const places = sqlNumber(dir.file('demo.ketu'), 'SELECT count(*) FROM places');
    await wb.waitReady(places);
    expect(await wb.page.evaluate(() => location.hash)).toBe('');
    expect(await wb.page.evaluate(() => sessionStorage.getItem('ketu.token'))).toBe(wb.host.token);
    // The code is spent; a reload connects with the token the page kept for this tab.
    await wb.page.reload();
    await wb.waitReady(places);
  });
});
