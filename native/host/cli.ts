#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { WireError } from '../contract/errors.js';
import type { GradeThresholds, MethodName, Params, Result } from '../contract/methods.js';
import { rankingTitles } from '../contract/methods.js';
import { roleWords, stageWords } from '../export/filter-words.js';
import { demoProjectPath, resourcesDir, userRecents } from './app-paths.js';
import { checkOutputPath } from '../export/output-path.js';
import { parseFilterArgs } from './cli-filter.js';
import { runPrintCommand } from './cli-print.js';
import { revisionCommandUsage, revisionCommands, revisionOptions, runRevisionCommand } from './cli-revision.js';
import { toWireError } from './dispatch.js';
import type { Dispatcher } from './dispatch.js';
import { startHttpHost } from './http-host.js';
import { createEngineHost } from './in-process.js';

/** Each command's usage, in the order `ketu help` lists them; `ketu help COMMAND` prints one. */
const commandUsage: Record<string, string> = {
  new: `  ketu new FILE --name NAME [--site LNG,LAT] [--city 杭州市] [--force]
                                                           新建项目文件（.ketu，GeoPackage）`,
  info: '  ketu info FILE                                           项目概况',
  import: `  ketu import FILE DATA.xlsx|DATA.csv [--sheet NAME] [--stage deals|visitors|prospects|competitors|field]
       [--crs auto|wgs84|gcj02|bd09] [--encoding auto|utf-8|gb18030] [--dry-run] [--report OUT.xlsx]
       [--skip-bad-rows]                                   导入客户表（默认全部成功或全部不导入；
                                                           --skip-bad-rows 跳过问题行、导入其余行，问题行写入报告）`,
  geocode: `  ketu geocode FILE [--provider amap|baidu|tianditu --key KEY]
                                                           重新定位只到区县/城市的地点（无 Key 时离线）`,
  review: '  ketu review FILE                                         列出待核对的地点',
  stats: `  ketu stats FILE --by community|industry|district|city|employer|building [--top 15]
       [--filter stage=deals,visitors] [--filter product=洋房] [--filter batch=2] [--filter area=90-120]
       [--filter date=visitDate:2024-01-01..2024-06-30] [--filter role=home] [--filter industry=金融业]
       [--out RANKING.xlsx]                                排名：居住小区、行业、区县、城市、单位（--out 另存为表格，
                                                           标题与备注行写明筛选条件）`,
  areas: `  ketu areas add FILE --name NAME (--circle LNG,LAT,RADIUS_M | --polygon AREA.geojson) [--grade A]
  ketu areas list FILE                                     目标区域
  ketu areas count FILE [--by role|stage|industry|product|areaBand] 各区域客户数
  ketu areas grade FILE [--thresholds "A=deals:5,visits:20;B=deals:1|visits:10;C=visits:1"] [--apply]
       [--use-filter --filter product=洋房 …]              热力度分析：按登记/来访/成交分级（阈值保存在项目中；
                                                           默认按全部客户计数；--use-filter 时按 --filter 计数，
                                                           其中的客户阶段条件不用于分级）。同一等级内逗号表示「且」（都要达到），
                                                           竖线 | 表示「或」（达到其中一组即可）：
                                                           B=deals:1|visits:10 即 成交≥1 或 来访≥10
  ketu areas opportunities FILE --radius 5000 [--cell 1000] [--max 0] [--by grid|district] [--min-distance 1000] [--min-communities 1]
                                                           机会战场：本案附近客户少的网格或区县`,
  list: `  ketu list FILE --area NAME --out LIST.xlsx [--columns name,phone,place,stage] [--unmasked] [--per-place]
                                                           区域客户清单：每位客户一行，区域内的住家/工作/娱乐
                                                           地点分列；--per-place 每个地点一行（电话默认打码）`,
  ...revisionCommandUsage,
  imports: '  ketu imports FILE                                        列出导入批次',
  'undo-import': '  ketu undo-import FILE BATCH                              撤销一个导入批次',
  serve: '  ketu serve [FILE] [--port N] [--open]                    在 127.0.0.1 上启动工作台',
  export: `  ketu export png FILE --out OUT.png [--ratio 2] [--width 1600] [--height 1000] [--no-legend]
                                                           将地图导出为 PNG（默认 2 倍像素密度）
  ketu export pdf FILE --template 地图1[,地图2,排名,区域,修订] [--paper A4|A3|slide] [--landscape] [--dpi 150|300|600] --out F.pdf
                                                           打印版式出图：标题、图例（含框内计数）、比例尺、指北针、
                                                           数据说明与页码；区域 = 每个目标区域一页（图册）；修订 = 1/3 修订
                                                           三页（计划与成交对比图、对比表、对不对/够不够/好不好）
  ketu export pptx FILE --template 地图1,地图2,排名 [--paper slide|A3|A4] --out F.pptx
                                                           幻灯片：地图为图片，标题/图例/备注为可编辑文字，排名为原生图表
  ketu export png FILE --template 地图1 [--paper A3] [--landscape] [--dpi 300] --out F.png
                                                           一页版式为 PNG（按 dpi 的真实像素，写入 pHYs 分辨率）
  ketu export pack FILE --out DIR [--products] [--bands] [--areas] [--revision] [--unmasked] [--paper A3] [--dpi 300]
                                                           一键出图：地图1、地图2（--products 每个产品类型一张，--bands 每个
                                                           面积段一张）、排名页、--areas 区域图册与区域清单（.xlsx，每个区域
                                                           一个工作表，电话打码，除非 --unmasked）、--revision 1/3 修订三页，
                                                           合成一个 PDF 和一个 PPTX`,
  demo: '  ketu demo OUT.ketu [--force]                             由内置数据生成演示项目（不覆盖已有文件，除非 --force）',
  help: '  ketu help [COMMAND]                                      全部命令或一个命令的用法',
};

