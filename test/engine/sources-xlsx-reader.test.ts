import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Row } from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { KetuError } from '../../native/contract/errors.js';
import type { PlainCell } from '../../native/import/cell-value.js';
import { ExcelJS } from '../../native/export/exceljs.js';
import { openTableSource } from '../../native/import/sources/table-source.js';
import type { SourceRow } from '../../native/import/sources/table-source.js';
import { readZipDirectory } from '../../native/import/sources/zip-directory.js';
import { readSheetWithExceljs } from '../support/exceljs-sheet-reader.js';
import { tempDir } from '../support/files.js';
import { zipParts } from '../support/zip-writer.js';

const fixtures = fileURLToPath(new URL('../fixtures/sources/', import.meta.url));

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function temp(): (name: string) => string {
  const d = tempDir('ketu-xlsx-reader-');
  cleanups.push(d.remove);
  return d.file;
}

async function readAll(file: string, sheet?: string): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of (await openTableSource(file)).rows(sheet)) rows.push(row);
  return rows;
}

/** A cell where KeTu's reader knowingly differs from exceljs: the row is found by its first cell. */
interface Difference {
  sheet: string;
  label: string;
  column: number;
  exceljs: PlainCell;
  ours: PlainCell;
}

/**
 * Every sheet of `file`, read by KeTu's reader and by the exceljs reference, must give the same rows,
 * except the listed cells, which must hold what each reader is known to give there.
 */
async function expectSameAsExceljs(file: string, differences: readonly Difference[] = []): Promise<number> {
  const source = await openTableSource(file);
  let rows = 0;
  for (const sheet of await source.sheets()) {
    const ours = await readAll(file, sheet);
    const reference = await readSheetWithExceljs(file, sheet);
    for (const d of differences.filter((x) => x.sheet === sheet)) {
      const row = reference.find((r) => r.values[0] === d.label);
      expect(row?.values[d.column], `exceljs, ${sheet} / ${d.label}`).toEqual(d.exceljs);
      if (row !== undefined) row.values[d.column] = d.ours;
    }
    // exceljs said nothing of cells it could not read; KeTu flags them (only the formula never calculated here).
    const unread = ours.flatMap((r) => (r.unread ?? []).map((u) => [r.values[0], u.reason]));
    expect(unread, `${file} / ${sheet}`).toEqual(ours.some((r) => r.values[0] === '未计算公式') ? [['未计算公式', '公式没有计算结果，请在 Excel 中重新计算后保存']] : []);
    expect(
      ours.map(({ number, values }) => ({ number, values })),
      `${file} / ${sheet}`,
    ).toEqual(reference);
    rows += ours.length;
  }
  return rows;
}

/** exceljs drops a formula's result when it is falsy (FormulaValue._copyModel), so =C20 giving 0 read as nothing. */
const ZERO_RESULT: Difference = { sheet: '客户', label: '公式', column: 5, exceljs: null, ours: 0 };
/** exceljs's streaming reader keeps only the last run of an inline rich string, and decodes inline text twice. */
const INLINE_BUGS: Difference[] = [
  { sheet: '客户', label: '富文本', column: 1, exceljs: '样式', ours: '富文本 样式' },
  { sheet: '客户', label: '实体', column: 4, exceljs: '&', ours: '&amp;' },
];

/** The worksheet calls both exceljs writers (whole-workbook and streaming) share. */
interface SheetWriter {
  addRow(values: unknown[]): Row;
  mergeCells(range: string): void;
}

const utc = (iso: string): Date => new Date(`${iso}Z`);

