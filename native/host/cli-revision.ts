import { KetuError } from '../contract/errors.js';
import type { MethodName, Params, Result } from '../contract/methods.js';
import { mixKeys, mixTitle, progressWarnings } from '../contract/revision.js';
import type { SalesProgress } from '../contract/revision.js';
import { parseFilterArgs } from './cli-filter.js';

/*
 * The 1/3 revision's commands (units, progress, versions, revision), kept apart from cli.ts so the main
 * command table stays short; cli.ts merges these options into its own and hands the commands here.
 */

/** One usage entry per command, merged into cli.ts's `commandUsage` (`ketu help units` …). */
export const revisionCommandUsage: Record<string, string> = {
  units: `  ketu units FILE --total 1200 [--product 洋房=600 --product 高层=500] | --from 销控表.xlsx [--sheet NAME]
                                                           货量：总套数（可按产品类型），或读入销控表`,
  progress: '  ketu progress FILE                                       销售进度：已售、占比、达到 1/3 的日期、按月累计',
  versions: '  ketu versions save|list|show|remove FILE [NAME]          地图版本：保存、列出、查看、删除',
  revision: `  ketu revision FILE [--plan VERSION | --plan-filter stage=visitors,prospects] [--plan-before YYYY-MM-DD]
       [--actual-filter …] [--until third|YYYY-MM-DD|all] [--out REPORT.xlsx]  1/3 修订对比：前期地图与实际成交
       [--save 1/3修订版 [--add-source 萧山区 …]]            保存为修订版：按成交调整等级，加入新增客源`,
};

export const revisionOptions = {
  total: { type: 'string' },
  product: { type: 'string', multiple: true },
  from: { type: 'string' },
  plan: { type: 'string' },
  'plan-filter': { type: 'string', multiple: true },
  'plan-before': { type: 'string' },
  'actual-filter': { type: 'string', multiple: true },
  until: { type: 'string' },
  save: { type: 'string' },
  'add-source': { type: 'string', multiple: true },
} as const;

export const revisionCommands: ReadonlySet<string> = new Set(Object.keys(revisionCommandUsage));

export interface RevisionCliValues {
  total?: string | undefined;
  product?: string[] | undefined;
  from?: string | undefined;
  plan?: string | undefined;
  'plan-filter'?: string[] | undefined;
  'plan-before'?: string | undefined;
  'actual-filter'?: string[] | undefined;
  until?: string | undefined;
  save?: string | undefined;
  'add-source'?: string[] | undefined;
  sheet?: string | undefined;
  out?: string | undefined;
}

type Call = <M extends MethodName>(method: M, params: Params<M>) => Promise<Result<M>>;

function refuse(message: string): never {
  throw new KetuError('INVALID_PARAMS', message);
}

function progressText(p: SalesProgress): string {
  const head =
    p.units === null
      ? `已售 ${p.sold} 套（未设货量：ketu units FILE --total N）`
      : `已售 ${p.sold}/${p.units} 套（${((p.share ?? 0) * 100).toFixed(1)}%），${p.thirdReachedOn === null ? '尚未达到 1/3' : `${p.thirdReachedOn} 达到 1/3`}`;
  return [
    head,
    ...p.byProduct.map((b) => `  ${b.product}  ${b.sold}${b.units === null ? '' : `/${b.units}`} 套${b.thirdReachedOn === null ? '' : `，${b.thirdReachedOn} 达到 1/3`}`),
    ...p.byMonth.map((m) => `  ${m.month}  ${m.sold} 套，累计 ${m.cumulative}`),
    ...(p.undated > 0 ? [`  另有 ${p.undated} 套无成交日期`] : []),
    ...p.duplicates.map((d) => `  ! 房号 ${d.unit} 成交给 ${d.customers} 位客户，只计一次，请核对`),
    ...progressWarnings(p).map((w) => (w.kind === 'overSold' ? `  ! ${w.product} 成交 ${w.sold} 套，多于货量 ${w.units} 套，请核对成交记录与货量` : `  ! 销控表记为已售 ${w.sheet} 套，成交记录计 ${w.sold} 套，请核对`)),
  ].join('\n');
}

