import { toHalfWidth } from './text.js';

import { industrySections } from '../../contract/industry-sections.js';
import type { SectionCode } from '../../contract/industry-sections.js';

export { industrySections };
export type { SectionCode };

export interface IndustrySection {
  section: SectionCode;
  name: string;
}

const sectionNames = new Map<SectionCode, string>(industrySections.map((s) => [s.code, s.name]));

function section(code: SectionCode): IndustrySection {
  return { section: code, name: sectionNames.get(code) ?? '' };
}

/** Spaces and the punctuation inside official names, which sheets write inconsistently (农林牧渔业). */
function squeeze(text: string): string {
  return toHalfWidth(text)
    .toLowerCase()
    .replace(/[\s、，,·•()（）[\]【】]/g, '');
}

// Official names, plus the 2002 and 2011 names still found in older CRM exports and statistics yearbooks.
const officialNames: ReadonlyArray<readonly [string, SectionCode]> = [
  ...industrySections.map((s) => [squeeze(s.name), s.code] as const),
  [squeeze('电力、燃气及水的生产和供应业'), 'D'],
  [squeeze('信息传输、计算机服务和软件业'), 'I'],
  [squeeze('居民服务和其他服务业'), 'O'],
  [squeeze('卫生、社会保障和社会福利业'), 'Q'],
  [squeeze('公共管理和社会组织'), 'S'],
];

/**
 * How CRM sheets actually write industries, by section. Matching takes the longest keyword found,
 * so 电子商务 (I) beats 电子 (C) and 基金会 (S) beats 基金 (J).
 */
