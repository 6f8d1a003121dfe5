import { describe, expect, it } from 'vitest';
import { decodePoint, encodePoint, encodePolygon } from '../../native/store/gpkg-geometry.js';

describe('GeoPackage geometry blobs', () => {
  it('writes a point as GP header + little-endian WKB and reads it back', () => {
    const blob = encodePoint(120.123456789, 30.987654321);
    expect(blob.subarray(0, 2).toString('ascii')).toBe('GP');
    expect(blob.readInt32LE(4)).toBe(4326);
    expect(blob.byteLength).toBe(29);
    expect(decodePoint(blob)).toEqual({ lng: 120.123456789, lat: 30.987654321 });
  });

  it('writes polygons with their envelope', () => {
    const blob = encodePolygon([[[120, 30], [121, 30], [121, 31], [120, 30]]]);
    expect(blob[3]).toBe(0b11);
    expect([blob.readDoubleLE(8), blob.readDoubleLE(16), blob.readDoubleLE(24), blob.readDoubleLE(32)]).toEqual([120, 121, 30, 31]);
    expect(blob.readUInt32LE(41)).toBe(3);
    expect(() => decodePoint(blob)).toThrow(/not a point/);
  });

  it('reads big-endian points with an envelope, as other writers produce', () => {
    const blob = Buffer.alloc(8 + 32 + 21);
    blob.write('GP', 0, 'ascii');
    blob.writeUInt8(0b010, 3); // big-endian header, xy envelope
    blob.writeInt32BE(4326, 4);
    blob.writeUInt8(0, 40);
    blob.writeUInt32BE(1, 41);
    blob.writeDoubleBE(116.4, 45);
    blob.writeDoubleBE(39.9, 53);
    expect(decodePoint(blob)).toEqual({ lng: 116.4, lat: 39.9 });
  });
});
