import type { Lang, Translate } from './i18n.js';
import type { MessageKey } from './messages.js';
import { roleKeys } from './role-labels.js';

/**
 * The importer words each problem in Chinese (the report and the CLI print it as is). In the English UI a
 * reason is matched here against the engine's wording and said again in English, the cell's own value
 * (data) carried over; test/unit/problem-reasons.test.ts runs the engine's parsers so a reworded engine
 * message that no longer matches fails there. What still matches nothing is said by its severity alone.
 */
type Rule = readonly [RegExp, MessageKey, ReadonlyArray<string>];

const V = '([\\s\\S]*)';
const rules: readonly Rule[] = [
  [/^为空$/, 'import.reason.empty', []],
  [new RegExp(`^是多人（夫妻/家庭），无法确定性别：${V}$`), 'import.reason.genderSeveral', ['value']],
  [new RegExp(`^性别不详：${V}$`), 'import.reason.genderUnknown', ['value']],
  [new RegExp(`^不是可识别的性别：${V}$`), 'import.reason.gender', ['value']],
  [new RegExp(`^年龄不合理（应在 (\\d+)–(\\d+) 岁之间）：${V}$`), 'import.reason.ageRange', ['min', 'max', 'value']],
  [new RegExp(`^是出生年份，需要参考年份才能算出年龄：${V}$`), 'import.reason.birthYear', ['value']],
  [new RegExp(`^是出生年代，两位数年份无法换算成年龄：${V}$`), 'import.reason.birthDecade', ['value']],
  [new RegExp(`^年龄范围无效：${V}$`), 'import.reason.ageBand', ['value']],
  [new RegExp(`^不是(?:有效|可识别)的年龄：${V}$`), 'import.reason.age', ['value']],
  [/^号码已打码，无法识别客户$/, 'import.reason.phoneMasked', []],
  [new RegExp(`^不是中国大陆的电话号码：${V}$`), 'import.reason.phoneForeign', ['value']],
  [new RegExp(`^是企业服务号码（400/800），不是客户电话：${V}$`), 'import.reason.phoneService', ['value']],
  [new RegExp(`^不是有效的电话号码：${V}$`), 'import.reason.phone', ['value']],
  [new RegExp(`^包含多个数字：${V}$`), 'import.reason.numberSeveral', ['value']],
  [new RegExp(`^是范围而不是数字：${V}$`), 'import.reason.numberRange', ['value']],
  [new RegExp(`^千分位分隔不正确：${V}$`), 'import.reason.numberGrouping', ['value']],
  [new RegExp(`^带有无法识别的单位“([^”]*)”：${V}$`), 'import.reason.numberUnit', ['unit', 'value']],
  [new RegExp(`^单位自相矛盾：${V}$`), 'import.reason.numberUnits', ['value']],
  [new RegExp(`^不是(?:有效)?数字：${V}$`), 'import.reason.number', ['value']],
  [new RegExp(`^是金额而不是面积：${V}$`), 'import.reason.areaIsMoney', ['value']],
  [new RegExp(`^面积必须大于 0：${V}$`), 'import.reason.areaZero', ['value']],
  [new RegExp(`^面积过大（超过 (\\d+)㎡）：${V}$`), 'import.reason.areaLarge', ['max', 'value']],
  [new RegExp(`^是面积而不是金额：${V}$`), 'import.reason.priceIsArea', ['value']],
  [new RegExp(`^总价必须大于 0：${V}$`), 'import.reason.priceZero', ['value']],
  [new RegExp(`^总价不足 1 万元，请检查单位：${V}$`), 'import.reason.priceSmall', ['value']],
  [new RegExp(`^总价超过 100 亿元，请检查单位：${V}$`), 'import.reason.priceLarge', ['value']],
  [new RegExp(`^年份超出范围（(\\d+)–(\\d+) 年）：${V}$`), 'import.reason.yearRange', ['min', 'max', 'value']],
  [new RegExp(`^日期无效：${V}$`), 'import.reason.dateInvalid', ['value']],
  [new RegExp(`^数字不是有效的 Excel 日期（应为 (\\d+)–(\\d+) 年间的日期序号）：${V}$`), 'import.reason.dateSerial', ['min', 'max', 'value']],
  [new RegExp(`^两位数年份无法确定世纪，请写成四位年份：${V}$`), 'import.reason.dateTwoDigit', ['value']],
  [new RegExp(`^日期不是年月日顺序，无法区分月和日：${V}$`), 'import.reason.dateOrder', ['value']],
  [new RegExp(`^日期缺少日：${V}$`), 'import.reason.dateNoDay', ['value']],
  [new RegExp(`^不是(?:有效|可识别)的日期：${V}$`), 'import.reason.date', ['value']],
  [/^经度为空$/, 'import.reason.lngEmpty', []],
  [/^纬度为空$/, 'import.reason.latEmpty', []],
  [new RegExp(`^经度不是数字：${V}$`), 'import.reason.lngNumber', ['value']],
  [new RegExp(`^纬度不是数字：${V}$`), 'import.reason.latNumber', ['value']],
  [/^坐标为 \(0, 0\)，不是有效位置$/, 'import.reason.zeroZero', []],
  [new RegExp(`^坐标超出范围：${V}$`), 'import.reason.coordRange', ['value']],
  [/^经纬度颠倒，已对调$/, 'import.reason.swapped', []],
  [/^位于中国境外$/, 'import.reason.outsideChina', []],
  [/^距本批其他客户约 (\d+) 公里，请核对坐标$/, 'import.reason.outlier', ['km']],
  [/^没有坐标，也没有可定位的小区、地址或单位$/, 'import.reason.unplaceable', []],
  [new RegExp(`^工作表没有可用于定位的列（经度/纬度、居住小区、地址或工作单位），请在列对应中指定：${V}$`), 'import.reason.noPlaceColumns', ['file']],
  [new RegExp(`^行业无法归入国民经济行业分类：${V}$`), 'import.reason.industry', ['value']],
  [new RegExp(`^仅定位到(区县|城市)（${V}），待核对$`), 'import.reason.coarse', ['level', 'value']],
  [new RegExp(`^(住家|工作|娱乐)地点无法定位：${V}$`), 'import.reason.notPlaced', ['role', 'why']],
  [new RegExp(`^表头「${V}」重复：第 ([A-Z]+) 列的号码存为同一客户的其他号码$`), 'import.reason.phoneHeaderRepeated', ['header', 'column']],
  [new RegExp(`^「${V}」与「${V}」都是电话：第 ([A-Z]+) 列的号码存为同一客户的其他号码$`), 'import.reason.phoneHeaders', ['header', 'first', 'column']],
  [new RegExp(`^表头「${V}」重复：第 ([A-Z]+) 列存为属性「${V}」$`), 'import.reason.headerRepeated', ['header', 'column', 'name']],
  [new RegExp(`^「${V}」与「${V}」对应同一字段：第 ([A-Z]+) 列存为属性「${V}」$`), 'import.reason.headerSameField', ['header', 'first', 'column', 'name']],
  [/^第 ([A-Z]+) 列的表头有无法识别的字符/, 'import.reason.headerEncoding', ['column']],
  [/^文字编码有误/, 'import.reason.encoding', []],
  [new RegExp(`^数值无效：${V}$`), 'import.reason.cellValue', ['value']],
];