const usage = `ketu — 客图 KeTu 命令行

用法:
${Object.values(commandUsage).join('\n')}

每个命令都接受 --json（机器可读输出）。出错时以非零状态退出。
`;

/** The usage of one command (all of them when the command is unknown). */
function usageOf(command: string | undefined): string {
  const one = command === undefined ? undefined : commandUsage[command];
  return one === undefined ? usage : `用法:\n${one}\n`;
}

class CliError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

async function call<M extends MethodName>(dispatcher: Dispatcher, method: M, params: Params<M>): Promise<Result<M>> {
  const reply = await dispatcher.call(method, params);
  if (!reply.ok) throw new CliError(reply.error);
  return reply.result as Result<M>;
}

function parseLngLat(text: string): { lng: number; lat: number } {
  const parts = text.split(',').map((s) => Number(s.trim()));
  const [lng, lat] = parts;
  if (parts.length !== 2 || lng === undefined || lat === undefined || !Number.isFinite(lng) || !Number.isFinite(lat)) {
    throw new CliError({ code: 'INVALID_PARAMS', message: `--site 应为 "经度,纬度"，例如 120.10,30.25；收到：${text}` });
  }
  return { lng, lat };
}

/** A polygon from a GeoJSON file: a Polygon geometry, a Feature or the first feature of a collection. */
function readPolygonFile(path: string): Array<[number, number]> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CliError({ code: 'INVALID_PARAMS', message: `无法读取 GeoJSON 文件 ${path}：${err instanceof Error ? err.message : String(err)}` });
  }
  const geometry = (value: unknown): unknown => {
    const v = value as { type?: string; geometry?: unknown; features?: unknown[] };
    if (v.type === 'FeatureCollection') return geometry(v.features?.[0]);
    if (v.type === 'Feature') return geometry(v.geometry);
    return v;
  };
  const g = geometry(data) as { type?: string; coordinates?: unknown } | undefined;
  if (g?.type !== 'Polygon' || !Array.isArray(g.coordinates) || !Array.isArray(g.coordinates[0])) {
    throw new CliError({ code: 'INVALID_PARAMS', message: `GeoJSON 文件 ${path} 中没有多边形（Polygon）` });
  }
  return g.coordinates[0] as Array<[number, number]>;
}

/**
 * `A=deals:5,visits:20;B=deals:1|visits:10;C=visits:1` over the saved thresholds: a grade named replaces
 * its minimums (unnamed ones 0). Within a grade `,` is AND and `|` separates alternatives (OR).
 */
