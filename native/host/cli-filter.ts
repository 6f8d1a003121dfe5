import { KetuError } from '../contract/errors.js';
import { isoDays } from '../contract/filter-values.js';
import { importStages, placeRoles } from '../contract/methods.js';
import type { ImportStage, PlaceFilter, PlaceRole } from '../contract/methods.js';

/** How `--filter` parts are written; the message of every refusal repeats it. */
export const filterSyntax = `--filter 的写法：
  stage=deals,visitors          客户阶段（competitors|visitors|prospects|deals|field）
  product=洋房,别墅              产品类型
  batch=2,3                     导入批次编号
  role=home,work                地点类型（home|work|leisure，或 住家|工作|娱乐）
  area=<90,90-120,144-          面积段（㎡，含下限不含上限；<90 即 0–90，144- 即 ≥144）
  date=visitDate:2024-01-01..2024-06-30   来访/成交日期（visitDate|dealDate，或 来访日期|成交日期；两端含当天，可省一端）
  FIELD=值1,值2                  其他字段，如 industry=金融业、gender=女、attr:客户等级=A,B
多个 --filter 同时生效（且）；同一项的多个值满足其一即可（或）。`;

const roleNames: Record<string, PlaceRole> = { home: 'home', work: 'work', leisure: 'leisure', 住家: 'home', 工作: 'work', 娱乐: 'leisure' };
const dateFields: Record<string, 'visitDate' | 'dealDate'> = { visitDate: 'visitDate', dealDate: 'dealDate', 来访日期: 'visitDate', 成交日期: 'dealDate' };

function refuse(part: string, why: string): never {
  throw new KetuError('INVALID_PARAMS', `无法理解 --filter ${part}：${why}\n${filterSyntax}`);
}

function list(text: string): string[] {
  return text
    .split(/[,，、]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function number(part: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) refuse(part, `「${text}」不是数字`);
  return n;
}

/** `<90`, `90-120`, `144-`, `>=144`, `≥144` → a [min, max) range. */
function areaRange(part: string, text: string): { min: number | null; max: number | null } {
  const t = text.replace(/㎡|平米|m2/g, '');
  if (t.startsWith('<')) return { min: null, max: number(part, t.slice(1)) };
  const ge = /^(?:>=|≥|>)(.+)$/.exec(t);
  if (ge !== null) return { min: number(part, ge[1] ?? ''), max: null };
  const m = /^([^-–~]*)[-–~]([^-–~]*)$/.exec(t);
  if (m === null) refuse(part, `面积段「${text}」应写作 90-120、<90 或 144-`);
  const lo = (m[1] ?? '').trim();
  const hi = (m[2] ?? '').trim();
  if (lo === '' && hi === '') refuse(part, `面积段「${text}」两端都没有数字`);
  return { min: lo === '' ? null : number(part, lo), max: hi === '' ? null : number(part, hi) };
}

function day(part: string, text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  if (Number.isNaN(isoDays(t))) refuse(part, `「${text}」不是日期（应为 YYYY-MM-DD）`);
  return t;
}

/** The `--filter` options of a command as one PlaceFilter (parts AND, values within a part OR). */
export function parseFilterArgs(parts: readonly string[]): PlaceFilter {
  const filter: PlaceFilter = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) refuse(part, '应为 名称=值');
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (value === '') refuse(part, '没有值');
    switch (name) {
      case 'stage': {
        const stages = list(value).map((s) => {
          if (!(importStages as readonly string[]).includes(s)) refuse(part, `没有阶段「${s}」`);
          return s as ImportStage;
        });
        filter.stages = [...(filter.stages ?? []), ...stages];
        break;
      }
      case 'product':
        filter.products = [...(filter.products ?? []), ...list(value)];
        break;
      case 'batch':
        filter.batches = [...(filter.batches ?? []), ...list(value).map((v) => number(part, v))];
        break;
      case 'role': {
        const roles = list(value).map((r) => roleNames[r] ?? refuse(part, `地点类型应为 ${placeRoles.join('、')} 或 住家、工作、娱乐`));
        filter.roles = [...(filter.roles ?? []), ...roles];
        break;
      }
      case 'area':
        filter.areaRanges = [...(filter.areaRanges ?? []), ...list(value).map((r) => areaRange(part, r))];
        break;
      case 'date': {
        const colon = value.indexOf(':');
        const field = colon < 0 ? undefined : dateFields[value.slice(0, colon).trim()];
        if (field === undefined) refuse(part, '应写作 date=visitDate:起..止 或 date=dealDate:起..止');
        const [from = '', to = ''] = value.slice(colon + 1).split('..');
        filter.dateRange = { field, from: day(part, from), to: day(part, to) };
        break;
      }
      default:
        filter.fields = [...(filter.fields ?? []), { field: name, values: list(value) }];
    }
  }
  return filter;
}
