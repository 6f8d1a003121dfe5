// Deterministic customer lists for the import benchmark: the same seed gives the same rows, byte for
// byte, on every machine. 14 columns as a Hangzhou sales office exports them, with the format mix
// real sheets have (dates as date cells and as text, areas with and without units, phones as
// numbers and as dashed/+86 text, prices in 万元 with and without the unit).
import { spawn } from 'node:child_process';
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ExcelJS } from '../../native/export/exceljs.js';
import { seededRandom } from '../../native/demo/seeded-random.js';


export const HEADERS = ['姓名', '手机', '性别', '年龄', '居住小区', '现居住地址', '工作单位', '所属行业', '来访日期', '成交面积(㎡)', '总价(万元)', '认知渠道', '经度', '纬度'] as const;

/** A cell as the generator makes it; Date only in .xlsx (a CSV writes dates as text). */
export type GeneratedCell = string | number | Date | null;

// Approximate district centres in GCJ-02 (what 高德 shows), with the roads a sales office sees in addresses.
const DISTRICTS: ReadonlyArray<{ name: string; lng: number; lat: number; spread: number; roads: readonly string[] }> = [
  { name: '上城区', lng: 120.175, lat: 30.255, spread: 0.03, roads: ['解放路', '延安路', '建国南路', '秋涛路', '望江路', '清泰街', '江城路', '钱江路'] },
  { name: '拱墅区', lng: 120.145, lat: 30.31, spread: 0.035, roads: ['莫干山路', '湖墅南路', '德胜路', '上塘路', '大关路', '小河路', '丰潭路', '杭行路'] },
  { name: '西湖区', lng: 120.12, lat: 30.275, spread: 0.04, roads: ['文三路', '文一西路', '天目山路', '古墩路', '西溪路', '紫金港路', '留下街', '教工路'] },
  { name: '滨江区', lng: 120.2, lat: 30.205, spread: 0.03, roads: ['江南大道', '滨盛路', '江陵路', '长河路', '信诚路', '闻涛路', '滨安路'] },
  { name: '萧山区', lng: 120.265, lat: 30.185, spread: 0.05, roads: ['市心路', '金城路', '人民路', '通惠路', '山阴路', '博学路', '建设一路'] },
  { name: '余杭区', lng: 120.0, lat: 30.28, spread: 0.05, roads: ['文一西路', '五常大道', '良睦路', '龙舟路', '荆长大道', '仓前街', '莫干山路'] },
  { name: '临平区', lng: 120.3, lat: 30.42, spread: 0.04, roads: ['迎宾路', '世纪大道', '南苑街', '星光街', '藕花洲大街'] },
  { name: '钱塘区', lng: 120.35, lat: 30.3, spread: 0.05, roads: ['学林街', '文泽路', '幸福南路', '义蓬路', '金沙大道'] },
  { name: '富阳区', lng: 119.96, lat: 30.05, spread: 0.04, roads: ['富春街道', '金桥北路', '公望街', '江滨西大道'] },
  { name: '临安区', lng: 119.72, lat: 30.235, spread: 0.04, roads: ['钱王街', '衣锦街', '万马路', '锦城街'] },
];

const REAL_COMMUNITIES = [
  '翠苑一区', '翠苑二区', '文鼎苑', '金色海岸', '西溪诚园', '星洲花园', '桂花城', '九堡家苑', '金色蓝庭', '嘉绿苑', '三墩颐景园', '竹海水韵', '和家园',
  '蓝色钱江', '春江花月', '钱江新城公寓', '骏景湾', '江南豪园', '东方郡', '阳光郡', '景芳三区', '采荷人家', '朝晖七区', '大关西苑', '申花郡', '田园牧歌',
  '西溪蝶园', '留下人家', '良渚文化村', '未来科技城公寓', '金地自在城', '万科城', '融创城', '滨江御府', '星耀城', '东方星城', '湘湖人家', '铂金名筑',
];
const NAME_PARTS = ['金', '绿', '华', '锦', '新', '云', '溪', '江', '湖', '翠', '阳光', '紫', '香', '桂', '兰', '嘉', '景', '瑞', '和', '安', '富', '春', '秋', '天', '明', '东', '南', '西', '北'];
const NAME_MIDS = ['城', '庭', '苑', '园', '湾', '居', '府', '岸', '都', '邸', '郡', '里', '汀', '澜', '廷'];
const NAME_ENDS = ['花园', '家园', '小区', '公寓', '苑', '府', '名邸', '一期', '二期', '雅苑', '新村', '嘉园'];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '沈', '蒋', '钱', '金', '楼', '俞', '潘', '陆', '汪', '童'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '浩', '宇', '欣怡', '子涵', '梓轩', '雨桐', '佳怡', '一鸣', '建华', '晓东', '海燕', '志强', '丹丹', '俊杰'];

