import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CellProblem } from '../../native/contract/errors.js';
import type { ImportPreview } from '../../native/contract/methods.js';
import type { Reply } from '../../native/host/dispatch.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { readZipDirectory } from '../../native/import/sources/zip-directory.js';
import { sha256, tempDir } from '../support/files.js';
import { seededRandom } from '../../native/demo/seeded-random.js';
import { gbkCsvWithBrokenByte, placedRows, sheetXml, textCell, workbook } from '../support/hostile-files.js';
import { zipParts } from '../support/zip-writer.js';

/*
 * Hostile and careless sheets, as a stranger or a broken exporter makes them: each is refused with a
 * message naming file, sheet and cell (the project byte-for-byte unchanged), or imported with every
 * cell it could not read flagged. Nothing may crash the engine or run unbounded.
 */

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

interface Project {
  file(name: string): string;
  call(method: string, params: unknown): Promise<Reply>;
  /** Runs an import that must be refused; returns the error after checking the project did not change. */
  refused(params: Record<string, unknown>): Promise<{ code: string; message: string }>;
  preview(params: Record<string, unknown>): Promise<ImportPreview>;
  path: string;
}

async function project(): Promise<Project> {
  const d = tempDir('ketu-hostile-');
  const { dispatcher, engine } = createEngineHost();
  cleanups.push(() => {
    engine.close();
    d.remove();
  });
  const path = d.file('p.ketu');
  const call = (method: string, params: unknown): Promise<Reply> => dispatcher.call(method, params);
  expect((await call('project.create', { path, name: '测试', site: { lng: 120.1, lat: 30.25 }, city: '杭州市' })).ok).toBe(true);
  return {
    file: d.file,
    call,
    path,
    refused: async (params) => {
      await call('project.close', {});
      const before = sha256(path);
      expect((await call('project.open', { path })).ok).toBe(true);
      const reply = await call('import.commit', { crs: 'wgs84', ...params });
      await call('project.close', {});
      expect(sha256(path)).toBe(before);
      expect((await call('project.open', { path })).ok).toBe(true);
      if (reply.ok) throw new Error(`imported, expected a refusal: ${String(params.file)}`);
      return reply.error;
    },
    preview: async (params) => {
      const reply = await call('import.preview', { crs: 'wgs84', ...params });
      if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
      return reply.result as ImportPreview;
    },
  };
}

function attributesOf(path: string): Array<{ name: string | null; phone: string | null; attributes: Record<string, unknown> }> {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT c.name, c.phone, r.attributes FROM customer_records r JOIN customers c ON c.id = r.customer_id ORDER BY r.id').all() as Array<{ name: string | null; phone: string | null; attributes: string }>;
  db.close();
  return rows.map((r) => ({ ...r, attributes: JSON.parse(r.attributes) as Record<string, unknown> }));
}

const flags = (preview: ImportPreview): Array<Pick<CellProblem, 'row' | 'column' | 'reason'>> => preview.problems.map(({ row, column, reason }) => ({ row, column, reason }));

