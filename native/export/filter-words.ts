import type { PlaceFilter } from '../contract/methods.js';

/** Stage names as planners write them (各阶段客户地图). */
export const stageWords: Record<string, string> = { competitors: '竞品客户', visitors: '来访/意向客户', prospects: '拓客登记', deals: '成交客户', field: '外拓' };
/** Place roles as planners write them. */
export const roleWords: Record<string, string> = { home: '住家', work: '工作', leisure: '娱乐' };

const fieldWords: Record<string, string> = {
  role: '地点类型',
  stage: '客户阶段',
  batch: '导入批次',
  industry: '行业',
  product: '产品类型',
  area: '面积',
  price: '总价',
  age: '年龄',
  gender: '性别',
  family: '家庭结构',
  purpose: '置业目的',
  channel: '渠道',
  visitDate: '来访日期',
  dealDate: '成交日期',
  district: '区县',
  city: '城市',
  community: '居住小区',
  employer: '工作单位',
  precision: '定位精度',
};

function range(min: number | null, max: number | null): string {
  if (min === null && max === null) return '不限';
  if (min === null) return `<${max}㎡`;
  if (max === null) return `≥${min}㎡`;
  return `${min}–${max}㎡`;
}

/**
 * A filter in words, for the title and note row of an exported sheet and the label of a grading:
 * 「客户阶段：成交客户；产品类型：洋房」, empty when the filter keeps everything.
 */
export function filterWords(filter: PlaceFilter): string {
  const parts: string[] = [];
  const values = (field: string, list: readonly string[]): string => list.map((v) => (field === 'stage' ? (stageWords[v] ?? v) : field === 'role' ? (roleWords[v] ?? v) : v)).join('、');
  if ((filter.stages?.length ?? 0) > 0) parts.push(`客户阶段：${values('stage', filter.stages ?? [])}`);
  if ((filter.products?.length ?? 0) > 0) parts.push(`产品类型：${(filter.products ?? []).join('、')}`);
  if ((filter.batches?.length ?? 0) > 0) parts.push(`导入批次：${(filter.batches ?? []).join('、')}`);
  if ((filter.roles?.length ?? 0) > 0) parts.push(`地点类型：${values('role', filter.roles ?? [])}`);
  if ((filter.areaRanges?.length ?? 0) > 0) parts.push(`面积段：${(filter.areaRanges ?? []).map((r) => range(r.min, r.max)).join('、')}`);
  const d = filter.dateRange;
  if (d !== undefined && (d.from !== null || d.to !== null)) parts.push(`${fieldWords[d.field] ?? d.field}：${d.from ?? '…'} 至 ${d.to ?? '…'}`);
  for (const f of filter.fields ?? []) {
    if (f.values.length === 0) continue;
    const name = f.field.startsWith('attr:') ? f.field.slice(5) : (fieldWords[f.field] ?? f.field);
    parts.push(`${name}：${values(f.field, f.values)}`);
  }
  return parts.join('；');
}

/** The filter without its stage parts (grading counts every stage by definition). */
export function withoutStages(filter: PlaceFilter): PlaceFilter {
  const rest: PlaceFilter = { ...filter };
  delete rest.stages;
  const kept = filter.fields?.filter((f) => f.field !== 'stage');
  if (kept === undefined || kept.length === 0) delete rest.fields;
  else rest.fields = kept;
  return rest;
}

/** True when the filter narrows anything. */
export function isFiltering(filter: PlaceFilter): boolean {
  return filterWords(filter) !== '';
}