/** One of each kind of cell a customer list holds, and the layouts around them. */
function writeFeatureRows(ws: SheetWriter): void {
  ws.addRow(['云栖江澜府客户明细']);
  ws.mergeCells('A1:F1');
  ws.addRow([]);
  ws.addRow(['姓名', '日期', '数字', '公式', '其他']);
  const dated = (value: Date, numFmt: string): void => {
    const row = ws.addRow(['日期', value]);
    row.getCell(2).numFmt = numFmt;
  };
  dated(utc('2024-01-05T00:00:00'), 'yyyy-mm-dd');
  dated(utc('2024-02-29T18:30:00'), 'yyyy/m/d h:mm');
  dated(utc('2023-12-31T23:59:59.999'), 'yyyy"年"m"月"d"日"');
  dated(utc('2024-03-08T00:00:00'), '[$-804]yyyy"年"m"月"d"日";@');
  dated(utc('2024-03-08T00:00:00'), 'd-mmm-yy');
  dated(utc('1900-01-15T00:00:00'), 'mm-dd-yy');
  dated(utc('1899-12-30T09:15:00'), 'h:mm');
  ws.addRow(['默认日期格式', utc('2025-07-01T00:00:00')]);
  const numbered = (value: number, numFmt: string): void => {
    const row = ws.addRow(['数字', null, value]);
    row.getCell(3).numFmt = numFmt;
  };
  numbered(1234.5, '#,##0.00');
  numbered(0.125, '0.0%');
  numbered(88, '"¥"#,##0.00');
  numbered(-3.5, '0.00_);[Red](0.00)');
  numbered(120, '#,##0"万m²"');
  numbered(7, '0"d"');
  numbered(13800000001, '@');
  ws.addRow(['数字', null, 0, -1.5, 1e-7, 123456789012345, 120.1201, 30.2801]);
  ws.addRow(['富文本', { richText: [{ text: '富' }, { font: { bold: true }, text: '文本' }, { font: { italic: true }, text: ' 样式' }] }]);
  ws.addRow(['公式', null, null, { formula: 'C20*2', result: 4 }, { formula: 'A1&"x"', result: '字符串结果' }, { formula: 'C20', result: 0 }]);
  ws.addRow(['未计算公式', null, null, { formula: 'NOW()' }]);
  ws.addRow(['布尔', true, false]);
  ws.addRow(['错误', { error: '#N/A' }, { error: '#DIV/0!' }]);
  ws.addRow(['链接', { text: '高德地图', hyperlink: 'https://www.amap.com/' }]);
  ws.addRow(['实体', '<a & b> "c" \'d\'', 'x\ny', 'r\r\nn', '&amp;', '😀𠀀', 'Ünïcødé']);
  ws.addRow(['空白', '  两边空格  ', '　', '', '   ']);
  ws.addRow(['末尾空串', 'a', '']);
  ws.addRow(['末尾空格', 'a', '  ']);
  const sparse = ws.addRow(['稀疏']);
  sparse.getCell(5).value = 'E';
  sparse.getCell(28).value = 'AB';
  sparse.getCell(702).value = 'ZZ';
  ws.addRow([]);
  ws.addRow([]);
  const merged = ws.addRow(['合并', '跨三列', null, null, '后']);
  ws.mergeCells(`B${merged.number}:D${merged.number}`);
  ws.addRow(['合计', null, { formula: 'SUM(C15:C21)', result: 13800001340.125 }]);
}

const WORDS = ['杭州市西湖区文三路', '滨江区江南大道', '余杭区五常街道', '桂花城', '春江花月', '金色海岸', '信息传输、软件和信息技术服务业', '𠀀𠀁', '（全角）：；'];
const chinese = (i: number): string => `${WORDS[i % WORDS.length] ?? ''}${i}号${'楼层单元'.repeat(i % 7)}`;

function writeChineseRows(ws: SheetWriter, rows: number): void {
  ws.addRow(['姓名', '现居住地址', '备注', '经度']);
  for (let i = 0; i < rows; i++) ws.addRow([`客户${i}`, chinese(i), chinese(i * 7 + 3), 120 + i / 1e4]);
}

/** Whether some inflated chunk of `part` ends inside a UTF-8 character (what the decoder must join). */
async function splitsACharacter(file: string, part: string): Promise<boolean> {
  const zip = await readZipDirectory(file);
  for await (const chunk of zip.stream(part)) {
    // Walk back over continuation bytes to the lead byte; split if the sequence is longer than what is left.
    let i = chunk.length - 1;
    while (i > 0 && ((chunk[i] ?? 0) & 0xc0) === 0x80) i--;
    const lead = chunk[i] ?? 0;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (chunk.length - i < need) return true;
  }
  return false;
}