describe('hostile sheets are refused in bounded time, naming file, sheet and cell', () => {
  it('refuses a cell reference beyond column XFD or row 1,048,576 without sizing anything by it', async () => {
    const p = await project();
    const wide = p.file('宽.xlsx');
    // Before: one such cell grew a row to 321 million slots (2.2 GB) and killed the engine.
    writeFileSync(wide, workbook(sheetXml(placedRows('', textCell('ZZZZZZ2', 'x')))));
    const error = await p.refused({ file: wide });
    expect(error.code).toBe('UNSUPPORTED_FILE');
    expect(error.message).toBe('宽.xlsx 的工作表「客户」单元格 ZZZZZZ2 超出 Excel 的范围（最多 16,384 列，到 XFD 列），文件可能已损坏或不是 Excel 生成的');
    // XFD itself is the last column Excel has: read, kept as an attribute.
    const widest = p.file('最宽.xlsx');
    writeFileSync(widest, workbook(sheetXml(placedRows(textCell('XFD1', '备注'), textCell('XFD2', '老客户')))));
    expect((await p.preview({ file: widest })).usable).toBe(1);

    const tall = p.file('高.xlsx');
    writeFileSync(tall, workbook(sheetXml(`${placedRows()}<row r="1048577">${textCell('A1048577', '李娜')}</row>`)));
    expect((await p.refused({ file: tall })).message).toBe('高.xlsx 的工作表「客户」第 1048577 行超出 Excel 的范围（第 1 到 1,048,576 行），文件可能已损坏或不是 Excel 生成的');
  });

  it('refuses runs of text without tags, over-long cells and shared strings, and a sheet claiming more than 1 GB', async () => {
    const p = await project();
    // Before: 16 MB of spaces took 12 s, 64 MB 143 s (every chunk searched the whole run again).
    const spaces = p.file('空格.xlsx');
    writeFileSync(spaces, workbook(Buffer.concat([Buffer.from(sheetXml(placedRows()).replace('</sheetData>', '<row r="3">')), Buffer.alloc(32 * 2 ** 20, 0x20), Buffer.from('</row></sheetData></worksheet>')])));
    expect((await p.refused({ file: spaces })).message).toBe('空格.xlsx 的工作表「客户」第 3 行附近有一段超过 1,048,576 个字符的连续内容，不是正常的 Excel 工作表，文件可能已损坏');

    // Excel's own limit is 32,767 characters a cell; a cell split into many runs is counted whole.
    const long = p.file('长.xlsx');
    const runs = Array.from({ length: 40 }, () => `<r><t>${'长'.repeat(1000)}</t></r>`).join('');
    writeFileSync(long, workbook(sheetXml(placedRows('', `<c r="D2" t="inlineStr"><is>${runs}</is></c>`))));
    expect((await p.refused({ file: long })).message).toBe('长.xlsx 的工作表「客户」单元格 D2 的内容超过 32,767 个字符（Excel 单元格的上限），文件可能已损坏或不是 Excel 生成的');
    const value = p.file('长数.xlsx');
    writeFileSync(value, workbook(sheetXml(placedRows('', `<c r="D2"><v>${'1'.repeat(40_000)}</v></c>`))));
    expect((await p.refused({ file: value })).message).toContain('单元格 D2 的内容超过 32,767 个字符');

    const shared = p.file('共享.xlsx');
    writeFileSync(shared, workbook(sheetXml(placedRows()), `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>短</t></si><si><t>${'x'.repeat(40_000)}</t></si></sst>`));
    expect((await p.refused({ file: shared })).message).toBe('共享.xlsx 的共享文本（sharedStrings.xml）第 2 条超过 32,767 个字符（Excel 单元格的上限），文件可能已损坏或不是 Excel 生成的');

    // A zip bomb is refused by the size its directory declares, before a byte is inflated.
    const bomb = p.file('炸弹.xlsx');
    const zip = workbook(sheetXml(placedRows()));
    // The last occurrence of the name is the central directory's copy, after its 46-byte header.
    const central = zip.lastIndexOf(Buffer.from('xl/worksheets/sheet1.xml')) - 46;
    expect(zip.readUInt32LE(central)).toBe(0x02014b50);
    zip.writeUInt32LE(3 * 2 ** 30, central + 24);
    writeFileSync(bomb, zip);
    expect((await p.refused({ file: bomb })).message).toBe('炸弹.xlsx 的工作表「客户」解压后有 3,072 MB，超过 KeTu 能读的 1,024 MB，请拆分成几个文件后再导入');
  });
});

