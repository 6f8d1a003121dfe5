import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../native/export/headless-chromium.js';
import { writerRecordPath } from '../../native/store/writer-record.js';
import { scopedTempDir, sha256 } from '../support/files.js';
import { sqlNumber, sqlText } from '../support/sql-oracle.js';
import { writeV10Project } from '../support/v10-project.js';
import { Workbench } from './workbench-page.js';

const shots = process.env.KETU_SHOTS;
const bin = fileURLToPath(new URL('../../build/ketu.mjs', import.meta.url));
const CSV = '姓名,手机,住址经度,住址纬度\n张三,13900000001,120.1,30.2\n李四,13900000002,120.2,30.3\n王五,13900000003,120.15,30.25\n';

let wb: Workbench | null = null;
afterEach(async () => {
  await wb?.close();
  wb = null;
});

async function shot(name: string): Promise<void> {
  if (shots !== undefined && wb !== null) await wb.page.screenshot({ path: `${shots}/${name}.png` });
}

/** A window host with its own recent-projects file and default folder in `d`. */
function recentsIn(d: ReturnType<typeof scopedTempDir>): { file: string; projectsDir: string } {
  return { file: d.file('config/recent-projects.json'), projectsDir: d.file('KeTu') };
}

async function call(w: Workbench, method: 'project.create' | 'project.close', params: Record<string, unknown>): Promise<void> {
  const reply = await w.dispatcher.call(method, params);
  if (!reply.ok) throw new Error(reply.error.message);
}