const EMPLOYER_BRANDS = ['阿里巴巴', '网易', '海康威视', '大华股份', '吉利汽车', '娃哈哈', '浙江大学', '杭州银行', '浙商银行', '中国移动杭州分公司', '浙江省人民医院', '杭州市第一人民医院', '蚂蚁集团', '新华三', '恒生电子', '老板电器', '传化集团', '杭州地铁'];
const EMPLOYER_WORDS = ['创新', '未来', '数智', '云图', '远景', '华信', '智联', '汇通', '中天', '博远', '正泰', '信达', '明德', '卓越', '恒达', '天成'];
const EMPLOYER_KINDS = ['科技有限公司', '网络科技有限公司', '贸易有限公司', '建设集团有限公司', '投资管理有限公司', '教育咨询有限公司', '医疗器械有限公司', '物流有限公司'];
const PUBLIC_EMPLOYERS = ['人民政府', '人民法院', '教育局', '税务局', '第一中学', '实验小学', '人民医院'];
const INDUSTRIES = ['IT/互联网', '互联网', '软件', '金融', '银行', '教育', '医疗', '制造业', '房地产', '公务员', '事业单位', '批发零售', '贸易', '建筑', '物流', '餐饮', '律师', '个体经营', '自由职业'];
const CHANNELS = ['朋友介绍', '老带新', '网络', '抖音', '微信公众号', '户外广告', '路过', '电话拜访', '中介', '报纸', '其他'];

interface Community {
  name: string;
  district: (typeof DISTRICTS)[number];
  road: string;
  number: number;
  lng: number;
  lat: number;
}