export const industryKeywords: Readonly<Record<SectionCode, readonly string[]>> = {
  A: ['农业', '农民', '务农', '种植', '养殖', '林业', '林场', '畜牧', '渔业', '渔民', '水产', '农场', '果园', '苗木', '茶农', '农林', '农业合作社'],
  B: ['采矿', '矿业', '矿山', '煤矿', '煤炭', '石油', '油田', '天然气开采', '采石'],
  C: [
    '制造', '工厂', '加工厂', '车间', '汽车制造', '汽车零部件', '电子', '电子厂', '电器', '家电', '机械', '机电', '化工',
    '纺织', '印染', '服装厂', '制衣', '鞋厂', '制药', '药业', '医药', '医疗器械', '钢铁', '冶金', '五金', '模具', '食品厂',
    '食品加工', '酿酒', '啤酒', '烟草', '卷烟厂', '造纸', '印刷', '塑料', '橡胶', '家具厂', '半导体', '芯片', '光伏', '石化',
  ],
  D: ['电力', '供电', '电网', '国家电网', '供电局', '发电', '电厂', '燃气', '煤气', '自来水', '水务', '供水', '水厂', '热力', '供热'],
  E: ['建筑', '建筑业', '施工', '建设', '建工', '建筑公司', '装修', '装饰', '装潢', '建材', '做工程', '工程公司', '工程队', '建设工程', '市政工程', '路桥', '土建'],
  F: [
    '贸易', '商贸', '外贸', '进出口', '批发', '零售', '超市', '商场', '百货', '服装店', '商店', '商铺', '门店', '专卖店',
    '4s店', '汽车销售', '药店', '药房', '小商品', '建材市场', '经销商',
  ],
  G: [
    '交通', '运输', '物流', '快递', '航空', '机场', '铁路', '高铁', '地铁', '公交', '出租车', '客运', '货运', '港口',
    '码头', '航运', '海运', '邮政', '邮局', '仓储', '司机', '驾驶员',
  ],
  H: ['餐饮', '饭店', '餐厅', '餐馆', '酒店', '宾馆', '旅馆', '民宿', '住宿', '酒楼', '快餐', '咖啡', '茶楼', '厨师'],
  I: [
    'it', '互联网', '网络', '软件', '电商', '电子商务', '通信', '通讯', '电信', '移动', '联通', '信息技术', '信息',
    '计算机', '程序员', '大数据', '云计算', '网络游戏', '游戏', '科技',
  ],
  J: ['金融', '银行', '证券', '券商', '保险', '基金', '投资', '信托', '期货', '理财', '信贷', '贷款', '小额贷款', '担保', '典当', '信用社', '支付'],
  K: ['房地产', '地产', '房产', '物业', '物业管理', '中介', '房产中介', '置业', '置业顾问', '房产销售', '开发商', '房地产开发'],
  L: [
    '律师', '律所', '律师事务所', '法务', '会计', '会计师事务所', '审计', '咨询', '广告', '租赁', '人力资源', '猎头',
    '商务服务', '企业管理', '旅行社', '会展', '保安', '税务师事务所',
  ],
  M: ['科研', '研究所', '研究院', '设计院', '设计', '建筑设计', '规划设计', '检测', '检验', '测绘', '勘察', '技术服务', '实验室', '生物科技'],
  N: ['水利', '环保', '环境', '园林', '绿化', '环卫', '市政', '公园', '景区', '风景区', '污水处理', '垃圾处理'],
  O: ['家政', '维修', '修理', '美容', '美发', '理发', '美甲', '洗浴', '足浴', '保姆', '月嫂', '保洁', '洗车', '汽修', '婚庆', '摄影'],
  P: ['教育', '教师', '老师', '学校', '培训', '大学', '中学', '小学', '幼儿园', '高校', '学院', '教培', '辅导', '教授', '校长'],
  Q: ['医疗', '医院', '医生', '护士', '卫生', '卫生院', '诊所', '疾控', '社区医院', '养老院', '敬老院', '社工', '牙科', '口腔', '体检'],
  R: [
    '文化', '传媒', '媒体', '体育', '娱乐', '影视', '电影', '电视台', '广电', '广播', '出版', '报社', '新闻', '记者', '艺术',
    '演艺', '音乐', '健身', '彩票', '博物馆', '图书馆',
  ],
  // GB/T 4754 has no section for the armed forces; CRM practice files 部队/军人/武警 under S (国家机构).
  S: [
    '公务员', '政府', '机关', '事业单位', '街道', '社区', '村委', '居委会', '党委', '人大', '政协', '部队', '军人', '军队',
    '武警', '公安', '警察', '派出所', '交警', '法院', '检察院', '税务', '税务局', '海关', '工商局', '市场监管', '城管', '社保',
    '民政', '消防', '协会', '商会', '基金会', '工会', '教育局', '卫生局', '卫健委', '住建局', '国土局', '规划局', '财政局',
    '人社局', '环保局', '水利局', '交通局',
  ],
  T: ['国际组织', '联合国', '大使馆', '领事馆'],
};

/** Keywords that name a job function rather than an industry: they count only when nothing better matches. */
const weakKeywords: ReadonlySet<string> = new Set(['科技', '设计', '信息', '网络', '司机', '驾驶员', '咨询', '事业单位']);

const keywordList: ReadonlyArray<readonly [string, SectionCode]> = (Object.entries(industryKeywords) as Array<[SectionCode, readonly string[]]>).flatMap(
  ([code, words]) => words.map((w) => [w, code] as const),
);

function findKeyword(text: string, keyword: string): number {
  // ASCII keywords (IT) must stand alone, or 'it' would match inside 'security'.
  if (/^[a-z0-9]+$/.test(keyword)) {
    const m = new RegExp(`(?<![a-z])${keyword}(?![a-z])`).exec(text);
    return m ? m.index : -1;
  }
  return text.indexOf(keyword);
}

interface Match {
  code: SectionCode;
  length: number;
  weak: boolean;
}

function byKeyword(text: string): Match | null {
  let best: (Match & { end: number }) | null = null;
  for (const [keyword, code] of keywordList) {
    const at = findKeyword(text, keyword);
    if (at < 0) continue;
    const candidate = { code, weak: weakKeywords.has(keyword), length: keyword.length, end: at + keyword.length };
    // Strong beats weak, longer beats shorter; on a tie the later keyword wins, because a Chinese
    // compound names its kind last (交通银行 is a bank, 社区医院 a hospital).
    if (
      best === null ||
      (best.weak && !candidate.weak) ||
      (best.weak === candidate.weak && (candidate.length > best.length || (candidate.length === best.length && candidate.end > best.end)))
    ) {
      best = candidate;
    }
  }
  return best;
}

