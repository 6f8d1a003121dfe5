import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../native/contract/frame.js';

describe('binary frame', () => {
  it('round-trips JSON with typed arrays of every kind, aligned', () => {
    const value = {
      ok: true,
      result: {
        name: '桂花城',
        positions: new Float32Array([120.1, 30.2, 120.3, 30.4]),
        roles: new Uint8Array([0, 1, 2]),
        ids: new Uint32Array([1, 2, 4294967295]),
        nested: [{ f64: new Float64Array([Math.PI]) }, null, 3],
      },
    };
    const decoded = decodeFrame(encodeFrame(value)) as typeof value;
    expect(decoded).toEqual(value);
    expect(decoded.result.positions).toBeInstanceOf(Float32Array);
    expect(decoded.result.nested[0]).toEqual({ f64: new Float64Array([Math.PI]) });
  });

  it('decodes from a view at an odd offset (as a network buffer may be)', () => {
    const frame = encodeFrame({ a: new Float64Array([1.5, 2.5]) });
    const padded = new Uint8Array(frame.byteLength + 3);
    padded.set(frame, 3);
    expect(decodeFrame(padded.subarray(3))).toEqual({ a: new Float64Array([1.5, 2.5]) });
  });

  it('reads a frame that is its whole buffer in place, without copying the columns', () => {
    const frame = encodeFrame({ positions: new Float32Array([120.1, 30.2]) });
    const decoded = decodeFrame(frame) as { positions: Float32Array };
    expect(decoded.positions.buffer).toBe(frame.buffer);
    expect(Array.from(decoded.positions)).toEqual([Math.fround(120.1), Math.fround(30.2)]);
  });

  it('carries a subarray without its parent buffer', () => {
    const parent = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const decoded = decodeFrame(encodeFrame({ part: parent.subarray(2, 5) })) as { part: Uint8Array };
    expect(Array.from(decoded.part)).toEqual([1, 2, 3]);
  });
});
