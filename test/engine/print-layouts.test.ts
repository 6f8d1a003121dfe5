import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultPrintLayout, migratePrintLayout, PRINT_LAYOUT_VERSION } from '../../native/contract/print-layout.js';
import type { PrintLayout } from '../../native/contract/print-layout.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { scaleBar } from '../../native/print/scale-bar.js';
import { engineCall, refusalOf } from '../support/engine-call.js';
import { scopedTempDir } from '../support/files.js';
import { sqlRows } from '../support/sql-oracle.js';

describe('print layouts saved in the project file', () => {
  it('lists the five templates, saves an edited one, and reads it back after reopening', async () => {
    const path = scopedTempDir().file('print.ketu');
    const { dispatcher, engine } = createEngineHost();
    const call = engineCall(dispatcher);
    await call('project.create', { path, name: '打印', site: { lng: 120.1, lat: 30.2 } });
    const first = await call('print.layouts.list', {});
    expect(first.map((l) => l.id)).toEqual(['地图1', '地图2', '排名', '区域', '修订']);
    expect(first[0]).toMatchObject({ paper: 'A3', landscape: true, dpi: 300 });

    const edited: PrintLayout = { ...defaultPrintLayout('地图1'), paper: 'A4', dpi: 150, legendPosition: 'bottom-left', texts: { title: '地图1 · 试稿', compiler: '编制：策划部' }, elements: { ...defaultPrintLayout('地图1').elements, northArrow: false } };
    await call('print.layouts.save', { layout: edited });
    await call('project.close', {});
    engine.close();

    // The row is versioned JSON, as layers are.
    const rows = sqlRows<{ id: string; layout: string }>(path, 'SELECT id, layout FROM print_layouts');
    expect(rows.map((r) => r.id)).toEqual(['地图1']);
    expect(JSON.parse(rows[0]?.layout ?? '{}')).toMatchObject({ version: PRINT_LAYOUT_VERSION, layout: { paper: 'A4', dpi: 150 } });

    const again = createEngineHost();
    const call2 = engineCall(again.dispatcher);
    await call2('project.open', { path });
    const listed = await call2('print.layouts.list', {});
    expect(listed.find((l) => l.id === '地图1')).toEqual(edited);
    expect(await refusalOf(again.dispatcher, 'print.layouts.save', { layout: { ...edited, dpi: 72 as 150 } })).toMatch(/^INVALID_PARAMS/);
    again.engine.close();
  });

  it('migrates version-1 and version-2 layouts and refuses one from a newer KeTu instead of dropping it', async () => {
    const path = scopedTempDir().file('old-print.ketu');
    const { dispatcher, engine } = createEngineHost();
    const call = engineCall(dispatcher);
    await call('project.create', { path, name: '旧版式' });
    await call('project.close', {});
    engine.close();
    // Version 2 had corner presets only (no placements) and no overview switch.
    const v2 = JSON.parse(JSON.stringify(defaultPrintLayout('地图1'))) as Record<string, unknown> & { elements: Record<string, unknown> };
    delete v2.placements;
    delete v2.elements.overview;
    // Version 1 had no legendPosition, siteMarker or rankings either, and a legendRight switch instead.
    const v1 = JSON.parse(JSON.stringify({ ...v2, id: '地图2', template: '地图2' })) as typeof v2;
    delete v1.legendPosition;
    delete v1.elements.siteMarker;
    delete v1.elements.rankings;
    const db = new Database(path);
    db.prepare("INSERT INTO print_layouts (id, layout, updated_at) VALUES ('地图2', ?, '2025-01-01')").run(JSON.stringify({ version: 1, layout: { ...v1, legendRight: false } }));
    db.prepare("INSERT INTO print_layouts (id, layout, updated_at) VALUES ('地图1', ?, '2025-06-01')").run(JSON.stringify({ version: 2, layout: { ...v2, legendPosition: 'bottom-left' } }));
    db.close();

    const again = createEngineHost();
    const call2 = engineCall(again.dispatcher);
    await call2('project.open', { path });
    const m2 = (await call2('print.layouts.list', {})).find((l) => l.id === '地图2');
    expect(m2).toMatchObject({ legendPosition: 'top-left', elements: { siteMarker: true, rankings: false, title: true, overview: false }, placements: {} });
    const m1 = (await call2('print.layouts.list', {})).find((l) => l.id === '地图1');
    expect(m1).toMatchObject({ legendPosition: 'bottom-left', elements: { overview: false }, placements: {} });
    again.engine.close();

    expect(() => migratePrintLayout({ version: PRINT_LAYOUT_VERSION + 1, layout: {} })).toThrow(/更新版本/);
    // Version 2 had no 修订 template: its layouts carry over unchanged, a 修订 one could only be damage.
    expect(migratePrintLayout({ version: 2, layout: defaultPrintLayout('排名') })).toEqual(defaultPrintLayout('排名'));
    expect(() => migratePrintLayout({ version: 2, layout: defaultPrintLayout('修订') })).toThrow(/无法读取/);
    expect(migratePrintLayout({ version: 3, layout: defaultPrintLayout('修订') })).toEqual(defaultPrintLayout('修订'));
  });

  it('picks a round scale bar length no wider than asked', () => {
    // 10 m per CSS px: 1 mm on paper = 37.8 m; 80 mm ≈ 3,024 m → 2 公里, 52.9 mm.
    const s = scaleBar(10, 80);
    expect(s).toMatchObject({ metres: 2000, label: '2 公里' });
    expect(s.widthMm).toBeCloseTo((2000 / 10) * (25.4 / 96), 6);
    expect(scaleBar(0.5, 30)).toMatchObject({ metres: 50, label: '50 米' });
  });
});