describe("KeTu's xlsx reader gives exactly the rows exceljs's WorkbookReader gave", () => {
  it('for every .xlsx fixture', async () => {
    let compared = 0;
    for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.xlsx'))) {
      const file = `${fixtures}${name}`;
      try {
        await openTableSource(file);
      } catch (err) {
        // truncated.xlsx and picture.xlsx are not workbooks; sources-xlsx/sources-table test their messages.
        expect(err).toBeInstanceOf(KetuError);
        continue;
      }
      expect(await expectSameAsExceljs(file)).toBeGreaterThan(0);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(2);
  });

  it('for a workbook saved whole by exceljs (shared strings, styles, a hidden sheet)', async () => {
    const file = temp()('features.xlsx');
    const wb = new ExcelJS.Workbook();
    writeFeatureRows(wb.addWorksheet('客户'));
    wb.addWorksheet('参数', { state: 'hidden' }).addRow(['内部', 1, true]);
    writeChineseRows(wb.addWorksheet('中文'), 3000);
    await wb.xlsx.writeFile(file);
    expect(await splitsACharacter(file, 'xl/sharedStrings.xml')).toBe(true);
    await expectSameAsExceljs(file, [ZERO_RESULT]);
    // Spot checks, so that agreeing with exceljs also means being right.
    const rows = await readAll(file, '客户');
    const byLabel = (label: string): SourceRow | undefined => rows.find((r) => r.values[0] === label);
    expect(rows.filter((r) => r.values[0] === '日期').map((r) => r.values[1])).toEqual(['2024-01-05', '2024-02-29', '2023-12-31', '2024-03-08', '2024-03-08', '1900-01-15', '1899-12-30']);
    expect(byLabel('默认日期格式')?.values).toEqual(['默认日期格式', '2025-07-01']);
    expect(byLabel('公式')?.values).toEqual(['公式', null, null, 4, '字符串结果', 0]);
    expect(byLabel('实体')?.values).toEqual(['实体', '<a & b> "c" \'d\'', 'x\ny', 'r\nn', '&amp;', '😀𠀀', 'Ünïcødé']);
    expect(byLabel('末尾空串')?.values).toEqual(['末尾空串', 'a']);
    expect(byLabel('末尾空格')?.values).toEqual(['末尾空格', 'a', null]);
    expect(byLabel('稀疏')?.values.length).toBe(702);
    expect((await readAll(file, '中文')).at(-1)?.values).toEqual(['客户2999', chinese(2999), chinese(2999 * 7 + 3), 120.2999]);
  });

  it('for workbooks streamed by exceljs, with inline strings or shared strings, and in the 1904 date system', async () => {
    const file = temp();
    for (const useSharedStrings of [false, true]) {
      const path = file(`streamed-${String(useSharedStrings)}.xlsx`);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings, useStyles: true });
      writeFeatureRows(wb.addWorksheet('客户'));
      writeChineseRows(wb.addWorksheet('中文'), 3000);
      await wb.commit();
      if (!useSharedStrings) expect(await splitsACharacter(path, 'xl/worksheets/sheet2.xml')).toBe(true);
      await expectSameAsExceljs(path, useSharedStrings ? [ZERO_RESULT] : [ZERO_RESULT, ...INLINE_BUGS]);
    }
    const mac = file('1904.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    writeFeatureRows(wb.addWorksheet('客户'));
    await wb.xlsx.writeFile(mac);
    expect((await (await readZipDirectory(mac)).read('xl/workbook.xml'))?.toString()).toContain('date1904="1"');
    await expectSameAsExceljs(mac, [ZERO_RESULT]);
    expect((await readAll(mac)).find((r) => r.values[0] === '默认日期格式')?.values[1]).toBe('2025-07-01');
  });
});

describe("KeTu's xlsx reader on files exceljs could not read", () => {
  it('reads x:-prefixed elements, rows and cells without r, inline strings and phonetic runs', async () => {
    const file = temp()('dotnet.xlsx');
    writeFileSync(file, handWrittenWorkbook());
    const source = await openTableSource(file);
    expect(await source.sheets()).toEqual(['客户 & 来访']);
    expect(await readAll(file)).toEqual([
      { number: 1, values: ['姓名', '内联文本', 12.5] },
      { number: 4, values: [null, null, '2024-01-05', 1] },
      { number: 5, values: ['東京', '2024-01-05', null, 'FALSE'] },
      { number: 6, values: ['富 文本', 'a &lt; b 中文', null] },
      { number: 7, values: ['单引号', '<b>&amp;</b>'] },
      { number: 8, values: [] },
      { number: 9, values: ['2024-01-05'] },
    ]);
  });
});

