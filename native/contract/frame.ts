/**
 * Binary frame: a JSON header plus raw typed-array buffers, so point columns cross the HTTP
 * transport without per-feature JSON. Layout: u32 header length, header UTF-8, padding to 8,
 * then each buffer 8-byte aligned. Electron IPC does not need it (structured clone keeps typed arrays).
 */
const typedArrayKinds = {
  Float64Array,
  Float32Array,
  Uint32Array,
  Int32Array,
  Uint16Array,
  Uint8Array,
} as const;

type TypedArrayKind = keyof typeof typedArrayKinds;
type AnyTypedArray = InstanceType<(typeof typedArrayKinds)[TypedArrayKind]>;

interface BufferRef {
  $buf: number;
  kind: TypedArrayKind;
}

function kindOf(value: unknown): TypedArrayKind | undefined {
  for (const kind of Object.keys(typedArrayKinds) as TypedArrayKind[]) {
    if (value instanceof typedArrayKinds[kind]) return kind;
  }
  return undefined;
}

function isBufferRef(value: unknown): value is BufferRef {
  return typeof value === 'object' && value !== null && typeof (value as BufferRef).$buf === 'number' && typeof (value as BufferRef).kind === 'string';
}

const align8 = (n: number): number => (n + 7) & ~7;

export function encodeFrame(value: unknown): Uint8Array {
  const buffers: AnyTypedArray[] = [];
  const header = JSON.stringify(value, (_key, v: unknown) => {
    const kind = kindOf(v);
    if (kind === undefined) return v;
    buffers.push(v as AnyTypedArray);
    return { $buf: buffers.length - 1, kind } satisfies BufferRef;
  });
  const meta = { header: JSON.parse(header) as unknown, sizes: buffers.map((b) => b.byteLength) };
  const headerBytes = new TextEncoder().encode(JSON.stringify(meta));
  let offset = align8(4 + headerBytes.byteLength);
  const total = buffers.reduce((sum, b) => align8(sum + b.byteLength), offset);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, headerBytes.byteLength, true);
  out.set(headerBytes, 4);
  for (const b of buffers) {
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), offset);
    offset = align8(offset + b.byteLength);
  }
  return out;
}

/** Bytes that are no frame this module wrote: the host answers 400 and carries on. */
export class FrameError extends Error {
  constructor(why: string) {
    super(`malformed frame: ${why}`);
    this.name = 'FrameError';
  }
}

const isKind = (kind: unknown): kind is TypedArrayKind => typeof kind === 'string' && Object.prototype.hasOwnProperty.call(typedArrayKinds, kind);

/**
 * Every length, size and buffer reference is checked against the bytes actually there before it is
 * used: a frame comes from a socket, and nothing in it may size an allocation or index past its end.
 */
export function decodeFrame(bytes: Uint8Array): unknown {
  if (bytes.byteLength < 4) throw new FrameError('shorter than its length prefix');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  if (headerLength > bytes.byteLength - 4) throw new FrameError('header longer than the frame');
  let meta: unknown;
  try {
    meta = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(4, 4 + headerLength)));
  } catch {
    throw new FrameError('header is not JSON');
  }
  if (typeof meta !== 'object' || meta === null || !('header' in meta) || !('sizes' in meta)) throw new FrameError('no header and sizes');
  const sizes = meta.sizes;
  if (!Array.isArray(sizes) || !sizes.every((n): n is number => Number.isSafeInteger(n) && (n as number) >= 0)) throw new FrameError('sizes are not byte counts');
  const bodyStart = Math.min(align8(4 + headerLength), bytes.byteLength);
  const bodyLength = bytes.byteLength - bodyStart;
  const offsets: number[] = [];
  let offset = 0;
  for (const size of sizes) {
    offsets.push(offset);
    if (offset + size > bodyLength) throw new FrameError('buffers longer than the frame');
    offset = align8(offset + size);
  }
  // A frame that is its whole buffer (a fetch body) is read in place, its body already 8-aligned: a copy
  // doubled the page's memory while 65 MB of columns arrived at 5,000,000 places. Any other view is copied
  // into one aligned ArrayBuffer so every typed array view is aligned whatever the input's offset.
  const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : null;
  const body = whole === null ? bytes.slice(bodyStart) : new Uint8Array(whole, bodyStart);
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (isBufferRef(v)) {
      const start = offsets[v.$buf];
      const size = sizes[v.$buf];
      if (start === undefined || size === undefined || !isKind(v.kind)) throw new FrameError('bad buffer reference');
      const Ctor = typedArrayKinds[v.kind];
      if (size % Ctor.BYTES_PER_ELEMENT !== 0) throw new FrameError('buffer size not a whole number of elements');
      return new Ctor(body.buffer, body.byteOffset + start, size / Ctor.BYTES_PER_ELEMENT);
    }
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      // defineProperty: a "__proto__" key from the wire stays a plain key, never the object's prototype.
      for (const [k, inner] of Object.entries(v)) Object.defineProperty(out, k, { value: revive(inner), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  try {
    return revive(meta.header);
  } catch (err) {
    if (err instanceof FrameError) throw err;
    // Nesting deep enough to exhaust the stack.
    throw new FrameError('header nested too deeply');
  }
}