function parseThresholds(text: string, saved: GradeThresholds): GradeThresholds {
  const out: GradeThresholds = { A: { ...saved.A }, B: { ...saved.B }, C: { ...saved.C }, or: { ...saved.or } };
  const metric: Record<string, 'prospects' | 'visitors' | 'deals'> = { registrations: 'prospects', prospects: 'prospects', 登记: 'prospects', visits: 'visitors', visitors: 'visitors', 来访: 'visitors', deals: 'deals', 成交: 'deals' };
  for (const part of text.split(';').map((p) => p.trim()).filter((p) => p !== '')) {
    const [grade, list] = part.split('=', 2);
    if ((grade !== 'A' && grade !== 'B' && grade !== 'C') || list === undefined) throw new CliError({ code: 'INVALID_PARAMS', message: `--thresholds 应为 "A=deals:5,visits:20;B=deals:1|visits:10;…"（逗号=且，|=或）；收到：${part}` });
    const alternatives = list.split('|').map((alt) => {
      const mins = { prospects: 0, visitors: 0, deals: 0 };
      for (const pair of alt.split(',')) {
        const [name, value] = pair.split(':', 2);
        const key = metric[name?.trim() ?? ''];
        const n = Number(value);
        if (key === undefined || !Number.isInteger(n) || n < 0) throw new CliError({ code: 'INVALID_PARAMS', message: `--thresholds 中「${pair}」应为 registrations|visits|deals:非负整数` });
        mins[key] = n;
      }
      return mins;
    });
    const [first, ...rest] = alternatives;
    out[grade] = first ?? { prospects: 0, visitors: 0, deals: 0 };
    if (rest.length === 0) delete out.or?.[grade];
    else out.or = { ...out.or, [grade]: rest };
  }
  if (Object.keys(out.or ?? {}).length === 0) delete out.or;
  return out;
}

/** Counts keys as the Chinese output names them (住家, 成交客户 …); --json keeps the engine's keys. */
function countKey(by: string, key: string): string {
  return by === 'role' ? (roleWords[key] ?? key) : by === 'stage' ? (stageWords[key] ?? key) : key;
}

const precisionWords: Record<string, string> = { coordinate: '坐标', address: '门牌', community: '小区', road: '道路', district: '区县中心', city: '城市中心', none: '未能定位' };

/** 「住家 坐标 8 · 工作 城市中心 3，未能定位 1」: how each role's places were placed. */
function placedWords(byRole: Result<'import.preview'>['placedByRole']): string {
  const roles = (['home', 'work', 'leisure'] as const).filter((r) => Object.keys(byRole[r]).length > 0);
  return roles.map((r) => `${roleWords[r]} ${Object.entries(byRole[r]).map(([k, n]) => `${precisionWords[k] ?? k} ${n}`).join('，')}`).join(' · ') || '无';
}

function need(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new CliError({ code: 'INVALID_PARAMS', message: `缺少${what}` });
  return value;
}

const cliOptions = {
  json: { type: 'boolean', default: false },
  name: { type: 'string' },
  site: { type: 'string' },
  force: { type: 'boolean', default: false },
  crs: { type: 'string', default: 'auto' },
  stage: { type: 'string' },
  encoding: { type: 'string' },
  report: { type: 'string' },
  city: { type: 'string' },
  provider: { type: 'string' },
  key: { type: 'string' },
  endpoint: { type: 'string' },
  by: { type: 'string' },
  top: { type: 'string' },
  filter: { type: 'string', multiple: true },
  circle: { type: 'string' },
  polygon: { type: 'string' },
  grade: { type: 'string' },
  area: { type: 'string' },
  columns: { type: 'string' },
  thresholds: { type: 'string' },
  apply: { type: 'boolean', default: false },
  'skip-bad-rows': { type: 'boolean', default: false },
  'use-filter': { type: 'boolean', default: false },
  'per-place': { type: 'boolean', default: false },
  radius: { type: 'string' },
  cell: { type: 'string' },
  max: { type: 'string' },
  'min-distance': { type: 'string' },
  'min-communities': { type: 'string' },
  unmasked: { type: 'boolean', default: false },
  sheet: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  port: { type: 'string' },
  open: { type: 'boolean', default: false },
  out: { type: 'string' },
  ratio: { type: 'string', default: '2' },
  width: { type: 'string', default: '1600' },
  height: { type: 'string', default: '1000' },
  'no-legend': { type: 'boolean', default: false },
  template: { type: 'string' },
  paper: { type: 'string' },
  landscape: { type: 'boolean' },
  dpi: { type: 'string' },
  products: { type: 'boolean', default: false },
  bands: { type: 'boolean', default: false },
  areas: { type: 'boolean', default: false },
  revision: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  ...revisionOptions,
  } as const satisfies NonNullable<ParseArgsConfig['options']>;

