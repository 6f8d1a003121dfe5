import type { ImportField } from '../contract/methods.js';

/** Header variants as they arrive from CRMs and agencies, normalised (no spaces, lower case). */
const headerVariants: Record<ImportField, readonly string[]> = {
  name: ['姓名', '客户姓名', '客户名称', '名字', 'name'],
  phone: ['电话', '手机', '手机号', '手机号码', '联系电话', '电话号码', 'phone', 'mobile', 'tel'],
  community: ['居住小区', '现居住小区', '小区', '小区名称', 'community'],
  address: ['居住地址', '现居住地址', '家庭住址', '住址', '地址', 'address'],
  employer: ['工作单位', '单位', '单位名称', '公司', 'employer', 'company'],
  industry: ['行业', '所属行业', 'industry'],
  lng: ['经度', '居住经度', '住址经度', 'lng', 'lon', 'long', 'longitude', 'x'],
  lat: ['纬度', '居住纬度', '住址纬度', 'lat', 'latitude', 'y'],
  workLng: ['单位经度', '工作经度', 'work_lng', 'worklng'],
  workLat: ['单位纬度', '工作纬度', 'work_lat', 'worklat'],
};

export function normaliseHeader(header: string): string {
  return header.replace(/[\s\u3000（）()【】[\]：:]/g, '').toLowerCase();
}

const lookup = new Map<string, ImportField>();
for (const [field, variants] of Object.entries(headerVariants) as Array<[ImportField, readonly string[]]>) {
  for (const v of variants) lookup.set(normaliseHeader(v), field);
}

/** The KeTu field a header means, or null if it is kept as a custom attribute. */
export function fieldForHeader(header: string): ImportField | null {
  return lookup.get(normaliseHeader(header)) ?? null;
}