describe("KeTu's xlsx reader where it deliberately differs from exceljs", () => {
  it('reads dates, formula results, phonetic and rich text as Excel shows them', async () => {
    const file = temp()('differences.xlsx');
    writeFileSync(file, differencesWorkbook(false));
    expect(await readAll(file)).toEqual([
      { number: 1, values: [...DIFFERENCE_LABELS] },
      // ISO date text; a date-formatted formula result; TRUE not 1; an error is nothing (as in exceljs); 0 kept;
      // the Chinese built-in date formats; the text, not its furigana; every run; nothing, not NaN; entities decoded once.
      { number: 2, values: ['2024-03-08', '2024-01-05', 'TRUE', null, 0, '2024-01-05', '2024-01-05', '東京', '富文本', null, 'AT&amp;T'] },
    ]);
    const reference = await readSheetWithExceljs(file, '差异');
    expect(reference[1]?.values).toEqual([2024, 45296, 1, null, null, 45296, 45296, 'トウキョウ', '文本', NaN, 'AT&T']);
  });

  it("takes date1904 written as 'true' (exceljs only knew '1')", async () => {
    const file = temp()('1904-true.xlsx');
    writeFileSync(file, differencesWorkbook(true));
    // 45296 in the 1904 system is 1462 days after 2024-01-05.
    expect((await readAll(file))[1]?.values[5]).toBe('2028-01-06');
    expect((await readSheetWithExceljs(file, '差异'))[1]?.values[5]).toBe(45296);
  });
});

describe("KeTu's xlsx reader on damaged files", () => {
  it('reports flipped bytes inside the deflated sheet as a damaged file', async () => {
    const file = temp()('flipped.xlsx');
    const wb = new ExcelJS.Workbook();
    writeChineseRows(wb.addWorksheet('中文'), 3000);
    await wb.xlsx.writeFile(file);
    const bytes = readFileSync(file);
    const sheet = (await readZipDirectory(file)).entries.get('xl/worksheets/sheet1.xml');
    if (sheet === undefined) throw new Error('no sheet1');
    const start = sheet.localHeaderOffset + 30 + bytes.readUInt16LE(sheet.localHeaderOffset + 26) + bytes.readUInt16LE(sheet.localHeaderOffset + 28);
    for (const at of [0.3, 0.5, 0.7]) {
      const i = start + Math.floor(sheet.compressedSize * at);
      bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
    }
    writeFileSync(file, bytes);
    const source = await openTableSource(file);
    await expect(readAll(file)).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE', message: expect.stringMatching(/^flipped\.xlsx 文件已损坏或不完整/) as unknown });
    // Stopping before the damage reads fine: the import is all-or-nothing anyway.
    for await (const row of source.rows()) if (row.number > 10) break;
  });

  it('reports a part whose bytes inflate but fail their CRC as a damaged file', async () => {
    const file = temp()('crc.xlsx');
    const bytes = handWrittenWorkbook();
    writeFileSync(file, bytes);
    const sheet = (await readZipDirectory(file)).entries.get('xl/worksheets/data.xml');
    if (sheet === undefined) throw new Error('no data.xml');
    // The CRC in the central directory (the one readers trust) no longer matches the data.
    const central = bytes.indexOf(Buffer.from('xl/worksheets/data.xml'), bytes.length - 2000) - 46;
    bytes.writeUInt32LE((sheet.crc ^ 1) >>> 0, central + 16);
    writeFileSync(file, bytes);
    await expect(readAll(file)).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE', message: expect.stringMatching(/^crc\.xlsx 文件已损坏或不完整/) as unknown });
  });
});

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook as some .NET writers make it: every element prefixed, parts under their own names. */
function handWrittenWorkbook(): Buffer {
  return zipParts([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="utf-8"?><x:workbook xmlns:x="${MAIN}" xmlns:r="${REL}"><x:sheets><x:sheet name="客户 &amp; 来访" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>`],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Type="${REL}/styles" Target="/xl/stylesheet.xml" Id="rId2"/>` +
        `<Relationship Target="strings.xml" Id="rId3" Type="${REL}/sharedStrings"/>` +
        `<Relationship Id="rId7" Type="${REL}/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>`,
    ],
    [
      'xl/stylesheet.xml',
      `<x:styleSheet xmlns:x="${MAIN}"><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></x:numFmts>` +
        // cellStyleXfs and dxfs hold xf / numFmt elements too; only cellXfs and numFmts count.
        `<x:cellStyleXfs count="1"><x:xf numFmtId="14"/></x:cellStyleXfs>` +
        `<x:cellXfs count="4"><x:xf numFmtId="0"/><x:xf numFmtId="164" applyNumberFormat="1"/><x:xf applyNumberFormat="1" numFmtId="31"/><x:xf numFmtId="2"/></x:cellXfs>` +
        `<x:dxfs count="1"><x:dxf><x:numFmt numFmtId="164" formatCode="0.00"/></x:dxf></x:dxfs></x:styleSheet>`,
    ],
    [
      'xl/strings.xml',
      `<x:sst xmlns:x="${MAIN}" count="2" uniqueCount="2"><x:si><x:t>姓名</x:t></x:si>` +
        `<x:si><x:t>東京</x:t><x:rPh sb="0" eb="2"><x:t>トウキョウ</x:t></x:rPh><x:phoneticPr fontId="1"/></x:si></x:sst>`,
    ],
    [
      'xl/worksheets/data.xml',
      `<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="${MAIN}"><x:sheetData>` +
        `<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t='inlineStr'><x:is><x:t>内联文本</x:t></x:is></x:c><x:c><x:v>12.5</x:v></x:c></x:row>` +
        `<!-- rows 2 and 3 are not written --><x:row r="4" spans="1:4"><x:c s="1" r="C4" t="n"><x:v>45296</x:v></x:c><x:c><x:v>1</x:v></x:c></x:row>` +
        `<x:row><x:c t="s"><x:v>1</x:v></x:c><x:c s="2"><x:v>45296.5</x:v></x:c><x:c/><x:c t="b"><x:v>0</x:v></x:c></x:row>` +
        `<x:row>\n  <x:c t="inlineStr"><x:is><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">富 </x:t></x:r><x:r><x:t>文本</x:t></x:r><x:rPh sb="0" eb="1"><x:t>fu</x:t></x:rPh></x:is></x:c>\n` +
        `  <x:c t="str"><x:v>a &amp;lt; b &#x4E2D;&#25991;</x:v></x:c><x:c t="e"><x:v>#REF!</x:v></x:c>\n</x:row>` +
        `<x:row r='7'><x:c t='inlineStr' r='A7'><x:is><x:t>单引号</x:t></x:is></x:c><x:c t="str" r="B7"><x:v><![CDATA[<b>&amp;</b>]]></x:v></x:c><x:c r="C7" s="3"/></x:row>` +
        `<x:row/><x:row><x:c s="1"><x:v>45296</x:v></x:c></x:row>` +
        `</x:sheetData></x:worksheet>`,
    ],
  ]);
}

