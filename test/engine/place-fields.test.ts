import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSING_CODE } from '../../native/contract/layers.js';
import type { FieldColumn } from '../../native/contract/layers.js';
import type { PlaceColumns, PlaceFilter } from '../../native/contract/methods.js';
import { generateDemo } from '../../native/demo/generate-demo.js';
import type { Dispatcher } from '../../native/host/dispatch.js';
import { runCli } from '../../native/host/cli.js';
import { PlaceFieldStore } from '../../native/store/place-fields.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { countMask, filterFieldNames, filterMask } from '../../renderer/map/filter-mask.js';
import { tempDir, writeXlsx } from '../support/files.js';
import type { Cell } from '../support/files.js';
import { resourcesDir } from '../support/resources.js';
import { engineCall } from '../support/engine-call.js';


const header: Cell[] = ['姓名', '手机', '居住小区', '经度', '纬度', '工作单位', '所属行业', '单位经度', '单位纬度', '产品类型', '面积', '总价', '来访日期', '成交日期', '客户等级'];
const products = ['洋房', '别墅', '商铺', '公寓', null];
// Values on and near the 面积段 cut points, text that is no area, and blanks.
const areas: Cell[] = [89.5, 90, 119.99, 120, 144, 160, '大约一百', null];
const industries = ['金融业', '教育', '信息传输、软件和信息技术服务业'];

/** A sales-office sheet with every kind of field, gaps included; row i is deterministic. */
function sheetRows(from: number, to: number): Cell[][] {
  const rows: Cell[][] = [header];
  for (let i = from; i < to; i++) {
    const day = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    const deal = i % 3 === 0 ? new Date(Date.UTC(2024, 0, 20 + i)).toISOString().slice(0, 10) : null;
    const works = i % 4 !== 0;
    rows.push([
      `客户${i}`,
      13900000000 + i,
      `小区${i % 9}`,
      120.1 + (i % 17) * 0.004,
      30.22 + (i % 13) * 0.003,
      works ? `公司${i % 6}` : null,
      works ? (industries[i % 3] ?? null) : null,
      works ? 120.15 + (i % 11) * 0.003 : null,
      works ? 30.26 + (i % 7) * 0.002 : null,
      products[i % 5] ?? null,
      areas[i % 8] ?? null,
      i % 6 === 0 ? null : 150 + i,
      i % 10 === 9 ? null : day,
      deal,
      ['A', 'B', 'C'][i % 3] ?? null,
    ]);
  }
  return rows;
}

/** The filters held to the same count in SQL and in the renderer's mask. */
function filtersFor(batch: number): Array<[string, PlaceFilter]> {
  return [
    ['stage', { stages: ['deals'] }],
    ['products', { products: ['洋房', '别墅'] }],
    ['batch', { batches: [batch] }],
    ['role', { roles: ['work'] }],
    ['area below 90', { areaRanges: [{ min: null, max: 90 }] }],
    ['two area bands', { areaRanges: [{ min: 90, max: 120 }, { min: 144, max: null }] }],
    ['open area range', { areaRanges: [{ min: null, max: null }] }],
    ['visit dates', { dateRange: { field: 'visitDate', from: '2024-02-01', to: '2024-03-15' } }],
    ['deals up to', { dateRange: { field: 'dealDate', from: null, to: '2024-03-01' } }],
    ['custom attribute', { fields: [{ field: 'attr:客户等级', values: ['A', 'C'] }] }],
    ['industry of work places', { roles: ['work'], fields: [{ field: 'industry', values: ['金融业'] }] }],
    ['number field value', { fields: [{ field: 'area', values: ['120', '89.5'] }] }],
    ['date field value', { fields: [{ field: 'visitDate', values: ['2024-01-07', '2025-11-03'] }] }],
    ['community', { fields: [{ field: 'community', values: ['小区3', '桂花城'] }] }],
    ['unknown attribute', { fields: [{ field: 'attr:没有这一列', values: ['x'] }] }],
    [
      'everything at once',
      { stages: ['visitors', 'deals'], products: ['公寓', '洋房'], areaRanges: [{ min: null, max: 130 }], dateRange: { field: 'visitDate', from: '2024-01-10', to: null }, roles: ['home'] },
    ],
  ];
}

