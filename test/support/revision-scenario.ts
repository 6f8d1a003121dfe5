import type { EngineCall } from './engine-call.js';
import { writeXlsx } from './files.js';
import type { Cell } from './files.js';

/*
 * A plan of 300 prospects (西湖区 150 in area 西湖片区, 拱墅区 120 in area 拱墅片区, 滨江区 30, 萧山区 none)
 * and 101 deals that shift in known ways: every ten deals are 西湖 4, 拱墅 1, 滨江 1, 萧山 4, one every
 * two days from 2023-01-01. The inventory is 180 units, so the third (60 units) sold on deal 60.
 * Two columns are kept at import: 关注点 (plan 学区/交通, deals 环境/学区) and 客户编号 (one per row).
 */
export const scenarioHeader: Cell[] = ['姓名', '手机', '居住小区', '经度', '纬度', '工作单位', '所属行业', '单位经度', '单位纬度', '置业目的', '家庭结构', '年龄', '认知渠道', '产品类型', '面积', '成交日期', '房号', '家庭年收入', '关注点', '客户编号'];
export const clusters = { 西湖: [120.12, 30.26], 拱墅: [120.17, 30.28], 滨江: [120.21, 30.21], 萧山: [120.27, 30.18] } as const;
export type Cluster = keyof typeof clusters;
const DAY0 = Date.UTC(2023, 0, 1);
export const dayOf = (i: number): string => new Date(DAY0 + 2 * i * 86_400_000).toISOString().slice(0, 10);

function row(i: number, where: Cluster, phone: number, deal: { date: string; unit: string; product: string } | null): Cell[] {
  const [lng, lat] = clusters[where];
  // A small spiral keeps each cluster well inside its 1.5–2 km circle.
  const a = i * 2.4;
  const r = 0.0004 * Math.sqrt(i % 40);
  const finance = where === '西湖' || (deal !== null && where === '萧山' && i % 2 === 0);
  return [
    `客户${phone}`,
    phone,
    `${where}小区${i % 5}`,
    lng + r * Math.cos(a),
    lat + r * Math.sin(a),
    `${where}公司${i % 3}`,
    finance ? '金融业' : '软件和信息技术服务业',
    120.16,
    30.27,
    deal === null ? (i % 3 === 0 ? '投资' : '首置') : '改善',
    i % 2 === 0 ? '三口之家' : '二人世界',
    deal === null ? 32 + (i % 6) : 38 + (i % 12),
    deal === null ? '户外广告' : i % 4 === 0 ? '老带新' : '户外广告',
    deal?.product ?? (i % 2 === 0 ? '洋房' : '高层'),
    deal === null ? 89 + (i % 3) * 20 : 120 + (i % 4) * 10,
    deal?.date ?? null,
    deal?.unit ?? null,
    deal === null ? null : i % 2 === 0 ? '50-100万' : '30-50万',
    // Kept at import (no field of KeTu's): a mix of its own; an id per customer is no mix.
    deal === null ? (i % 3 === 0 ? '学区' : '交通') : i % 2 === 0 ? '环境' : '学区',
    `K${phone}`,
  ];
}

const dealOrder: Cluster[] = ['西湖', '西湖', '西湖', '西湖', '拱墅', '滨江', '萧山', '萧山', '萧山', '萧山'];
export const deals = Array.from({ length: 100 }, (_, i) => ({ where: dealOrder[i % 10] as Cluster, date: dayOf(i), unit: `${1 + Math.floor(i / 20)}-${101 + i}`, product: i % 2 === 0 ? '洋房' : '高层' }));
// A 房号 sold a second time, to another buyer: flagged, counted once.
deals.push({ where: '滨江', date: dayOf(100), unit: deals[99]?.unit ?? '', product: '高层' });
export const THIRD = dayOf(59);

/**
 * Builds the scenario in a new project at `project` (files written next to `file(name)`): prospects, the two
 * plan areas, the map filtered to prospects saved as version 前期定位版, then the deals and 180 units.
 */
export async function buildRevisionScenario(call: EngineCall, project: string, file: (name: string) => string): Promise<void> {
  await call('project.create', { path: project, name: '云栖江澜府', site: { lng: 120.15, lat: 30.25 } });
  const planRows: Cell[][] = [];
  let phone = 13900000000;
  const plan: Array<[Cluster, number]> = [['西湖', 150], ['拱墅', 120], ['滨江', 30]];
  for (const [where, n] of plan) for (let i = 0; i < n; i++) planRows.push(row(i, where, phone++, null));
  await writeXlsx(file('prospects.xlsx'), [scenarioHeader, ...planRows]);
  await writeXlsx(file('deals.xlsx'), [scenarioHeader, ...deals.map((d, i) => row(i, d.where, 13700000000 + i, d))]);
  await call('import.commit', { file: file('prospects.xlsx'), crs: 'wgs84', stage: 'prospects' });
  await call('areas.add', { name: '西湖片区', grade: 'A', shape: { kind: 'circle', lng: 120.12, lat: 30.26, radiusM: 2000 } });
  await call('areas.add', { name: '拱墅片区', grade: 'B', shape: { kind: 'circle', lng: 120.17, lat: 30.28, radiusM: 1500 } });
  await call('map.save', { filter: { stages: ['prospects'] } });
  await call('versions.save', { name: '前期定位版', view: { center: { lng: 120.15, lat: 30.25 }, zoom: 12 } });
  await call('import.commit', { file: file('deals.xlsx'), crs: 'wgs84', stage: 'deals' });
  await call('units.set', { total: 180, products: { 洋房: 100, 高层: 80 } });
}
