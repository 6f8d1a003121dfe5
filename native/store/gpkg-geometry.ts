/**
 * GeoPackage geometry blobs (GeoPackage 1.3 §2.1.3): "GP", version 0, flags, srs_id, optional
 * envelope, then little-endian WKB. Written by hand so the store needs no spatial extension.
 */
const WGS84 = 4326;

export type Ring = ReadonlyArray<readonly [number, number]>;

export function encodePoint(lng: number, lat: number): Buffer {
  const buf = Buffer.allocUnsafe(8 + 21);
  buf.write('GP', 0, 'ascii');
  buf.writeUInt8(0, 2);
  buf.writeUInt8(0b0000_0001, 3); // little endian, no envelope (points need none)
  buf.writeInt32LE(WGS84, 4);
  buf.writeUInt8(1, 8);
  buf.writeUInt32LE(1, 9);
  buf.writeDoubleLE(lng, 13);
  buf.writeDoubleLE(lat, 21);
  return buf;
}

export function encodePolygon(rings: readonly Ring[]): Buffer {
  const pointCount = rings.reduce((n, r) => n + r.length, 0);
  const buf = Buffer.allocUnsafe(8 + 32 + 9 + rings.length * 4 + pointCount * 16);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  buf.write('GP', 0, 'ascii');
  buf.writeUInt8(0, 2);
  buf.writeUInt8(0b0000_0011, 3); // little endian, envelope [minx, maxx, miny, maxy]
  buf.writeInt32LE(WGS84, 4);
  buf.writeDoubleLE(minX, 8);
  buf.writeDoubleLE(maxX, 16);
  buf.writeDoubleLE(minY, 24);
  buf.writeDoubleLE(maxY, 32);
  let o = 40;
  buf.writeUInt8(1, o);
  buf.writeUInt32LE(3, o + 1);
  buf.writeUInt32LE(rings.length, o + 5);
  o += 9;
  for (const ring of rings) {
    buf.writeUInt32LE(ring.length, o);
    o += 4;
    for (const [x, y] of ring) {
      buf.writeDoubleLE(x, o);
      buf.writeDoubleLE(y, o + 8);
      o += 16;
    }
  }
  return buf;
}

/** Where the WKB starts after the GP header and its optional envelope (any writer, either byte order). */
function wkbStart(blob: Uint8Array): { view: DataView; o: number; little: boolean } {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry');
  const envelopeSizes = [0, 32, 48, 48, 64];
  const o = 8 + (envelopeSizes[(view.getUint8(3) >> 1) & 0b111] ?? 0);
  return { view, o, little: view.getUint8(o) === 1 };
}

/** Reads a point blob written by any GeoPackage writer (either byte order, any envelope). */
export function decodePoint(blob: Uint8Array): { lng: number; lat: number } {
  const { view, o, little } = wkbStart(blob);
  const type = view.getUint32(o + 1, little);
  if (type !== 1) throw new Error(`geometry type ${type} is not a point`);
  return { lng: view.getFloat64(o + 5, little), lat: view.getFloat64(o + 13, little) };
}

/** Reads the rings of a polygon blob (either byte order, any envelope). */
export function decodePolygon(blob: Uint8Array): Array<Array<[number, number]>> {
  const start = wkbStart(blob);
  const { view, little } = start;
  let o = start.o;
  const type = view.getUint32(o + 1, little);
  if (type !== 3) throw new Error(`geometry type ${type} is not a polygon`);
  const ringCount = view.getUint32(o + 5, little);
  o += 9;
  const rings: Array<Array<[number, number]>> = [];
  for (let r = 0; r < ringCount; r++) {
    const n = view.getUint32(o, little);
    o += 4;
    const ring: Array<[number, number]> = [];
    for (let i = 0; i < n; i++, o += 16) ring.push([view.getFloat64(o, little), view.getFloat64(o + 8, little)]);
    rings.push(ring);
  }
  return rings;
}