describe('hostile CSVs are refused in bounded time, naming file and row', () => {
  it('refuses a quote never closed and a record of more columns than Excel has', async () => {
    const p = await project();
    const open = p.file('引号.csv');
    // Before: the whole rest of the file was read into one cell, and refused only at its end.
    writeFileSync(open, `姓名,经度,纬度\n张伟,120.12,30.28\n"李娜,120.13,30.29\n${'王芳,120.14,30.3\n'.repeat(200_000)}`);
    expect((await p.refused({ file: open })).message).toBe('引号.csv 第 3 行有一个超过 1,048,576 个字符的单元格（常见原因：引号没有闭合），文件可能已损坏或不是表格');
    const wide = p.file('宽.csv');
    writeFileSync(wide, `姓名,经度,纬度\n张伟,120.12,30.28${','.repeat(20_000)}\n`);
    expect((await p.refused({ file: wide })).message).toBe('宽.csv 第 2 行超过 16,384 列（Excel 的上限），文件可能已损坏或不是表格');
  });
});

describe('nothing is lost in silence', () => {
  it('flags a missing shared string, a formula never calculated and a number cell holding NaN', async () => {
    const p = await project();
    const file = p.file('怪.xlsx');
    const rows =
      `<row r="1">${textCell('A1', '姓名')}${textCell('B1', '经度')}${textCell('C1', '纬度')}${textCell('D1', '总价')}</row>` +
      `<row r="2"><c r="A2" t="s"><v>7</v></c><c r="B2"><v>120.12</v></c><c r="C2"><v>30.28</v></c><c r="D2"><f>SUM(1,2)</f></c></row>` +
      `<row r="3">${textCell('A3', '李娜')}<c r="B3"><v>NaN</v></c><c r="C3"><v>30.28</v></c></row>`;
    writeFileSync(file, workbook(sheetXml(rows), `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>张伟</t></si></sst>`));
    const preview = await p.preview({ file });
    // Errors come first in a preview. Before: an empty name, an empty 总价 and 「经度为空」, none flagged.
    expect(flags(preview)).toEqual([
      { row: 3, column: '经度/纬度', reason: '经度不是数字：NaN' },
      { row: 2, column: '姓名', reason: '共享文本编号 7 不存在（共有 1 条），文件可能已损坏' },
      { row: 2, column: '总价', reason: '公式没有计算结果，请在 Excel 中重新计算后保存' },
      { row: 3, column: '经度', reason: '数值无效：NaN' },
    ]);
    expect(preview.problems.find((x) => x.reason === '经度不是数字：NaN')?.severity).toBe('error');
  });

  it('stores an unreadable date as no date, flagged with the original text', async () => {
    const p = await project();
    const file = p.file('日期.csv');
    writeFileSync(file, '姓名,经度,纬度,成交日期,来访日期\n张伟,120.12,30.28,2024-02-30,下周三\n李娜,120.13,30.29,2024-02-03,2024-01-05\n');
    const preview = await p.preview({ file });
    expect(preview.problems.map((x) => [x.row, x.column, x.value, x.severity])).toEqual([
      [2, '来访日期', '下周三', 'flag'],
      [2, '成交日期', '2024-02-30', 'flag'],
    ]);
    expect((await p.call('import.commit', { file, crs: 'wgs84' })).ok).toBe(true);
    const [first, second] = attributesOf(p.path);
    expect(first?.attributes.dealDate ?? null).toBeNull();
    expect(first?.attributes.visitDate ?? null).toBeNull();
    expect(second?.attributes).toMatchObject({ dealDate: '2024-02-03', visitDate: '2024-01-05' });
  });

  it('keeps repeated headers: a second phone as another number, other repeats as numbered attributes, said in the preview', async () => {
    const p = await project();
    const file = p.file('重复.csv');
    writeFileSync(file, '姓名,手机,手机,姓名,经度,纬度,备注,备注\n张伟,13800000001,13900000002,张伟伟,120.12,30.28,老客户,带看两次\n');
    const preview = await p.preview({ file });
    expect(flags(preview)).toEqual([
      { row: 1, column: '手机', reason: '表头「手机」重复：第 C 列的号码存为同一客户的其他号码' },
      { row: 1, column: '姓名', reason: '表头「姓名」重复：第 D 列存为属性「姓名(2)」' },
      { row: 1, column: '备注', reason: '表头「备注」重复：第 H 列存为属性「备注(2)」' },
    ]);
    expect((await p.call('import.commit', { file, crs: 'wgs84' })).ok).toBe(true);
    const [customer] = attributesOf(p.path);
    expect(customer).toMatchObject({ name: '张伟', phone: '13800000001' });
    expect(customer?.attributes).toMatchObject({ otherPhones: '13900000002', '姓名(2)': '张伟伟', note: '老客户', '备注(2)': '带看两次' });
  });

  it('flags every cell of a GBK CSV holding a byte that cannot be decoded, naming row and column', async () => {
    const p = await project();
    for (const [rows, broken, encoding] of [
      [300, 150, undefined],
      [3, 3, undefined],
      [300, 150, 'gb18030'],
    ] as const) {
      const file = p.file(`断字${rows}-${encoding ?? 'auto'}.csv`);
      writeFileSync(file, gbkCsvWithBrokenByte(rows, broken));
      // Before: 300 rows imported silently; 3 rows were refused as 「无法识别文字编码」 with no row named.
      const preview = await p.preview({ file, ...(encoding === undefined ? {} : { encoding }) });
      expect(preview.encoding, file).toBe('gb18030');
      expect(preview.usable).toBe(rows);
      expect(flags(preview), file).toEqual([{ row: broken, column: '姓名', reason: '文字编码有误：有字节无法按 GBK/GB18030 识别（显示为 �），内容可能已损坏，请核对原文件' }]);
    }
    // In the header itself: said on the header row.
    const header = p.file('断表头.csv');
    const bytes = gbkCsvWithBrokenByte(3, 0);
    writeFileSync(header, Buffer.concat([bytes.subarray(0, 3), bytes.subarray(4)]));
    const preview = await p.preview({ file: header });
    expect(flags(preview)[0]).toMatchObject({ row: 1, reason: '第 A 列的表头有无法识别的字符（显示为 �），请核对原文件的文字编码' });
  });
});

