import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { KetuError } from '../contract/errors.js';
import type { CellProblem } from '../contract/errors.js';
import type { CrsName, ImportField } from '../contract/methods.js';
import type { NewCustomer } from '../store/project-store.js';
import { plainCell } from './cell-value.js';
import type { PlainCell } from './cell-value.js';
import { parseCoordinate, toWgs84 } from './coordinates.js';
import { fieldForHeader } from './header-map.js';

export interface ParsedImport {
  file: string;
  sheet: string;
  sheets: string[];
  headerRow: number;
  columns: Array<{ header: string; field: ImportField | null }>;
  rowsRead: number;
  customers: NewCustomer[];
  /** Rows that were read but could not be used, one entry per bad cell. */
  problems: CellProblem[];
  rejectedRows: number;
  sample: Array<Record<string, PlainCell>>;
}

export interface ParseOptions {
  file: string;
  crs: CrsName;
  sheet?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((rows: number) => void) | undefined;
}

const HEADER_SCAN_ROWS = 20;
const placeFields: ReadonlySet<ImportField> = new Set<ImportField>(['name', 'phone', 'community', 'address', 'employer', 'industry', 'lng', 'lat', 'workLng', 'workLat']);

function assertXlsx(file: string): void {
  if (!existsSync(file)) throw new KetuError('FILE_NOT_FOUND', `找不到文件：${file}`, { file });
  const fd = openSync(file, 'r');
  const magic = Buffer.alloc(4);
  try {
    readSync(fd, magic, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  // .xlsx is a zip archive; anything else (csv, old .xls, a renamed file) is named here, not deep in the reader.
  if (magic.readUInt32LE(0) !== 0x04034b50) {
    throw new KetuError('UNSUPPORTED_FILE', `不是有效的 Excel .xlsx 文件：${basename(file)}（如为 .xls 或 .csv，请在 Excel 中另存为 .xlsx）`, { file });
  }
}

function inRange(lng: number, lat: number): boolean {
  return lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90;
}

/** Reads a sheet row by row (streaming) into customers; never touches a project. */
export async function parseXlsxImport(opts: ParseOptions): Promise<ParsedImport> {
  assertXlsx(opts.file);
  const file = opts.file;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', worksheets: 'emit', styles: 'ignore' });
  const sheets: string[] = [];
  let chosen: ParsedImport | null = null;
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name?: string }).name ?? `Sheet${sheets.length + 1}`;
      sheets.push(name);
      if (chosen !== null || (opts.sheet !== undefined && opts.sheet !== name)) {
        // The stream must still be drained to reach the next sheet.
        for await (const row of ws) if (row === undefined) break;
        continue;
      }
      chosen = await readSheet(ws, name, opts);
    }
  } catch (err) {
    if (err instanceof KetuError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new KetuError('UNSUPPORTED_FILE', `无法读取 Excel 文件 ${basename(file)}：${message}`, { file });
  }
  if (chosen === null) {
    if (opts.sheet !== undefined) throw new KetuError('INVALID_PARAMS', `文件 ${basename(file)} 中没有名为「${opts.sheet}」的工作表`, { file, sheets });
    throw new KetuError('IMPORT_NO_HEADER', `文件 ${basename(file)} 中没有工作表`, { file });
  }
  chosen.sheets = sheets;
  return chosen;
}

async function readSheet(rows: AsyncIterable<ExcelJS.Row>, sheet: string, opts: ParseOptions): Promise<ParsedImport> {
  const file = opts.file;
  let headerRow = 0;
  let columns: Array<{ header: string; field: ImportField | null }> = [];
  const index: Partial<Record<ImportField, number>> = {};
  const customers: NewCustomer[] = [];
  const problems: CellProblem[] = [];
  const sample: Array<Record<string, PlainCell>> = [];
  let rowsRead = 0;
  let rejectedRows = 0;

  for await (const row of rows) {
    if (opts.signal?.aborted === true) throw new KetuError('CANCELLED', '导入已取消');
    const values = (row.values as unknown[]).slice(1).map(plainCell);
    if (values.every((v) => v === null)) continue;
    if (headerRow === 0) {
      const candidate = values.map((v) => (v === null ? '' : String(v)));
      const fields = candidate.map(fieldForHeader);
      if (fields.includes('lng') && fields.includes('lat')) {
        headerRow = row.number;
        columns = candidate.map((header, i) => ({ header, field: fields[i] ?? null }));
        fields.forEach((f, i) => {
          if (f !== null && index[f] === undefined) index[f] = i;
        });
      } else if (row.number >= HEADER_SCAN_ROWS) {
        break;
      }
      continue;
    }
    rowsRead++;
    if (rowsRead % 1000 === 0) opts.onProgress?.(rowsRead);
    const get = (f: ImportField): PlainCell => (index[f] === undefined ? null : (values[index[f]] ?? null));
    const header = (f: ImportField): string => (index[f] === undefined ? f : (columns[index[f]]?.header ?? f));
    if (sample.length < 5) {
      const record: Record<string, PlainCell> = {};
      columns.forEach((c, i) => (record[c.header] = values[i] ?? null));
      sample.push(record);
    }
    const rowProblems: CellProblem[] = [];
    const lng = parseCoordinate(get('lng'));
    const lat = parseCoordinate(get('lat'));
    if (lng === null) rowProblems.push({ sheet, row: row.number, column: header('lng'), reason: get('lng') === null ? '经度为空' : `经度不是数字：${String(get('lng'))}` });
    if (lat === null) rowProblems.push({ sheet, row: row.number, column: header('lat'), reason: get('lat') === null ? '纬度为空' : `纬度不是数字：${String(get('lat'))}` });
    if (lng !== null && lat !== null && !inRange(lng, lat)) {
      rowProblems.push({ sheet, row: row.number, column: `${header('lng')}/${header('lat')}`, reason: `坐标超出范围：${lng}, ${lat}` });
    }
    if (rowProblems.length > 0 || lng === null || lat === null) {
      rejectedRows++;
      problems.push(...rowProblems);
      continue;
    }
    const text = (f: ImportField): string | null => {
      const v = get(f);
      return v === null ? null : String(v);
    };
    const [hx, hy] = toWgs84(lng, lat, opts.crs);
    const customer: NewCustomer = {
      name: text('name'),
      phone: text('phone'),
      attributes: {},
      places: [{ role: 'home', lng: hx, lat: hy, name: text('community'), address: text('address') }],
    };
    // Mapped fields without a column of their own, and unmapped columns, are kept as attributes.
    columns.forEach((c, i) => {
      if (customer.attributes === undefined || c.header === '') return;
      if (c.field === null) customer.attributes[c.header] = values[i] ?? null;
      else if (!placeFields.has(c.field)) customer.attributes[c.field] = values[i] ?? null;
    });
    const wlng = parseCoordinate(get('workLng'));
    const wlat = parseCoordinate(get('workLat'));
    if (wlng !== null && wlat !== null && inRange(wlng, wlat)) {
      const [wx, wy] = toWgs84(wlng, wlat, opts.crs);
      customer.places.push({ role: 'work', lng: wx, lat: wy, name: text('employer'), industry: text('industry') });
    }
    customers.push(customer);
  }
  if (headerRow === 0) {
    throw new KetuError('IMPORT_NO_HEADER', `工作表「${sheet}」的前 ${HEADER_SCAN_ROWS} 行中找不到含「经度」「纬度」的表头行：${basename(file)}`, { file });
  }
  return { file, sheet, sheets: [], headerRow, columns, rowsRead, customers, problems, rejectedRows, sample };
}