function byOfficialName(text: string): Match | null {
  let best: Match | null = null;
  for (const [name, code] of officialNames) {
    if (text.includes(name) && (best === null || name.length > best.length)) best = { code, length: name.length, weak: false };
  }
  return best;
}

// Fragments that occur in official names but say nothing about an industry when written alone.
const emptyFragments: ReadonlySet<string> = new Set(['其他', '其它', '生产', '国际', '供应', '和其他']);

/** A fragment of exactly one section's official name (交通运输, 社会工作), tried after the keywords. */
function byNameFragment(text: string): SectionCode | null {
  if (text.length < 2 || emptyFragments.has(text)) return null;
  const holders = new Set(officialNames.filter(([name]) => name.includes(text)).map(([, code]) => code));
  return holders.size === 1 ? ([...holders][0] ?? null) : null;
}

export type OccupationClass = 'retired' | 'student' | 'unemployed' | 'self-employed';

/**
 * Answers to 行业 that are not industries in GB/T 4754. 个体/私营 are often filed under F (批发和零售业)
 * by convention, but that guesses: they stay unclassified unless the text also names a trade.
 */
export const nonIndustry: Readonly<Record<OccupationClass, readonly string[]>> = {
  retired: ['退休', '离休', '退养', '内退', '已退'],
  student: ['学生', '大学生', '研究生', '博士生', '硕士生', '在读'],
  unemployed: ['无业', '待业', '失业', '无工作', '家庭主妇', '全职太太', '全职妈妈', '家庭妇女', '主妇', '在家'],
  'self-employed': ['个体', '个体户', '个体工商户', '个体经营', '私营', '私营业主', '私企老板', '企业主', '老板', '自由职业', '自由职业者', '自营', '做生意', '生意人', '经商'],
};

const occupationTerms: ReadonlyArray<readonly [string, OccupationClass]> = (Object.entries(nonIndustry) as Array<[OccupationClass, readonly string[]]>).flatMap(
  ([cls, words]) => words.map((w) => [w, cls] as const),
);

/** The kind of non-industry answer a 行业 or 职务 cell gives (退休, 学生, 无业, 个体…), or null. */
export function classifyOccupation(text: string): OccupationClass | null {
  const t = squeeze(text);
  let best: { cls: OccupationClass; length: number } | null = null;
  for (const [term, cls] of occupationTerms) {
    if (t.includes(term) && (best === null || term.length > best.length)) best = { cls, length: term.length };
  }
  return best?.cls ?? null;
}

/**
 * The GB/T 4754-2017 section of an industry as written in a sheet: a section letter; an official name
 * (also the 2002 names) contained in the text unless a longer keyword covers it; the keyword dictionary;
 * last a fragment of exactly one official name. Retired, students and the unemployed
 * have no current workplace and give null; 个体/私营 give null unless a trade is named (个体服装店 → F).
 * The caller keeps the original text either way.
 */
export function normaliseIndustry(text: string): IndustrySection | null {
  const letter = toHalfWidth(text).trim();
  if (/^[A-T]$/.test(letter)) return section(letter as SectionCode);
  let t = squeeze(text);
  if (t === '') return null;
  const occupation = classifyOccupation(text);
  if (occupation !== null && occupation !== 'self-employed') return null;
  if (occupation === 'self-employed') {
    // Remove 个体工商户 and the like so their characters (工商) do not pass for a trade.
    for (const [term] of [...occupationTerms].sort((a, b) => b[0].length - a[0].length)) t = t.split(term).join('');
  }
  const official = byOfficialName(t);
  const keyword = byKeyword(t);
  // An official name wins unless a longer keyword holds it: 教育局 is a government office, not 教育.
  if (official && (!keyword || keyword.weak || official.length >= keyword.length)) return section(official.code);
  const code = keyword?.code ?? byNameFragment(t);
  return code === null ? null : section(code);
}
