import { describe, expect, it } from 'vitest';
import { plainCell } from '../support/exceljs-sheet-reader.js';
import { toWgs84, wgs84To } from '../../native/geocode/crs.js';
import { parseCoordinate } from '../../native/import/coordinates.js';
import { fieldForHeader } from '../../native/import/header-map.js';
import { pngSize } from '../../native/export/png-file.js';

describe('import values', () => {
  it('recognises Chinese header variants', () => {
    expect(fieldForHeader('经度')).toBe('lng');
    expect(fieldForHeader(' 纬 度 ')).toBe('lat');
    expect(fieldForHeader('联系电话')).toBe('phone');
    expect(fieldForHeader('客户姓名')).toBe('name');
    expect(fieldForHeader('现居住小区')).toBe('community');
    expect(fieldForHeader('单位经度')).toBe('workLng');
    expect(fieldForHeader('Longitude')).toBe('lng');
    expect(fieldForHeader('置业顾问')).toBe('consultant');
    expect(fieldForHeader('客户等级')).toBeNull();
  });

  it('parses coordinate cells and rejects text', () => {
    expect(parseCoordinate(120.5)).toBe(120.5);
    expect(parseCoordinate(' 120.5° ')).toBe(120.5);
    expect(parseCoordinate('东经120')).toBeNull();
    expect(parseCoordinate(null)).toBeNull();
    expect(parseCoordinate(Number.NaN)).toBeNull();
  });

  it('flattens exceljs rich text, formulas and hyperlinks', () => {
    expect(plainCell({ richText: [{ text: '桂花' }, { text: '城' }] })).toBe('桂花城');
    expect(plainCell({ formula: 'A1', result: 7 })).toBe(7);
    expect(plainCell({ text: '官网', hyperlink: 'http://x' })).toBe('官网');
    expect(plainCell('  ')).toBeNull();
  });

  it('round-trips GCJ-02 within centimetres', () => {
    const [gx, gy] = wgs84To('gcj02', 120.15, 30.27);
    const [x, y] = toWgs84(gx, gy, 'gcj02');
    expect(Math.abs(x - 120.15) * 96_000).toBeLessThan(0.1);
    expect(Math.abs(y - 30.27) * 111_000).toBeLessThan(0.1);
    expect(toWgs84(1, 2, 'wgs84')).toEqual([1, 2]);
  });

  it('reads BD-09 as 百度 defines it on top of GCJ-02, not as GCJ-02', () => {
    // 百度's published GCJ-02 → BD-09 step, written here independently of the library the engine uses.
    const xPi = (Math.PI * 3000) / 180;
    const bdFromGcj = ([x, y]: [number, number]): [number, number] => {
      const z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * xPi);
      const theta = Math.atan2(y, x) + 0.000003 * Math.cos(x * xPi);
      return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
    };
    for (const [lng, lat] of [[120.16, 30.28], [116.397, 39.909], [113.264, 23.129]] as Array<[number, number]>) {
      const [bx, by] = bdFromGcj(wgs84To('gcj02', lng, lat));
      const [x, y] = toWgs84(bx, by, 'bd09');
      expect(Math.hypot((x - lng) * 96_000, (y - lat) * 111_000)).toBeLessThan(1);
      // Read as GCJ-02 instead, the same numbers land hundreds of metres away.
      const [wx, wy] = toWgs84(bx, by, 'gcj02');
      expect(Math.hypot((wx - lng) * 96_000, (wy - lat) * 111_000)).toBeGreaterThan(500);
    }
  });

  it('reads PNG size and refuses non-PNG bytes', () => {
    const header = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 5, 0, 0, 0, 3, 32]);
    expect(pngSize(header)).toEqual({ width: 1280, height: 800 });
    expect(() => pngSize(new Uint8Array(30))).toThrow(/PNG/);
  });
});
