// The one binary the bare page fetches, shared by the page (reader) and first-frame.ts (writer):
// u32 count, u32 reserved, f64 west, south, east, north, then Float32 lng,lat × count, then RGBA u8 × count.
export const BARE_HEADER_BYTES = 40;

export interface BareArrays {
  count: number;
  bounds: [number, number, number, number];
  positions: Float32Array;
  colors: Uint8Array;
}

export function encodeBareArrays(a: BareArrays): Uint8Array {
  const out = new Uint8Array(BARE_HEADER_BYTES + a.count * 8 + a.count * 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, a.count, true);
  a.bounds.forEach((v, i) => view.setFloat64(8 + 8 * i, v, true));
  out.set(new Uint8Array(a.positions.buffer, a.positions.byteOffset, a.count * 8), BARE_HEADER_BYTES);
  out.set(a.colors.subarray(0, a.count * 4), BARE_HEADER_BYTES + a.count * 8);
  return out;
}

export function decodeBareArrays(buf: ArrayBuffer): BareArrays {
  const view = new DataView(buf);
  const count = view.getUint32(0, true);
  const bounds: [number, number, number, number] = [view.getFloat64(8, true), view.getFloat64(16, true), view.getFloat64(24, true), view.getFloat64(32, true)];
  // Header is 40 bytes, a multiple of 4, so the Float32 view needs no copy.
  const positions = new Float32Array(buf, BARE_HEADER_BYTES, count * 2);
  const colors = new Uint8Array(buf, BARE_HEADER_BYTES + count * 8, count * 4);
  return { count, bounds, positions, colors };
}