/** parseArgs' English errors as one line in the planner's language, naming the option. */
function argsErrorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  const option = /'(-{1,2}[^' <]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `未知选项：${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return message.includes('does not take an argument') ? `选项 ${option} 不需要值` : `选项 ${option} 需要一个值`;
  return `命令行参数无效：${message}`;
}

function printError(wire: WireError, json: boolean, command: string | undefined, out: (line: string) => void): number {
  if (json) out(JSON.stringify({ error: wire }));
  else {
    process.stderr.write(`错误：${wire.message}\n`);
    // A usage mistake shows how the command is called; other errors are about the files, not the call.
    if (wire.code === 'INVALID_PARAMS') process.stderr.write(`\n${usageOf(command)}`);
  }
  return 1;
}

export async function runCli(argv: string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: cliOptions });
  } catch (err) {
    const command = argv.find((a) => !a.startsWith('-'));
    return printError({ code: 'INVALID_PARAMS', message: argsErrorMessage(err) }, argv.includes('--json'), command, out);
  }
  const { values, positionals } = parsed;
  const json = values.json;
  const print = (human: string, data: unknown): void => out(json ? JSON.stringify(data) : human);
  const [command, ...rest] = positionals;
  // Only the workbench window keeps recent projects; other commands leave the user's config alone.
  const { dispatcher, engine } = createEngineHost(undefined, `ketu ${command ?? ''}`.trim(), command === 'serve' ? userRecents() : null);
  try {
    if (command === 'help' || (values.help && command !== undefined)) {
      const topic = command === 'help' ? rest[0] : command;
      if (topic !== undefined && commandUsage[topic] === undefined) throw new CliError({ code: 'INVALID_PARAMS', message: `未知命令：${topic}（ketu help 列出全部命令）` });
      out(topic === undefined ? usage : usageOf(topic));
      return 0;
    }
    if (values.help || command === undefined) {
      out(usage);
      return command === undefined && !values.help ? 2 : 0;
    }
    switch (command) {
      case 'new': {
        const file = need(rest[0], '项目文件路径');
        const params: Params<'project.create'> = { path: file, name: need(values.name, ' --name 项目名称'), overwrite: values.force };
        if (values.site !== undefined) params.site = parseLngLat(values.site);
        if (values.city !== undefined) params.city = values.city;
        const info = await call(dispatcher, 'project.create', params);
        print(`已创建项目「${info.name}」：${info.path}`, info);
        return 0;
      }
      case 'info': {
        const info = await call(dispatcher, 'project.open', { path: need(rest[0], '项目文件路径') });
        const human = [
          `项目：${info.name}`,
          `文件：${info.path}`,
          `格式版本：${info.schemaVersion}`,
          `客户 ${info.counts.customers} · 地点 ${info.counts.places} · 位置点 ${info.counts.sites} · 导入批次 ${info.counts.imports}`,
          ...info.sites.map((s) => `  ${s.kind === 'project' ? '本案' : '竞品'}：${s.name}（${s.lng.toFixed(5)}, ${s.lat.toFixed(5)}）`),
        ].join('\n');
        print(human, info);
        return 0;
      }
      case 'import': {
        const file = need(rest[0], '项目文件路径');
        const data = need(rest[1], '数据文件路径');
        // Values are checked by the engine's schema; the CLI only passes them on.
        const importParams = { file: data, crs: values.crs, sheet: values.sheet, stage: values.stage, encoding: values.encoding, reportOut: values.report, skipBadRows: values['skip-bad-rows'] } as Params<'import.commit'>;
        await call(dispatcher, 'project.open', { path: file });
        if (values['dry-run']) {
          const preview = await call(dispatcher, 'import.preview', importParams);
          const lines = preview.problems.slice(0, 10).map((p) => `\n  ${p.severity === 'error' ? '✗' : '!'} 工作表「${p.sheet}」第 ${p.row} 行「${p.column}」：${p.reason}`);
          print(`预览：读取 ${preview.rowsRead} 行，可用 ${preview.usable}（其中待核对 ${preview.flagged}），无法使用 ${preview.rejected}\n地点：${placedWords(preview.placedByRole)}${lines.join('')}`, preview);
          return preview.rejected > 0 ? 1 : 0;
        }
        const result = await call(dispatcher, 'import.commit', importParams);
        const skipped = result.skippedRows === 0 ? '' : `\n已跳过 ${result.skippedRows} 个问题行（未导入${values.report === undefined ? '，用 --report 导出明细' : '，见报告'}）`;
        print(`已导入 ${result.customers} 行客户记录（新客户 ${result.newCustomers}，待核对 ${result.flagged}）、${result.places} 个地点（批次 ${result.batchId}）\n地点：${placedWords(result.placedByRole)}${skipped}`, result);
        return 0;
      }
      case 'geocode': {
        await call(dispatcher, 'project.open', { path: need(rest[0], '项目文件路径') });
        const params = { provider: values.provider, key: values.key, endpoint: values.endpoint } as Params<'geocode.run'>;
        const r = await call(dispatcher, 'geocode.run', params);
        const stopped = r.stoppedReason === null ? '' : `\n在线定位中止：${r.stoppedReason}`;
        print(`待定位 ${r.asked} 个地点：改进 ${r.improved} 个，未变 ${r.unchanged} 个（在线请求 ${r.providerCalls} 次）${stopped}`, r);
        return 0;
      }
      case 'review': {
        await call(dispatcher, 'project.open', { path: need(rest[0], '项目文件路径') });
        const places = await call(dispatcher, 'geocode.review', {});
        const label = { home: '住家', work: '工作', leisure: '娱乐' } as const;
        print(
          places.map((pl) => `#${pl.id} ${label[pl.role]} ${pl.name ?? pl.address ?? '-'}  ${pl.lng.toFixed(5)}, ${pl.lat.toFixed(5)}  ${pl.flags.join('；')}`).join('\n') || '（没有待核对的地点）',
          places,
        );
        return 0;
      }
      case 'stats': {
        await call(dispatcher, 'project.open', { path: need(rest[0], '项目文件路径') });
        const filter = parseFilterArgs(values.filter ?? []);
        const params = { by: values.by, top: values.top === undefined ? undefined : Number(values.top), filter } as Params<'stats.ranking'>;
        const ranking = await call(dispatcher, 'stats.ranking', params);
        const title = rankingTitles[ranking.by];
        const lines = ranking.rows.map((r, i) => `${String(i + 1).padStart(3)}. ${r.key}  ${r.count} 户  ${(r.share * 100).toFixed(1)}%`);
        if (values.out !== undefined) {
          const written = await call(dispatcher, 'stats.export', { ...params, out: values.out });
          lines.push(`已导出排名表（${written.filterText === '' ? '全部客户' : `筛选：${written.filterText}`}）：${written.path}`);
        }
        print([`${title}排名（共 ${ranking.total} 位客户）`, ...lines].join('\n'), ranking);
        return 0;
      }
      case 'areas': {
        const [sub, file] = rest;
        await call(dispatcher, 'project.open', { path: need(file, '项目文件路径') });
        if (sub === 'add') {
          let shape: Params<'areas.add'>['shape'];
          if (values.circle !== undefined) {
            const [lng, lat, radiusM] = values.circle.split(',').map(Number);
            if (lng === undefined || lat === undefined || radiusM === undefined || [lng, lat, radiusM].some((v) => !Number.isFinite(v))) {
              throw new CliError({ code: 'INVALID_PARAMS', message: `--circle 应为 "经度,纬度,半径米"，例如 120.12,30.16,2000；收到：${values.circle}` });
            }
            shape = { kind: 'circle', lng, lat, radiusM };
          } else if (values.polygon !== undefined) {
            shape = { kind: 'polygon', ring: readPolygonFile(values.polygon) };
          } else throw new CliError({ code: 'INVALID_PARAMS', message: 'ketu areas add 需要 --circle 或 --polygon' });
          const area = await call(dispatcher, 'areas.add', { name: need(values.name, ' --name 区域名称'), shape, ...(values.grade === undefined ? {} : { grade: values.grade }) } as Params<'areas.add'>);
          print(`已添加区域「${area.name}」（编号 ${area.id}）`, area);
          return 0;
        }
        if (sub === 'list') {
          const areas = await call(dispatcher, 'areas.list', {});
          print(
            areas.map((a) => `${a.id}. ${a.name}${a.grade === null ? '' : ` [${a.grade}]`}  ${a.kind === 'circle' ? `圆 ${a.center?.lng.toFixed(5)}, ${a.center?.lat.toFixed(5)} 半径 ${a.radiusM} 米` : `多边形 ${a.ring.length - 1} 个顶点`}`).join('\n') || '（没有区域）',
            areas,
          );
          return 0;
        }
        if (sub === 'count') {
          const counts = await call(dispatcher, 'areas.count', { by: values.by ?? 'role' } as Params<'areas.count'>);
          const lines = counts.areas.map((a) => `${a.name}  ${a.total}（${(a.share * 100).toFixed(1)}%）  ${Object.entries(a.counts).map(([k, n]) => `${countKey(counts.by, k)} ${n}`).join(' · ')}`);
          print([`共 ${counts.total} 个地点`, ...lines].join('\n'), counts);
          return 0;
        }
        if (sub === 'grade') {
          const filter = parseFilterArgs(values.filter ?? []);
          const params: Params<'areas.grade'> = { apply: values.apply, filter, useFilter: values['use-filter'] };
          if (values.thresholds !== undefined) params.thresholds = parseThresholds(values.thresholds, (await call(dispatcher, 'areas.grade', {})).thresholds);
          const grading = await call(dispatcher, 'areas.grade', params);
          const t = grading.thresholds;
          const rule = (g: 'A' | 'B' | 'C'): string => `${g}：${[t[g], ...(t.or?.[g] ?? [])].map((m) => `登记≥${m.prospects} 且 来访≥${m.visitors} 且 成交≥${m.deals}`).join('，或 ')}`;
          const lines = grading.areas.map((a) => `${a.name}  登记 ${a.prospects} · 来访 ${a.visitors} · 成交 ${a.deals}  → ${a.grade}`);
          const scope = grading.filtered
            ? `按筛选「${grading.filterText}」计数（客户阶段条件不用于分级）`
            : grading.filterIgnored
              ? '按全部客户计数：--filter 未用于分级（加 --use-filter 才按筛选计数）'
              : values['use-filter'] && values.filter !== undefined
                ? '按全部客户计数：筛选只有客户阶段条件，分级本身按阶段计数，不用它'
                : '按全部客户计数（不受地图筛选影响）';
          print([`阈值  ${rule('A')}；${rule('B')}；${rule('C')}；其余 D${values.apply ? '（已写入区域等级）' : ''}`, scope, ...lines].join('\n'), grading);
          return 0;
        }
        if (sub === 'opportunities') {
          const num = (v: string | undefined, what: string): number | undefined => {
            if (v === undefined) return undefined;
            const n = Number(v);
            if (!Number.isFinite(n)) throw new CliError({ code: 'INVALID_PARAMS', message: `${what}应为数字；收到：${v}` });
            return n;
          };
          const result = await call(dispatcher, 'areas.opportunities', {
            by: values.by ?? 'grid',
            radiusM: num(need(values.radius, ' --radius 距本案的距离（米）'), '--radius') ?? 0,
            cellM: num(values.cell, '--cell'),
            maxCount: num(values.max, '--max') ?? 0,
            minDistanceM: num(values['min-distance'], '--min-distance'),
            minCommunities: num(values['min-communities'], '--min-communities'),
          } as Params<'areas.opportunities'>);
          const lines = result.cells.map((c) => `${c.label}  距本案 ${(c.distanceM / 1000).toFixed(1)} 公里  ${c.count} 个地点  已知小区 ${c.communities} 个`);
          print([`机会战场 ${result.cells.length} 处`, ...lines].join('\n'), result);
          return 0;
        }
        throw new CliError({ code: 'INVALID_PARAMS', message: `ketu areas 的子命令是 add、list、count、grade 或 opportunities；收到：${String(sub)}` });
      }
      case 'list': {
        await call(dispatcher, 'project.open', { path: need(rest[0], '项目文件路径') });
        const columns = values.columns?.split(',').map((c) => c.trim()).filter((c) => c !== '');
        const result = await call(dispatcher, 'areas.export', {
          area: need(values.area, ' --area 区域名称'),
          out: need(values.out, ' --out 输出文件'),
          maskPhones: !values.unmasked,
          rows: values['per-place'] ? 'place' : 'customer',
          ...(columns === undefined ? {} : { columns }),
        } as Params<'areas.export'>);
        const shape = result.rowsPer === 'place' ? `${result.rows} 行（每个地点一行）` : `${result.rows} 行（每位客户一行）`;
        print(`已导出客户清单：${result.customers} 位客户、区域内地点 ${result.places} 个，共 ${shape}：${result.path}`, result);
        return 0;
      }
      case 'imports': {
        await call(dispatcher, 'project.open', { path: need(rest[0], '项目文件路径') });
        const batches = await call(dispatcher, 'imports.list', {});
        print(batches.map((b) => `批次 ${b.id}  ${b.createdAt.slice(0, 10)}  ${b.stage ?? '-'}  ${b.rowsRead} 行  ${b.places} 个地点  ${b.file}`).join('\n') || '（没有导入批次）', batches);
        return 0;
      }
      case 'undo-import': {
        await call(dispatcher, 'project.open', { path: need(rest[0], '项目文件路径') });
        const batchId = Number(need(rest[1], '批次编号'));
        const removed = await call(dispatcher, 'imports.remove', { batchId });
        print(`已撤销批次 ${batchId}：删除 ${removed.records} 条记录、${removed.places} 个地点`, removed);
        return 0;
      }
      case 'serve': {
        if (rest[0] !== undefined) await call(dispatcher, 'project.open', { path: rest[0] });
        const port = values.port === undefined ? undefined : Number(values.port);
        const host = await startHttpHost(dispatcher, port === undefined ? {} : { port });
        print(`KeTu 工作台已启动：${host.openUrl}\n（按 Ctrl+C 停止）`, { url: host.url, openUrl: host.openUrl, port: host.port });
        if (values.open) {
          const { openBrowser } = await import('./open-browser.js');
          // The browser's command line is readable by every local user: it gets a one-time code, not the token.
          openBrowser(host.launchUrl(), out);
        }
        await new Promise<void>((resolveStop) => {
          const stop = (): void => resolveStop();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await host.close();
        return 0;
      }
      case 'export': {
        if (rest[0] === 'pdf' || rest[0] === 'pptx' || rest[0] === 'pack' || (rest[0] === 'png' && values.template !== undefined)) {
          return await runPrintCommand(rest[0], rest.slice(1), values, dispatcher, (method, params) => call(dispatcher, method, params), print);
        }
        if (rest[0] !== 'png') throw new CliError({ code: 'INVALID_PARAMS', message: `ketu export 的子命令是 png、pdf、pptx 或 pack；收到：${String(rest[0])}` });
        const file = need(rest[1], '项目文件路径');
        // Refused before the picture is drawn (seconds of headless Chromium), not after.
        const outPath = checkOutputPath(need(values.out, ' --out 输出文件'));
        const { captureMapPng, checkMapPngOptions } = await import('../export/map-png.js');
        const opts = { ratio: Number(values.ratio), width: Number(values.width), height: Number(values.height), legend: !values['no-legend'] };
        checkMapPngOptions(opts);
        await call(dispatcher, 'project.open', { path: file });
        // The workbench itself draws the picture: served here, captured by headless Chromium, written by the engine.
        const host = await startHttpHost(dispatcher);
        let png: Uint8Array<ArrayBuffer>;
        try {
          png = await captureMapPng(host.openUrl, opts);
        } finally {
          await host.close();
        }
        const result = await call(dispatcher, 'export.png', { path: outPath, png, overwrite: true });
        print(`已导出 ${result.width}×${result.height} 像素 PNG：${result.path}`, result);
        return 0;
      }
      case 'demo': {
        const { generateDemo } = await import('../demo/generate-demo.js');
        const target = resolve(rest[0] ?? demoProjectPath);
        // Regenerating the bundled demo is routine; any other existing file may be someone's project.
        if (existsSync(target) && target !== resolve(demoProjectPath) && !values.force) {
          throw new CliError({ code: 'FILE_EXISTS', message: `文件已存在：${target}（演示项目不会覆盖它；确需覆盖请加 --force）`, details: { file: target } });
        }
        const info = generateDemo(target, resourcesDir);
        print(`已生成演示项目：${info.path}（客户 ${info.counts.customers}，地点 ${info.counts.places}）`, info);
        return 0;
      }
      default:
        if (revisionCommands.has(command)) return await runRevisionCommand(command, rest, values, (method, params) => call(dispatcher, method, params), print);
        throw new CliError({ code: 'INVALID_PARAMS', message: `未知命令：${command}（ketu help 列出全部命令）` });
    }
  } catch (err) {
    const wire: WireError = err instanceof CliError ? err.wire : toWireError(err);
    return printError(wire, json, command === 'help' ? rest[0] : command, out);
  } finally {
    engine.close();
  }
}