/** Drops one file on the window as a desktop would: dragover, then drop, carrying a DataTransfer. */
async function dropFile(w: Workbench, name: string, text: string): Promise<void> {
  await w.page.evaluate(
    ([n, body]) => {
      const data = new DataTransfer();
      data.items.add(new File([body], n));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [name, text] as const,
  );
}

describe('projects and files without typing paths', () => {
  it('lists recent projects on the start screen: one click opens, a vanished file is shown missing and can be removed', async () => {
    const d = scopedTempDir();
    const recents = recentsIn(d);
    wb = await Workbench.start(null, { recents });
    const a = d.file('甲.ketu');
    const b = d.file('乙.ketu');
    await call(wb, 'project.create', { path: b, name: '乙项目' });
    await call(wb, 'project.create', { path: a, name: '甲项目', site: { lng: 120.12, lat: 30.16 } });
    await call(wb, 'project.close', {});
    rmSync(b);
    await wb.page.reload();
    const { page } = wb;
    const rows = page.getByTestId('empty-state').getByTestId('recent-project');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    expect(await rows.nth(0).innerText()).toContain('甲项目');
    expect(await rows.nth(1).getAttribute('data-missing')).toBe('true');
    expect(await rows.nth(1).innerText()).toContain('文件已不在原处');
    expect(await rows.nth(1).locator('.recent-open').isDisabled()).toBe(true);
    await shot('start-screen-recents');
    await rows.nth(1).getByTestId('recent-remove').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect((JSON.parse(readFileSync(recents.file, 'utf8')) as { projects: Array<{ path: string }> }).projects.map((p) => p.path)).toEqual([a]);
    await rows.nth(0).locator('.recent-open').click();
    await expect.poll(() => wb?.shell.projectName().innerText(), { timeout: 30_000 }).toContain('甲项目');
  });

  it('creates a project from the start screen (本案 found by name in the gazetteer, a 竞品 placed by clicking the map), edits its sites with undo, and never creates over an existing file', async () => {
    const d = scopedTempDir();
    const recents = recentsIn(d);
    wb = await Workbench.start(null, { recents });
    const { page } = wb;
    await page.getByTestId('empty-new-button').click();
    const dialog = page.getByTestId('new-project-dialog');
    await dialog.waitFor();
    await page.getByTestId('new-project-name').fill('桂语江南');
    await page.getByTestId('new-project-city').fill('杭州市');
    const path = `${recents.projectsDir}/桂语江南.ketu`;
    await expect.poll(() => page.getByTestId('new-project-path').innerText()).toContain(path);
    await page.getByTestId('new-project-site-search').fill('桂花城');
    const hit = page.getByTestId('new-project-site-search-hits').getByRole('button').first();
    await expect.poll(() => hit.innerText(), { timeout: 15_000 }).toContain('桂花城');
    await hit.click();
    await expect.poll(() => page.getByTestId('new-project-site').innerText()).toContain('桂花城');
    // The map has flown to 桂花城; a click beside it places a competitor there.
    await page.getByTestId('new-project-place-competitor').check();
    const map = page.getByTestId('new-project-map');
    await expect.poll(() => map.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    const box = await map.boundingBox();
    if (box === null) throw new Error('no map');
    await page.mouse.click(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40);
    await expect.poll(() => page.getByTestId('new-project-competitors').locator('li').count()).toBe(1);
    await expect.poll(() => map.locator('[data-testid="new-project-map-marker"]').count()).toBe(2);
    await shot('new-project-dialog');
    await page.getByTestId('new-project-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => wb?.shell.projectName().innerText(), { timeout: 30_000 }).toContain('桂语江南');

    // 桂花城 as the bundled gazetteer has it (WGS-84), the competitor east and south of it (a click right of and below centre).
    expect(sqlText(path, "SELECT value FROM ketu_meta WHERE key = 'city'")).toBe('杭州市');
    expect(sqlNumber(path, "SELECT count(*) FROM sites WHERE kind = 'project'")).toBe(1);
    expect(sqlNumber(path, "SELECT count(*) FROM sites WHERE kind = 'competitor' AND name = '竞品 1'")).toBe(1);
    const info = await wb.dispatcher.call('project.info', {});
    if (!info.ok) throw new Error(info.error.message);
    const sites = (info.result as { sites: Array<{ kind: string; lng: number; lat: number }> }).sites;
    const own = sites.find((s) => s.kind === 'project');
    const rival = sites.find((s) => s.kind === 'competitor');
    expect(own?.lng).toBeCloseTo(120.1087, 4);
    expect(own?.lat).toBeCloseTo(30.28907, 4);
    expect(rival?.lng).toBeGreaterThan(own?.lng ?? Infinity);
    expect(rival?.lat).toBeLessThan(own?.lat ?? -Infinity);
    expect(rival?.lng).toBeLessThan((own?.lng ?? 0) + 0.05);

    // 项目设置: the competitor renamed, moved on the map and removed; each step undone in turn.
    const rivalLng = async (): Promise<number | null> => {
      const r = await wb?.dispatcher.call('project.info', {});
      const s = r?.ok === true ? (r.result as { sites: Array<{ kind: string; lng: number }> }).sites.find((x) => x.kind === 'competitor') : undefined;
      return s?.lng ?? null;
    };
    const placedLng = await rivalLng();
    await page.evaluate(() => window.postMessage({ type: 'ketu:command', id: 'file.settings' }, '*'));
    const settings = page.getByTestId('project-settings-dialog');
    await settings.waitFor();
    const rows = settings.getByTestId('settings-site');
    await expect.poll(() => rows.count()).toBe(2);
    const nameField = rows.nth(1).getByTestId('settings-site-name');
    await nameField.fill('竞品乙');
    await nameField.press('Enter');
    await expect.poll(() => sqlText(path, "SELECT name FROM sites WHERE kind = 'competitor'")).toBe('竞品乙');
    await rows.nth(1).getByTestId('settings-site-move').click();
    const settingsMap = page.getByTestId('settings-map');
    await expect.poll(() => settingsMap.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    const mbox = await settingsMap.boundingBox();
    if (mbox === null) throw new Error('no map');
    await page.mouse.click(mbox.x + 30, mbox.y + mbox.height / 2);
    await expect.poll(rivalLng).toBeLessThan(placedLng ?? -Infinity);
    await rows.nth(1).getByTestId('settings-site-remove').click();
    await expect.poll(() => sqlNumber(path, "SELECT count(*) FROM sites WHERE kind = 'competitor'")).toBe(0);
    await settings.getByRole('button', { name: '关闭' }).last().click();
    await wb.press('Control+z');
    await expect.poll(() => sqlText(path, "SELECT name FROM sites WHERE kind = 'competitor'")).toBe('竞品乙');
    await wb.press('Control+z');
    await expect.poll(rivalLng).toBeCloseTo(placedLng ?? 0, 6);
    await wb.press('Control+z');
    await expect.poll(() => sqlText(path, "SELECT name FROM sites WHERE kind = 'competitor'")).toBe('竞品 1');

    // The same name again: refused by the engine, the file as it was.
    await call(wb, 'project.close', {});
    const before = sha256(path);
    await page.getByTestId('empty-new-button').click();
    await page.getByTestId('new-project-name').fill('桂语江南');
    await expect.poll(() => page.getByTestId('new-project-path').innerText()).toContain(path);
    await page.getByTestId('new-project-submit').click();
    await expect.poll(() => wb?.dialogError(), { timeout: 15_000 }).toContain('文件已存在');
    expect(sha256(path)).toBe(before);
  });

  it('imports a sheet picked with the file input (uploaded to the engine) and one dropped on the window; opens a dropped recent project', async () => {
    const d = scopedTempDir();
    const recents = recentsIn(d);
    const project = d.file('导入.ketu');
    const other = d.file('另一个.ketu');
    wb = await Workbench.start(null, { recents });
    await call(wb, 'project.create', { path: other, name: '另一个' });
    await call(wb, 'project.create', { path: project, name: '导入测试', site: { lng: 120.15, lat: 30.25 } });
    const { page } = wb;
    await expect.poll(() => wb?.shell.projectName().innerText(), { timeout: 30_000 }).toContain('导入测试');
    await wb.waitReady();

    const sheet = d.file('来访客户.csv');
    writeFileSync(sheet, CSV);
    await wb.shell.importButton().click();
    await page.getByTestId('import-browse-input').setInputFiles(sheet);
    // The path the engine reads is the upload's, under the sheet's own name; the preview follows by itself.
    await expect.poll(() => page.getByTestId('import-path').inputValue(), { timeout: 15_000 }).toMatch(/ketu-uploads-.*来访客户\.csv$/);
    await expect.poll(() => page.getByTestId('import-commit').isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('import-commit').click();
    await expect.poll(() => sqlNumber(project, 'SELECT count(*) FROM customers'), { timeout: 30_000 }).toBe(3);
    expect(sqlText(project, 'SELECT source_file FROM imports')).toMatch(/来访客户\.csv$/);
    await page.getByTestId('import-dialog').waitFor({ state: 'detached', timeout: 30_000 });

    await dropFile(wb, '成交客户.csv', CSV.replace('张三', '赵六'));
    await page.getByTestId('import-dialog').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('import-path').inputValue(), { timeout: 15_000 }).toMatch(/成交客户\.csv$/);
    await expect.poll(() => page.getByTestId('import-commit').isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('import-commit').click();
    await expect.poll(() => sqlNumber(project, 'SELECT count(*) FROM imports'), { timeout: 30_000 }).toBe(2);
    await page.getByTestId('import-dialog').waitFor({ state: 'detached', timeout: 30_000 });

    // Something else dropped says what can be dropped.
    await dropFile(wb, '照片.png', 'x');
    await expect.poll(() => page.getByTestId('drop-error').innerText()).toContain('只能打开 .ketu 项目');
    // A dropped .ketu opens where it lies: the browser gives no path, the recent list names it.
    await dropFile(wb, '另一个.ketu', readFileSync(other).toString('latin1'));
    await expect.poll(() => wb?.shell.projectName().innerText(), { timeout: 30_000 }).toContain('另一个');
    // …and one the list does not know is not opened as a copy: the planner is asked for its path.
    await dropFile(wb, '陌生.ketu', 'x');
    await expect.poll(() => page.getByTestId('drop-error').innerText()).toContain('浏览器无法得知「陌生.ketu」所在的位置');
    expect(existsSync(d.file('陌生.ketu'))).toBe(false);

    // The open dialog's file chooser: a recent project picked with the file input opens.
    await wb.shell.openButton().click();
    await page.getByTestId('open-browse-input').setInputFiles(project);
    await expect.poll(() => wb?.shell.projectName().innerText(), { timeout: 30_000 }).toContain('导入测试');
  });

  it('shows the upgrade of an older project as a progress bar while it migrates', async () => {
    const d = scopedTempDir();
    const old = d.file('旧项目.ketu');
    writeV10Project(old, 200_000);
    // The engine in a process of its own (as `ketu serve` runs): a migration blocks its thread, not this test's.
    const serve = spawn(process.execPath, [bin, 'serve', '--json'], { env: { ...process.env, KETU_CONFIG_DIR: d.file('config'), KETU_PROJECTS_DIR: d.file('KeTu') }, stdio: ['ignore', 'pipe', 'ignore'] });
    const browser = await launchChromium();
    try {
      const openUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        serve.stdout.on('data', (c: Buffer) => {
          out += c.toString('utf8');
          const line = out.split('\n')[0];
          if (out.includes('\n') && line !== undefined) resolve((JSON.parse(line) as { openUrl: string }).openUrl);
        });
        serve.once('exit', () => reject(new Error('ketu serve ended')));
      });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(openUrl);
      await page.getByTestId('empty-state').waitFor({ timeout: 60_000 });
      await page.getByTestId('empty-open-button').click();
      await page.getByTestId('open-path').fill(old);
      await page.getByTestId('open-submit').click();
      const progress = page.getByTestId('opening-progress');
      await expect.poll(() => progress.getAttribute('data-phase', { timeout: 1000 }).catch(() => null), { timeout: 60_000, interval: 50 }).toBe('migrate');
      expect(await progress.innerText()).toMatch(/正在升级项目文件：第 \d+ \/ \d+ 步/);
      // Best effort: a font subset the page has not loaded yet waits for the engine the migration keeps busy.
      if (shots !== undefined) await page.screenshot({ path: `${shots}/migration-progress.png`, timeout: 5000 }).catch(() => undefined);
      await progress.waitFor({ state: 'detached', timeout: 240_000 });
      await expect.poll(() => page.getByTestId('project-name').innerText(), { timeout: 60_000 }).not.toBe('未打开项目');
      expect(existsSync(`${old}.v10.bak`)).toBe(true);
    } finally {
      await browser.close();
      serve.kill('SIGTERM');
    }
  }, 300_000);

  it('an edit made while a CLI import holds the project says who holds it, waits, and lands after the import', async () => {
    const d = scopedTempDir();
    const project = d.file('占用.ketu');
    wb = await Workbench.start(null, { recents: recentsIn(d) });
    await call(wb, 'project.create', { path: project, name: '占用', site: { lng: 120.1, lat: 30.2 } });
    const { page } = wb;
    await wb.waitReady();
    const lines = ['姓名,手机,住址经度,住址纬度'];
    for (let i = 0; i < 300_000; i++) lines.push(`客户${i},138${String(i).padStart(8, '0')},${(120 + (i % 1000) * 0.0003).toFixed(5)},${(30 + (i % 997) * 0.0003).toFixed(5)}`);
    const big = d.file('big.csv');
    writeFileSync(big, `${lines.join('\n')}\n`);
    // 本案1公里 is an areas.add from the workbench, made ready before the import so one click lands inside it.
    await wb.areas.open();
    await wb.areas.tab('rings');
    await wb.areas.ringRadii().fill('1');
    const child = spawn(process.execPath, [bin, 'import', project, big, '--crs', 'wgs84'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await expect.poll(() => existsSync(writerRecordPath(project)), { timeout: 60_000, interval: 20 }).toBe(true);
    await page.getByTestId('ring-create').click();
    const message = page.getByTestId('project-busy-message');
    // Refused at once (no wait on SQLite's lock) while the import's record names it.
    await expect.poll(() => message.innerText().catch(() => ''), { timeout: 30_000 }).toBe(`项目正被另一个导入占用（ketu import，进程 ${String(child.pid)}），请稍后再试`);
    expect(child.exitCode).toBeNull();
    expect(sqlNumber(project, 'SELECT count(*) FROM areas')).toBe(0);
    await shot('project-busy');
    expect(await exited).toBe(0);
    await expect.poll(() => sqlNumber(project, 'SELECT count(*) FROM areas'), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('project-busy').waitFor({ state: 'detached' });
    // The edit waited for the import instead of failing: both are in the file.
    expect(sqlNumber(project, 'SELECT count(*) FROM customers')).toBe(300_000);
    expect(sqlText(project, 'SELECT name FROM areas')).toBe('本案1公里');
  }, 300_000);
});
