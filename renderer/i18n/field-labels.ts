import type { ImportField } from '../../native/contract/index.js';
import type { Lang } from './i18n.js';

/**
 * Names of KeTu's customer fields, as the import preview shows the column mapping. Partial on
 * purpose: the engine may add a field before the UI names it, and then the raw key is shown.
 */
const labels: Record<Lang, Partial<Record<ImportField, string>>> = {
  'zh-CN': {
    name: '姓名', phone: '电话', gender: '性别', age: '年龄', community: '居住小区', address: '现居住地址',
    homeDistrict: '居住区县', employer: '工作单位', workAddress: '单位地址', industry: '行业', position: '职务',
    family: '家庭结构', purpose: '置业目的', visitDate: '来访日期', dealDate: '成交日期', unit: '房号',
    product: '产品类型', area: '面积', price: '总价', channel: '认知渠道', consultant: '置业顾问', note: '备注',
    lng: '经度', lat: '纬度', workLng: '单位经度', workLat: '单位纬度', leisure: '娱乐场所',
  },
  en: {
    name: 'Name', phone: 'Phone', gender: 'Gender', age: 'Age', community: 'Community', address: 'Home address',
    homeDistrict: 'Home district', employer: 'Employer', workAddress: 'Work address', industry: 'Industry',
    position: 'Position', family: 'Family', purpose: 'Purpose', visitDate: 'Visit date', dealDate: 'Deal date',
    unit: 'Unit', product: 'Product', area: 'Area', price: 'Price', channel: 'Channel', consultant: 'Consultant',
    note: 'Note', lng: 'Longitude', lat: 'Latitude', workLng: 'Work longitude', workLat: 'Work latitude',
    leisure: 'Leisure places',
  },
};

export function fieldLabel(lang: Lang, field: ImportField): string {
  return labels[lang][field] ?? field;
}

/** Place fields that are not import fields (see builtinPlaceFields). */
const placeOnly: Record<Lang, Record<string, string>> = {
  'zh-CN': { role: '地点类型', stage: '客户阶段', batch: '导入批次', district: '区县', city: '城市', precision: '定位精度', industry: '行业' },
  en: { role: 'Place type', stage: 'Stage', batch: 'Import batch', district: 'District', city: 'City', precision: 'Precision', industry: 'Industry' },
};

/** A field of places.fields as planners name it: builtin names translated, `attr:列名` shown as the sheet's header. */
export function placeFieldLabel(lang: Lang, field: string): string {
  if (field.startsWith('attr:')) return field.slice('attr:'.length);
  return placeOnly[lang][field] ?? labels[lang][field as ImportField] ?? field;
}
