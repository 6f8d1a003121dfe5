import { zipParts } from './zip-writer.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A one-sheet workbook (sheet 客户) around hand-written sheet XML, as a hostile or careless writer
 * would make it; `sharedStrings` adds that part. The sheet may be bytes, for runs too long for a string.
 */
export function workbook(sheet: string | Buffer, sharedStrings?: string | Buffer): Buffer {
  const rels =
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
    (sharedStrings === undefined ? '' : `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`) +
    `</Relationships>`;
  const parts: Array<[string, string | Buffer]> = [
    ['xl/workbook.xml', `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="客户" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', rels],
    ['xl/worksheets/sheet1.xml', sheet],
  ];
  if (sharedStrings !== undefined) parts.push(['xl/sharedStrings.xml', sharedStrings]);
  return zipParts(parts);
}

/** Sheet XML from `<row>` elements. */
export function sheetXml(rows: string): string {
  return `<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
}

/** An inline-string cell. */
export function textCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
}

/** A header row and one data row that places a customer (姓名, 经度, 纬度 in A–C). */
export function placedRows(extraHeader = '', extraCell = ''): string {
  return (
    `<row r="1">${textCell('A1', '姓名')}${textCell('B1', '经度')}${textCell('C1', '纬度')}${extraHeader}</row>` +
    `<row r="2">${textCell('A2', '张伟')}<c r="B2"><v>120.12</v></c><c r="C2"><v>30.28</v></c>${extraCell}</row>`
  );
}

/** GB18030 bytes of the few characters the CSV cases use (no GBK encoder in Node). */
const GBK: Readonly<Record<string, readonly number[]>> = {
  姓: [0xd0, 0xd5],
  名: [0xc3, 0xfb],
  电: [0xb5, 0xe7],
  话: [0xbb, 0xb0],
  经: [0xbe, 0xad],
  纬: [0xce, 0xb3],
  度: [0xb6, 0xc8],
  王: [0xcd, 0xf5],
};

/** Text as GB18030 bytes; ASCII as is, Chinese from the table above. */
export function gbk(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) bytes.push(code);
    else {
      const known = GBK[ch];
      if (known === undefined) throw new Error(`no GBK bytes for ${ch}`);
      bytes.push(...known);
    }
  }
  return Buffer.from(bytes);
}

/**
 * A GBK CSV of `rows` customers named 王<n>, placed by coordinates; in row `broken` (the sheet's row,
 * header = 1) the trail byte of 王 is missing, as a careless cut-and-paste leaves it.
 */
export function gbkCsvWithBrokenByte(rows: number, broken: number): Buffer {
  const lines = [gbk('姓名,电话,经度,纬度\r\n')];
  for (let i = 2; i <= rows + 1; i++) {
    const line = gbk(`王${i},1380000${String(i).padStart(4, '0')},120.1${i % 10},30.2${i % 10}\r\n`);
    lines.push(i === broken ? Buffer.concat([line.subarray(0, 1), line.subarray(2)]) : line);
  }
  return Buffer.concat(lines);
}