const fixtures = fileURLToPath(new URL('../fixtures/sources/', import.meta.url));

/** What may be done to a sheet's XML: each hostile case above, and plain damage. */
const XML_MUTATIONS: ReadonlyArray<(xml: string, at: number, random: () => number) => string> = [
  (xml, at) => `${xml.slice(0, at)}<c r="ZZZZZZ9" t="inlineStr"><is><t>x</t></is></c>${xml.slice(at)}`,
  (xml, at) => `${xml.slice(0, at)}<row r="99999999"/>${xml.slice(at)}`,
  (xml, at) => `${xml.slice(0, at)}${' '.repeat(2 ** 21)}${xml.slice(at)}`,
  (xml, at) => `${xml.slice(0, at)}<v>NaN</v>${xml.slice(at)}`,
  (xml, at) => `${xml.slice(0, at)}<c r="B2" t="s"><v>99999</v></c>${xml.slice(at)}`,
  (xml, at) => `${xml.slice(0, at)}<c r="A1"><f>1/0</f></c>${xml.slice(at)}`,
  (xml, at, random) => xml.slice(0, at) + xml.slice(at + Math.floor(random() * 200)),
  (xml, at) => `${xml.slice(0, at)}"<'&${xml.slice(at)}`,
  (xml, at) => `${xml.slice(0, at)}<![CDATA[${'<'.repeat(5000)}`,
  (xml, at) => xml.slice(0, at),
];

/** Every part of an .xlsx, to be zipped again after a mutation. */
async function parts(file: string): Promise<Array<[string, Buffer]>> {
  const zip = await readZipDirectory(file);
  const out: Array<[string, Buffer]> = [];
  for (const name of zip.entries.keys()) out.push([name, (await zip.read(name)) ?? Buffer.alloc(0)]);
  return out;
}

