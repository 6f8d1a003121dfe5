import type { ZodError } from 'zod';
import type { WireError } from '../contract/errors.js';

type Issue = ZodError['issues'][number];

const typeNames: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '是/否',
  object: '对象',
  array: '列表',
  undefined: '空',
  null: '空值',
  nan: '非数字',
  bigint: '整数',
  date: '日期',
};

const typeName = (t: unknown): string => (typeof t === 'string' ? (typeNames[t] ?? t) : String(t));

const limitWhat: Record<string, string> = { string: '长度', array: '项数', number: '值', int: '值', bigint: '值', set: '项数', file: '大小' };

/** One zod issue in the planner's language; the field is named by its path in the params. */
function issueText(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      return `应为${typeName(issue.expected)}${received === undefined ? '' : `，收到的是${typeName(received)}`}`;
    }
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1 ? '不能为空' : `${limitWhat[issue.origin] ?? '值'}不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      return `${limitWhat[issue.origin] ?? '值'}不能大于 ${String(issue.maximum)}`;
    case 'invalid_value':
      return `应为 ${issue.values.map((v) => String(v)).join('、')} 之一`;
    case 'unrecognized_keys':
      return `不认识的参数：${issue.keys.join('、')}`;
    case 'invalid_format':
      return `格式不对（应为 ${issue.format}）`;
    case 'not_multiple_of':
      return `应为 ${String(issue.divisor)} 的倍数`;
    case 'invalid_union':
      return '不是允许的任何一种形式';
    case 'invalid_key':
      return '含有无效的键';
    case 'invalid_element':
      return '含有无效的项';
    case 'custom':
      return issue.message;
  }
}

/** Parameter errors as `{code: INVALID_PARAMS}` naming each field in Chinese; details.issues keeps zod's own text. */
export function paramsError(err: ZodError): WireError {
  const fields = err.issues.map((i) => `「${i.path.join('.') || '参数'}」${issueText(i)}`);
  const issues = err.issues.map((i) => `${i.path.join('.') || '(参数)'}: ${i.message}`);
  return { code: 'INVALID_PARAMS', message: `参数无效：${fields.join('；')}`, details: { issues } };
}