export interface RowGenerator {
  /** The next data row, 14 cells in HEADERS order. */
  next(): GeneratedCell[];
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Rows for `format` ('xlsx': numbers stay numbers and half the dates are date cells; 'csv': every
 * cell is text as a CRM writes it). About 1 % of rows have no coordinates but a community that other
 * rows place; about 2 % repeat an earlier phone (a returning customer).
 */
export function createRowGenerator(format: 'xlsx' | 'csv', seed = 20240601): RowGenerator {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

  const communities: Community[] = [];
  const seen = new Set<string>();
  for (const name of REAL_COMMUNITIES) seen.add(name);
  const names = [...REAL_COMMUNITIES];
  while (names.length < 1500) {
    const name = `${pick(NAME_PARTS)}${pick(NAME_PARTS)}${pick(NAME_MIDS)}${pick(NAME_ENDS)}`;
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  }
  for (const name of names) {
    const district = pick(DISTRICTS);
    communities.push({
      name,
      district,
      road: pick(district.roads),
      number: int(1, 999),
      lng: district.lng + (rand() * 2 - 1) * district.spread,
      lat: district.lat + (rand() * 2 - 1) * district.spread * 0.8,
    });
  }
  const employers: string[] = [...EMPLOYER_BRANDS];
  for (const w of EMPLOYER_WORDS) for (const k of EMPLOYER_KINDS) employers.push(`杭州${w}${k}`);
  for (const d of DISTRICTS) for (const p of PUBLIC_EMPLOYERS) employers.push(`杭州市${d.name}${p}`);

  // Phones: a permutation of a counter over 10^8 numbers per prefix, so they are unique unless repeated on purpose.
  const prefixes = ['133', '135', '136', '137', '138', '139', '150', '151', '155', '158', '159', '177', '180', '186', '187', '188', '189', '199'];
  const issued: string[] = [];
  let serial = 0;
  const newPhone = (): string => {
    serial++;
    const body = String((serial * 48_271 + 12_345) % 100_000_000).padStart(8, '0');
    return `${prefixes[serial % prefixes.length] ?? '138'}${body}`;
  };

  const start = Date.UTC(2023, 0, 1);
  return {
    next(): GeneratedCell[] {
      const c = pick(communities);
      const name = `${pick(SURNAMES)}${pick(GIVEN)}`;
      const phone = issued.length > 100 && rand() < 0.02 ? (issued[Math.floor(rand() * issued.length)] ?? newPhone()) : newPhone();
      if (issued.length < 200_000) issued.push(phone);
      let phoneCell: string | number = phone;
      const pf = rand();
      if (pf < 0.15) phoneCell = format === 'xlsx' ? Number(phone) : phone;
      else if (pf < 0.25) phoneCell = `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
      else if (pf < 0.3) phoneCell = `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
      else if (pf < 0.33) {
        // Two numbers in one cell; the first is the customer's.
        phoneCell = `${phone}/${newPhone()}`;
      }

      const female = rand() < 0.48;
      const gf = rand();
      const gender = gf < 0.85 ? (female ? '女' : '男') : female ? '女士' : '先生';
      const ageN = int(23, 68);
      const age = rand() < 0.7 ? (format === 'xlsx' ? ageN : String(ageN)) : `${ageN}岁`;

      const building = int(1, 30);
      const unit = int(1, 4);
      const room = `${int(1, 28)}${pad2(int(1, 4))}`;
      const af = rand();
      const address =
        af < 0.5
          ? `杭州市${c.district.name}${c.road}${c.number}号${c.name}${building}幢${unit}单元${room}室`
          : af < 0.8
            ? `${c.district.name}${c.road}${c.name}${building}-${unit}-${room}`
            : `浙江省杭州市${c.district.name}${c.name}${building}栋${room}`;

      const employer = pick(employers);
      const industry = pick(INDUSTRIES);

      const day = new Date(start + int(0, 729) * 86_400_000);
      const y = day.getUTCFullYear();
      const m = day.getUTCMonth() + 1;
      const d = day.getUTCDate();
      const df = rand();
      let visit: GeneratedCell;
      if (format === 'xlsx' && df < 0.5) visit = day;
      else if (df < 0.7) visit = `${y}-${pad2(m)}-${pad2(d)}`;
      else if (df < 0.85) visit = `${y}/${m}/${d}`;
      else if (df < 0.95) visit = `${y}年${m}月${d}日`;
      else visit = `${y}${pad2(m)}${pad2(d)}`;

      const areaN = Math.round((60 + rand() * 140) * 100) / 100;
      const arf = rand();
      const area = arf < 0.6 ? (format === 'xlsx' ? areaN : String(areaN)) : arf < 0.8 ? `${areaN}㎡` : arf < 0.95 ? `${Math.round(areaN)}平米` : areaN.toFixed(2);
      const priceN = Math.round(areaN * (2.2 + rand() * 4) * 10) / 10;
      const price = rand() < 0.85 ? (format === 'xlsx' ? priceN : String(priceN)) : `${priceN}万`;

      const channel = pick(CHANNELS);
      let lng: GeneratedCell = null;
      let lat: GeneratedCell = null;
      if (rand() >= 0.01) {
        // Within about 150 m of the community's centre: a building, not the gate.
        const x = Math.round((c.lng + (rand() * 2 - 1) * 0.0015) * 1e6) / 1e6;
        const yv = Math.round((c.lat + (rand() * 2 - 1) * 0.0013) * 1e6) / 1e6;
        const text = format === 'csv' || rand() < 0.1;
        lng = text ? x.toFixed(6) : x;
        lat = text ? yv.toFixed(6) : yv;
      }
      return [name, phoneCell, gender, age, c.name, address, employer, industry, visit, area, price, channel, lng, lat];
    },
  };
}

export interface WrittenFile {
  path: string;
  rows: number;
  bytes: number;
  ms: number;
}

/** A one-sheet .xlsx written with exceljs's streaming writer (shared strings and styles, as Excel writes them). */
export async function writeBenchXlsx(path: string, rows: number, seed?: number): Promise<WrittenFile> {
  const started = performance.now();
  const gen = createRowGenerator('xlsx', seed);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('客户明细');
  ws.columns = HEADERS.map((h) => ({ header: h, key: h, width: 14 }));
  const visitColumn = ws.getColumn(9);
  visitColumn.numFmt = 'yyyy-mm-dd';
  for (let i = 0; i < rows; i++) {
    ws.addRow(gen.next()).commit();
    // Let the zip stream drain now and then, so the writer's memory stays flat.
    if (i % 5000 === 4999) await new Promise<void>((r) => setImmediate(r));
  }
  ws.commit();
  await wb.commit();
  return { path, rows, bytes: statSync(path).size, ms: performance.now() - started };
}

function csvField(cell: GeneratedCell): string {
  if (cell === null) return '';
  const text = cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * A GBK (GB18030) CSV, CRLF as Excel writes it: the UTF-8 text is piped through `iconv -f UTF-8 -t
 * GB18030` (Node's TextEncoder only writes UTF-8). Every character used is in GBK as well.
 */
export async function writeBenchGbkCsv(path: string, rows: number, seed?: number): Promise<WrittenFile> {
  const started = performance.now();
  const gen = createRowGenerator('csv', seed);
  const iconv = spawn('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const file = createWriteStream(path);
  iconv.stdout.pipe(file);
  let stderr = '';
  iconv.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    iconv.on('error', reject);
    iconv.on('close', (code) => resolve(code));
  });
  const flushed = once(file, 'finish');
  let chunk = `${HEADERS.join(',')}\r\n`;
  for (let i = 0; i < rows; i++) {
    chunk += `${gen.next().map(csvField).join(',')}\r\n`;
    if (chunk.length > 256 * 1024) {
      await write(iconv.stdin, chunk);
      chunk = '';
    }
  }
  await write(iconv.stdin, chunk);
  iconv.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`iconv failed (${String(code)}): ${stderr.trim()}`);
  await flushed;
  return { path, rows, bytes: statSync(path).size, ms: performance.now() - started };
}