describe('a fuzz corpus of mutated real sheets', () => {
  it('refuses each mutant with a specific message (project unchanged) or imports it; none crashes or hangs', async () => {
    const p = await project();
    const random = seededRandom(20261204);
    const mutants: Array<{ name: string; bytes: Buffer }> = [];
    for (const name of readdirSync(fixtures).filter((f) => /\.(xlsx|csv)$/.test(f))) {
      const original = readFileSync(`${fixtures}${name}`);
      // Raw damage: flipped bytes and cuts, as a bad download or a disk leaves a file.
      for (let i = 0; i < 6; i++) {
        const bytes = Buffer.from(original);
        for (let k = 0; k <= i; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        mutants.push({ name: `flip${i}-${name}`, bytes: i % 2 === 0 ? bytes : bytes.subarray(0, Math.max(1, Math.floor(random() * bytes.length))) });
      }
      if (name.endsWith('.csv')) {
        // A quote opened and never closed, a record wider than Excel, bytes no encoding has, a NUL.
        for (const insert of [Buffer.from('"'), Buffer.from(','.repeat(20_000)), Buffer.from([0xff, 0xfe, 0x81]), Buffer.from([0]), Buffer.from(`"${'x'.repeat(2 ** 21)}"`)]) {
          const at = Math.floor(random() * original.length);
          mutants.push({ name: `ins${mutants.length}-${name}`, bytes: Buffer.concat([original.subarray(0, at), insert, original.subarray(at)]) });
        }
      }
      if (!name.endsWith('.xlsx') || name === 'truncated.xlsx' || name === 'picture.xlsx') continue;
      // Structured damage inside each sheet's XML, zipped again so the CRCs hold and the reader sees it.
      const all = await parts(`${fixtures}${name}`);
      for (const [m, mutate] of XML_MUTATIONS.entries()) {
        const mutated = all.map(([part, bytes]): [string, Buffer] => {
          if (!part.startsWith('xl/worksheets/sheet') && part !== 'xl/sharedStrings.xml') return [part, bytes];
          const xml = bytes.toString('utf8');
          // Inside a row, where the reader looks hardest; anywhere in a part without rows.
          const end = xml.indexOf('</row>', xml.length >> 2);
          const at = end >= 0 ? end : Math.floor(random() * xml.length);
          return [part, Buffer.from(mutate(xml, at, random))];
        });
        mutants.push({ name: `xml${m}-${name}`, bytes: zipParts(mutated) });
      }
    }
    expect(mutants.length).toBeGreaterThan(70);
    const outcomes = new Map<string, number>();
    for (const mutant of mutants) {
      const file = p.file(mutant.name);
      writeFileSync(file, mutant.bytes);
      await p.call('project.close', {});
      const before = sha256(p.path);
      expect((await p.call('project.open', { path: p.path })).ok).toBe(true);
      const reply = await p.call('import.commit', { file, crs: 'auto' });
      if (reply.ok) {
        outcomes.set('imported', (outcomes.get('imported') ?? 0) + 1);
        continue;
      }
      // A specific message in the planner's language: never an internal error, never English.
      expect(reply.error.code, `${mutant.name}: ${reply.error.message}`).not.toBe('INTERNAL');
      expect(reply.error.message, mutant.name).toMatch(/[\u4e00-\u9fff]/);
      expect(reply.error.message, mutant.name).toContain(basename(file));
      outcomes.set(reply.error.code, (outcomes.get(reply.error.code) ?? 0) + 1);
      await p.call('project.close', {});
      expect(sha256(p.path), mutant.name).toBe(before);
      expect((await p.call('project.open', { path: p.path })).ok).toBe(true);
    }
    // Both ends are exercised: some mutants refused, some still import.
    console.log(`fuzz corpus: ${mutants.length} mutants`, Object.fromEntries(outcomes));
    expect(outcomes.get('imported') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('UNSUPPORTED_FILE') ?? 0).toBeGreaterThan(0);
  }, 180_000);
});
