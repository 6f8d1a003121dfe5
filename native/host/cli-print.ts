import { KetuError } from '../contract/errors.js';
import type { MethodName, Params, Result } from '../contract/methods.js';
import { printPapers, printTemplates } from '../contract/print-layout.js';
import type { PrintFormat, PrintTemplate } from '../contract/print-layout.js';
import type { Dispatcher } from './dispatch.js';

/*
 * `ketu export pdf|pptx|png --template …` and `ketu export pack`: print pages, kept apart from cli.ts.
 * The engine draws them (print.export, print.pack); the CLI shows progress and turns Ctrl+C into a cancel.
 */

export interface PrintCliValues {
  out?: string | undefined;
  template?: string | undefined;
  paper?: string | undefined;
  landscape?: boolean | undefined;
  dpi?: string | undefined;
  products?: boolean | undefined;
  bands?: boolean | undefined;
  areas?: boolean | undefined;
  revision?: boolean | undefined;
  unmasked?: boolean | undefined;
  json?: boolean | undefined;
}

type Call = <M extends MethodName>(method: M, params: Params<M>) => Promise<Result<M>>;

function refuse(message: string): never {
  throw new KetuError('INVALID_PARAMS', message);
}

function overridesOf(values: PrintCliValues): NonNullable<Params<'print.export'>['overrides']> {
  const o: NonNullable<Params<'print.export'>['overrides']> = {};
  if (values.paper !== undefined) {
    const paper = printPapers.find((p) => p.toLowerCase() === values.paper?.toLowerCase());
    if (paper === undefined || paper === 'custom') refuse(`--paper 应为 A4、A3 或 slide；收到：${values.paper}`);
    o.paper = paper;
  }
  if (values.landscape !== undefined) o.landscape = values.landscape;
  if (values.dpi !== undefined) {
    const dpi = Number(values.dpi);
    if (dpi !== 150 && dpi !== 300 && dpi !== 600) refuse(`--dpi 应为 150、300 或 600；收到：${values.dpi}`);
    o.dpi = dpi;
  }
  return o;
}

function templatesOf(text: string | undefined): PrintTemplate[] {
  if (text === undefined || text.trim() === '') refuse(`缺少 --template（${printTemplates.join('、')}，可用逗号连写）`);
  return text.split(',').map((t) => {
    const name = t.trim();
    const found = printTemplates.find((p) => p === name);
    if (found === undefined) refuse(`未知的模板「${name}」；可用：${printTemplates.join('、')}`);
    return found;
  });
}

export async function runPrintCommand(sub: PrintFormat | 'pack', rest: string[], values: PrintCliValues, dispatcher: Dispatcher, call: Call, print: (human: string, data: unknown) => void): Promise<number> {
  const file = rest[0];
  if (file === undefined || file === '') refuse('缺少项目文件路径');
  const out = values.out;
  if (out === undefined || out === '') refuse('缺少 --out 输出文件');
  const overrides = overridesOf(values);
  const templates = sub === 'pack' ? [] : templatesOf(values.template);
  await call('project.open', { path: file });
  const taskId = `cli-print-${process.pid}`;
  const unsubscribe = dispatcher.subscribe((event) => {
    if (event.type === 'progress' && event.taskId === taskId && values.json !== true) process.stderr.write(`\r出图 ${event.done}/${event.total} 页`);
  });
  const cancel = (): void => void dispatcher.call('task.cancel', { taskId });
  process.once('SIGINT', cancel);
  try {
    if (sub === 'pack') {
      const r = await call('print.pack', { out, products: values.products === true, bands: values.bands === true, areas: values.areas === true, revision: values.revision === true, unmasked: values.unmasked === true, overrides, taskId });
      if (values.json !== true) process.stderr.write('\n');
      print([`已出图 ${r.pages} 页到 ${r.dir}：`, ...r.files.map((f) => `  ${f}`)].join('\n'), r);
      return 0;
    }
    const r = await call('print.export', { format: sub, templates, out, overrides, taskId });
    if (values.json !== true) process.stderr.write('\n');
    const size = r.widthPx === undefined ? '' : `（${r.widthPx}×${r.heightPx ?? 0} 像素）`;
    print(`已导出 ${r.pages} 页 ${sub.toUpperCase()}${size}：${r.path}`, r);
    return 0;
  } finally {
    process.off('SIGINT', cancel);
    unsubscribe();
  }
}