/** Runs one revision command on an open project; returns the exit code. */
export async function runRevisionCommand(command: string, rest: string[], values: RevisionCliValues, call: Call, print: (human: string, data: unknown) => void): Promise<number> {
  const file = rest[command === 'versions' ? 1 : 0];
  if (file === undefined || file === '') refuse('缺少项目文件路径');
  await call('project.open', { path: file });
  switch (command) {
    case 'units': {
      if (values.from !== undefined) {
        const r = await call('units.import', { file: values.from, ...(values.sheet === undefined ? {} : { sheet: values.sheet }) });
        print(`已读入销控表 ${r.rows} 套\n${progressText(r)}`, r);
        return 0;
      }
      const products: Record<string, number> = {};
      for (const part of values.product ?? []) {
        const [name, n] = part.split('=', 2);
        const count = Number(n);
        if (name === undefined || name.trim() === '' || !Number.isInteger(count) || count < 0) refuse(`--product 应为 "产品类型=套数"，例如 洋房=600；收到：${part}`);
        products[name.trim()] = count;
      }
      const total = values.total === undefined ? undefined : Number(values.total);
      if (total !== undefined && (!Number.isInteger(total) || total < 1)) refuse(`--total 应为正整数；收到：${String(values.total)}`);
      if (total === undefined && Object.keys(products).length === 0) refuse('ketu units 需要 --total、--product 或 --from');
      const r = await call('units.set', { ...(total === undefined ? {} : { total }), products });
      print(progressText(r), r);
      return 0;
    }
    case 'progress': {
      const r = await call('progress.get', {});
      print(progressText(r), r);
      return 0;
    }
    case 'versions': {
      const sub = rest[0];
      const name = rest[2];
      if (sub === 'save') {
        const v = await call('versions.save', { name: name ?? refuse('缺少版本名称，例如 ketu versions save FILE 前期定位版') });
        print(`已保存地图版本「${v.name}」（${v.areas} 个区域，${v.customers} 位客户）`, v);
        return 0;
      }
      if (sub === 'list') {
        const list = await call('versions.list', {});
        print(list.map((v) => `${v.id}. ${v.name}  ${v.createdAt.slice(0, 16).replace('T', ' ')}  ${v.areas} 个区域 · ${v.customers} 位客户`).join('\n') || '（没有地图版本）', list);
        return 0;
      }
      if (sub === 'show') {
        const v = await call('versions.get', { version: name ?? refuse('缺少版本名称') });
        const lines = [
          `地图版本「${v.name}」  保存于 ${v.createdAt}`,
          `客户 ${v.customers} 位，批次 ${v.batches.map((b) => `${b.id}（${b.stage ?? '-'}，${b.customers}）`).join('、') || '无'}`,
          ...v.areaList.map((a) => `  ${a.name}${a.grade === null ? '' : ` [${a.grade}]`}`),
        ];
        print(lines.join('\n'), v);
        return 0;
      }
      if (sub === 'remove') {
        const r = await call('versions.remove', { version: name ?? refuse('缺少版本名称') });
        print(r.removed ? `已删除地图版本「${name}」` : '没有删除任何版本', r);
        return 0;
      }
      return refuse(`ketu versions 的子命令是 save、list、show 或 remove；收到：${String(sub)}`);
    }
    case 'revision': {
      if (values.plan !== undefined && values['plan-filter'] !== undefined) refuse('--plan 与 --plan-filter 只能用一个');
      if (values.plan !== undefined && values['plan-before'] !== undefined) refuse('--plan 与 --plan-before 只能用一个');
      const before = values['plan-before'];
      if (before !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(before)) refuse(`--plan-before 应为日期 YYYY-MM-DD；收到：${before}`);
      const until = values.until;
      const compare = {
        ...(values.plan === undefined ? {} : { plan: values.plan }),
        ...(values['plan-filter'] === undefined ? {} : { planFilter: parseFilterArgs(values['plan-filter']) }),
        ...(before === undefined ? {} : { planBefore: before }),
        ...(values['actual-filter'] === undefined ? {} : { actualFilter: parseFilterArgs(values['actual-filter']) }),
        ...(until === undefined ? {} : { until }),
      };
      const params: Params<'revision.compare'> = { ...compare, ...(values.out === undefined ? {} : { out: values.out }) };
      if (values.save !== undefined) {
        const saved = await call('revision.saveRevised', { ...compare, name: values.save, addSources: values['add-source'] ?? [] });
        const lines = [
          `已保存修订版「${saved.name}」`,
          ...(saved.added.length === 0 ? [] : [`新增目标区域：${saved.added.join('、')}`]),
          ...saved.regraded.map((g) => `区域 ${g.name}  ${g.from ?? '未分级'} → ${g.to}`),
        ];
        print(lines.join('\n'), saved);
        return 0;
      }
      if (values['add-source'] !== undefined) refuse('--add-source 只能与 --save 一起使用');
      const r = await call('revision.compare', params);
      const lines = [
        ...r.summary,
        '',
        ...r.areas.map((a) => `区域 ${a.name}  前期 ${a.plan}（${(a.planShare * 100).toFixed(1)}%） 成交 ${a.actual}（${(a.actualShare * 100).toFixed(1)}%）  ${a.grade}`),
        ...mixKeys(r.mix).flatMap((d) => (r.mix[d] ?? []).filter((m) => m.flagged).map((m) => `${mixTitle(d)} ${m.name}  ${m.deltaPp > 0 ? '+' : ''}${m.deltaPp} 个百分点`)),
        ...(r.report === null ? [] : [`报告：${r.report}`]),
      ];
      print(lines.join('\n'), r);
      return 0;
    }
    default:
      return refuse(`未知命令：${command}`);
  }
}