async function maskCount(dispatcher: Dispatcher, columns: PlaceColumns, filter: PlaceFilter): Promise<number> {
  const fields = new Map<string, FieldColumn>();
  for (const field of filterFieldNames(filter)) fields.set(field, await engineCall(dispatcher)('places.field', { field }));
  return countMask(columns.count, filterMask(columns.count, fields, filter));
}

describe('place fields on an imported project', () => {
  const dir = tempDir();
  const path = dir.file('fields.ketu');
  const { dispatcher, engine } = createEngineHost();
  const batches: number[] = [];
  let columns: PlaceColumns;
  let db: Database.Database;

  beforeAll(async () => {
    await writeXlsx(dir.file('来访.xlsx'), sheetRows(0, 150));
    await writeXlsx(dir.file('成交.xlsx'), sheetRows(150, 240));
    await engineCall(dispatcher)('project.create', { path, name: '字段测试', city: '杭州市' });
    for (const [file, stage] of [['来访.xlsx', 'visitors'], ['成交.xlsx', 'deals']] as const) {
      batches.push((await engineCall(dispatcher)('import.commit', { file: dir.file(file), stage, crs: 'wgs84' })).batchId);
    }
    columns = await engineCall(dispatcher)('places.columns', {});
    db = new Database(path, { readonly: true });
  });
  afterAll(() => {
    db.close();
    engine.close();
    dir.remove();
  });

  it('lists the builtin fields present, with kinds, and custom columns as attr:', async () => {
    const infos = await engineCall(dispatcher)('places.fields', {});
    const byName = new Map(infos.map((f) => [f.field, f]));
    expect(byName.get('role')).toMatchObject({ kind: 'category', present: columns.count, distinct: 2 });
    expect(byName.get('area')?.kind).toBe('number');
    expect(byName.get('visitDate')?.kind).toBe('date');
    expect(byName.get('product')).toMatchObject({ kind: 'category', distinct: 4 });
    expect(byName.get('attr:客户等级')).toMatchObject({ kind: 'category', distinct: 3 });
    // No sheet had 年龄 or 渠道: fields without values are not offered.
    expect(byName.has('age')).toBe(false);
    expect(byName.has('channel')).toBe(false);
    const placesWithArea = db
      .prepare("SELECT count(*) FROM places p JOIN customer_records r ON r.id = p.record_id WHERE json_type(r.attributes, '$.area') IN ('integer', 'real')")
      .pluck()
      .get() as number;
    expect(byName.get('area')?.present).toBe(placesWithArea);
  });

  it('gives a custom field the kind the list gives it, before any list was made', async () => {
    const infos = await engineCall(dispatcher)('places.fields', {});
    // A fresh store has no list yet: a filter on attr:… decides the kind from that one attribute.
    for (const info of infos) expect([info.field, new PlaceFieldStore(db).sql(info.field).kind]).toEqual([info.field, info.kind]);
    expect(infos.some((f) => f.field.startsWith('attr:'))).toBe(true);
  });

  it('gives each field aligned with places.columns, categories ordered by count', async () => {
    const raw = db
      .prepare(
        `SELECT p.fid, p.role, r.stage, json_extract(r.attributes, '$.product') AS product, json_extract(r.attributes, '$.area') AS area,
           json_extract(r.attributes, '$.visitDate') AS visit, json_extract(r.attributes, '$.客户等级') AS grade
         FROM places p LEFT JOIN customer_records r ON r.id = p.record_id ORDER BY p.fid`,
      )
      .all() as Array<{ fid: number; role: string; stage: string; product: string | null; area: number | string | null; visit: string | null; grade: string | null }>;
    expect(raw.map((r) => r.fid)).toEqual([...columns.ids]);

    const product = await engineCall(dispatcher)('places.field', { field: 'product' });
    if (product.kind !== 'category') throw new Error('product should be a category');
    expect(product.codes.length).toBe(columns.count);
    expect([...product.codes].map((c) => (c === MISSING_CODE ? null : product.labels[c]))).toEqual(raw.map((r) => r.product));
    const counts = product.labels.map((_, code) => product.codes.filter((c) => c === code).length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    const area = await engineCall(dispatcher)('places.field', { field: 'area' });
    if (area.kind !== 'number') throw new Error('area should be a number');
    expect([...area.values].map((v) => (Number.isNaN(v) ? null : v))).toEqual(raw.map((r) => (typeof r.area === 'number' ? Math.fround(r.area) : null)));

    const visit = await engineCall(dispatcher)('places.field', { field: 'visitDate' });
    if (visit.kind !== 'date') throw new Error('visitDate should be a date');
    expect([...visit.values].map((v) => (Number.isNaN(v) ? null : new Date(v * 86_400_000).toISOString().slice(0, 10)))).toEqual(raw.map((r) => r.visit));

    const grade = await engineCall(dispatcher)('places.field', { field: 'attr:客户等级' });
    if (grade.kind !== 'category') throw new Error('grade should be a category');
    expect([...grade.codes].map((c) => (c === MISSING_CODE ? null : grade.labels[c]))).toEqual(raw.map((r) => r.grade));

    const roles = await engineCall(dispatcher)('places.field', { field: 'role' });
    if (roles.kind !== 'category') throw new Error('role should be a category');
    expect([...roles.codes].map((c) => roles.labels[c])).toEqual(raw.map((r) => r.role));
  });

  it('refuses a field it does not know, in Chinese', async () => {
    const r = await dispatcher.call('places.field', { field: 'colour' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'INVALID_PARAMS', message: expect.stringContaining('未知的字段') as unknown });
  });

  it('pairs each customer row’s home with its work place', async () => {
    const pairs = await engineCall(dispatcher)('places.pairs', { from: 'home', to: 'work' });
    const expected = db
      .prepare("SELECT a.fid AS home, b.fid AS work FROM places a JOIN places b ON b.record_id = a.record_id AND b.role = 'work' WHERE a.role = 'home' ORDER BY a.fid")
      .all() as Array<{ home: number; work: number }>;
    const got = [...pairs.from].map((f, k) => ({ home: columns.ids[f], work: columns.ids[pairs.to[k] ?? 0] })).sort((a, b) => (a.home ?? 0) - (b.home ?? 0));
    expect(got).toEqual(expected);
    expect(expected.length).toBeGreaterThan(100);
  });

  it('counts the same places in the renderer mask as in the engine SQL, for every filter', async () => {
    const batch = batches[0] ?? 0;
    for (const [name, filter] of filtersFor(batch)) {
      const sql = (await engineCall(dispatcher)('areas.count', { by: 'role', filter })).total;
      expect({ name, count: await maskCount(dispatcher, columns, filter) }).toEqual({ name, count: sql });
      // Each filter narrows to some but not all places (the unknown column to none): none is vacuous.
      if (name === 'unknown attribute') expect(sql).toBe(0);
      else expect({ name, narrows: sql > 0 && sql < columns.count }).toEqual({ name, narrows: true });
    }
  });

  it('filters as a planner reads them, by independent counts', async () => {
    const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
    const from = 'FROM places p JOIN customer_records r ON r.id = p.record_id';
    const total = async (filter: PlaceFilter): Promise<number> => (await engineCall(dispatcher)('areas.count', { by: 'role', filter })).total;
    expect(await total({ stages: ['deals'] })).toBe(count(`SELECT count(*) ${from} WHERE r.stage = 'deals'`));
    // 90–120: 90 and 119.99 are in, 120 is in the next band, text is no area.
    expect(await total({ areaRanges: [{ min: 90, max: 120 }] })).toBe(count(`SELECT count(*) ${from} WHERE json_extract(r.attributes, '$.area') IN (90, 119.99)`));
    expect(await total({ dateRange: { field: 'visitDate', from: '2024-02-01', to: '2024-02-29' } })).toBe(
      count(`SELECT count(*) ${from} WHERE json_extract(r.attributes, '$.visitDate') BETWEEN '2024-02-01' AND '2024-02-29'`),
    );
    const ranking = await engineCall(dispatcher)('stats.ranking', { by: 'community', top: 50, filter: { fields: [{ field: 'attr:客户等级', values: ['B'] }] } });
    expect(ranking.total).toBe(count(`SELECT count(DISTINCT p.customer_id) ${from} WHERE p.role = 'home' AND p.name IS NOT NULL AND json_extract(r.attributes, '$.客户等级') = 'B'`));
  });

  it('ketu stats --filter reads every part of the filter as the engine does', async () => {
    const lines: string[] = [];
    const code = await runCli(
      ['stats', path, '--by', 'community', '--top', '50', '--json', '--filter', 'stage=visitors,deals', '--filter', 'area=<90,120-144', '--filter', 'date=来访日期:2024-01-10..', '--filter', 'attr:客户等级=A,B', '--filter', 'role=住家'],
      (l) => lines.push(l),
    );
    expect(code).toBe(0);
    const filter: PlaceFilter = {
      stages: ['visitors', 'deals'],
      areaRanges: [{ min: null, max: 90 }, { min: 120, max: 144 }],
      dateRange: { field: 'visitDate', from: '2024-01-10', to: null },
      fields: [{ field: 'attr:客户等级', values: ['A', 'B'] }],
      roles: ['home'],
    };
    const expected = await engineCall(dispatcher)('stats.ranking', { by: 'community', top: 50, filter });
    expect(JSON.parse(lines.join('\n'))).toEqual(expected);
    expect(expected.total).toBeGreaterThan(0);

    const bad: string[] = [];
    expect(await runCli(['stats', path, '--by', 'community', '--filter', 'area=九十-120'], (l) => bad.push(l))).toBe(1);
  });

  it('keeps the map settings across a reopen, with defaults before any save', async () => {
    expect(await engineCall(dispatcher)('map.get', {})).toEqual({ filter: {}, areaBands: [90, 120, 144], basemap: 'bundled' });
    const filter: PlaceFilter = { stages: ['deals'], areaRanges: [{ min: 90, max: 120 }] };
    await engineCall(dispatcher)('map.save', { filter });
    await engineCall(dispatcher)('map.save', { areaBands: [144, 80, 100] });
    await engineCall(dispatcher)('project.close', {});
    await engineCall(dispatcher)('project.open', { path });
    expect(await engineCall(dispatcher)('map.get', {})).toEqual({ filter, areaBands: [80, 100, 144], basemap: 'bundled' });
    await engineCall(dispatcher)('map.save', { filter: {} });
  });
});

describe('place fields on the demo project', () => {
  const dir = tempDir();
  const path = dir.file('demo.ketu');
  const { dispatcher, engine } = createEngineHost();
  let columns: PlaceColumns;

  beforeAll(async () => {
    generateDemo(path, resourcesDir);
    await engineCall(dispatcher)('project.open', { path });
    columns = await engineCall(dispatcher)('places.columns', {});
  });
  afterAll(() => {
    engine.close();
    dir.remove();
  });

  it('counts the same places in the renderer mask as in the engine SQL, for every filter', async () => {
    const batch = (await engineCall(dispatcher)('imports.list', {}))[1]?.id ?? 0;
    const district = (await engineCall(dispatcher)('stats.ranking', { by: 'district', top: 2 })).rows.map((r) => r.key);
    const filters: Array<[string, PlaceFilter]> = [...filtersFor(batch), ['districts', { fields: [{ field: 'district', values: district } ] }], ['gender', { fields: [{ field: 'gender', values: ['女'] }], roles: ['home', 'leisure'] }]];
    for (const [name, filter] of filters) {
      const sql = (await engineCall(dispatcher)('areas.count', { by: 'role', filter })).total;
      expect({ name, count: await maskCount(dispatcher, columns, filter) }).toEqual({ name, count: sql });
    }
    // The demo's visitors and deals carry dates, so the date filters are not vacuous there.
    expect(await maskCount(dispatcher, columns, { dateRange: { field: 'visitDate', from: '2025-06-01', to: '2025-06-30' } })).toBeGreaterThan(0);
  });
});