/** Words inside a reason that are the engine's, not data: said again in English. */
const roleWords: Record<string, MessageKey> = { 住家: roleKeys.home, 工作: roleKeys.work, 娱乐: roleKeys.leisure };
const levelWords: Record<string, MessageKey> = { 区县: 'import.precision.district', 城市: 'import.precision.city' };
const whyRules: ReadonlyArray<readonly [RegExp, MessageKey]> = [
  [/^未设置地图服务 Key 或处于离线状态/, 'import.reason.why.offline'],
  [/^地图服务未找到该地址/, 'import.reason.why.notFound'],
  [/^地图服务/, 'import.reason.why.provider'],
];

function englishWhy(why: string, t: Translate): string {
  const hit = whyRules.find(([re]) => re.test(why));
  return hit === undefined ? t('import.reason.why.unknown') : t(hit[1]);
}

/** The English of one engine reason, or null when no rule knows its wording. */
export function englishReason(reason: string, t: Translate): string | null {
  for (const [re, key, names] of rules) {
    const m = re.exec(reason);
    if (m === null) continue;
    const vars: Record<string, string> = {};
    names.forEach((name, i) => {
      vars[name] = m[i + 1] ?? '';
    });
    if (vars.role !== undefined) vars.role = t(roleWords[vars.role] ?? roleKeys.home);
    if (vars.level !== undefined) vars.level = t(levelWords[vars.level] ?? 'import.precision.city');
    if (vars.why !== undefined) vars.why = englishWhy(vars.why, t);
    // The geocoder's note on a name it did not know (杭州市（名称未识别，暂放在项目城市中心 上城区）): its words, the places kept.
    const parked = vars.value === undefined ? null : /^(.+)（名称未识别，暂放在项目城市中心 ?(.*)）$/.exec(vars.value);
    if (parked !== null) vars.value = t('import.reason.parked', { city: parked[1] ?? '', core: parked[2] ?? '' });
    return t(key, vars);
  }
  return null;
}

/** A problem's reason as the planner reads it: the engine's own words in Chinese, English otherwise. */
export function problemReason(reason: string, severity: 'error' | 'flag', lang: Lang, t: Translate): string {
  if (lang === 'zh-CN') return reason;
  return englishReason(reason, t) ?? t(severity === 'error' ? 'import.reason.otherError' : 'import.reason.otherFlag');
}
