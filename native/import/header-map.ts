import type { ImportField } from '../contract/methods.js';

/** Header variants as they arrive from CRMs and agencies, normalised (no spaces, lower case). */
const headerVariants: Record<ImportField, readonly string[]> = {
  name: ['姓名', '客户姓名', '客户名称', '客户', '名字', 'name'],
  phone: ['电话', '手机', '手机号', '手机号码', '联系电话', '联系方式', '电话号码', '客户电话', 'phone', 'mobile', 'tel'],
  gender: ['性别', 'gender', 'sex'],
  age: ['年龄', '年龄段', 'age'],
  community: ['居住小区', '现居住小区', '小区', '小区名称', '居住楼盘', 'community'],
  address: ['居住地址', '现居住地址', '现居住地', '家庭住址', '家庭地址', '住址', '地址', 'address'],
  homeDistrict: ['居住区域', '居住区县', '所在区域', '区域', 'district'],
  employer: ['工作单位', '单位', '单位名称', '工作单位名称', '公司', '公司名称', 'employer', 'company'],
  workAddress: ['单位地址', '工作地址', '公司地址', '办公地址', 'workaddress'],
  leisure: ['娱乐场所', '娱乐地点', '休闲场所', '休闲娱乐', '常去商场', '常去场所', '常去地点', '会所', 'leisure'],
  industry: ['行业', '所属行业', '从事行业', '行业类别', 'industry'],
  position: ['职务', '职位', '岗位', 'position', 'title'],
  family: ['家庭结构', '家庭成员', 'family'],
  purpose: ['置业目的', '购房目的', '购买目的', 'purpose'],
  visitDate: ['来访日期', '来访时间', '到访日期', '首次来访日期', 'visitdate'],
  dealDate: ['成交日期', '成交时间', '签约日期', '认购日期', 'dealdate'],
  unit: ['房号', '房源', '楼栋房号', 'unit'],
  product: ['产品类型', '产品', '物业类型', '业态', 'product'],
  area: ['面积', '成交面积', '成交面积㎡', '成交面积m2', '建筑面积', '面积㎡', '意向面积', 'area'],
  price: ['总价', '成交总价', '成交总价万元', '成交金额', '总价万元', 'price'],
  channel: ['认知渠道', '来访渠道', '渠道', '客户来源', '媒体渠道', 'channel'],
  consultant: ['置业顾问', '销售顾问', '顾问', 'consultant'],
  note: ['备注', '说明', 'note', 'remark'],
  lng: ['经度', '居住经度', '住址经度', '家庭经度', '百度经度', '高德经度', 'GPS经度', 'lng', 'lon', 'long', 'longitude', 'x'],
  lat: ['纬度', '居住纬度', '住址纬度', '家庭纬度', '百度纬度', '高德纬度', 'GPS纬度', 'lat', 'latitude', 'y'],
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