const DIFFERENCE_LABELS = ['t="d"', 'formula, date style', 'formula, boolean', 'formula, error', 'formula, 0', 'numFmt 31', 'numFmt 58', 'phonetic', 'inline runs', 'empty <v/>', 'entities'] as const;

/** Cells exceljs read differently from Excel, in a layout exceljs can stream (plain names, sheet1.xml). */
function differencesWorkbook(date1904True: boolean): Buffer {
  return zipParts([
    ['xl/workbook.xml', `<workbook xmlns="${MAIN}" xmlns:r="${REL}">${date1904True ? '<workbookPr date1904="true"/>' : ''}<sheets><sheet name="差异" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    [
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
    ['xl/styles.xml', `<styleSheet xmlns="${MAIN}"><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="58"/></cellXfs></styleSheet>`],
    [
      'xl/sharedStrings.xml',
      `<sst xmlns="${MAIN}">${DIFFERENCE_LABELS.map((l) => `<si><t>${l.replace(/</g, '&lt;')}</t></si>`).join('')}<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>`,
    ],
    [
      'xl/worksheets/sheet1.xml',
      `<worksheet xmlns="${MAIN}"><sheetData><row r="1">${DIFFERENCE_LABELS.map((_, i) => `<c r="${String.fromCharCode(65 + i)}1" t="s"><v>${i}</v></c>`).join('')}</row>` +
        '<row r="2"><c r="A2" t="d"><v>2024-03-08T00:00:00</v></c><c r="B2" s="1"><f>DATE(2024,1,5)</f><v>45296</v></c><c r="C2" t="b"><f>1=1</f><v>1</v></c>' +
        '<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E2"><f>B2-B2</f><v>0</v></c><c r="F2" s="2"><v>45296</v></c><c r="G2" s="3"><v>45296</v></c>' +
        `<c r="H2" t="s"><v>${DIFFERENCE_LABELS.length}</v></c><c r="I2" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c><c r="J2"><v/></c>` +
        '<c r="K2" t="inlineStr"><is><t>AT&amp;amp;T</t></is></c></row></sheetData></worksheet>',
    ],
  ]);
}
