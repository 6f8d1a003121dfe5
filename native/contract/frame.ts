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

export function decodeFrame(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as { header: unknown; sizes: number[] };
  // Copy into one aligned ArrayBuffer so every typed array view is aligned whatever the input's offset.
  const body = bytes.slice(align8(4 + headerLength));
  const offsets: number[] = [];
  let offset = 0;
  for (const size of meta.sizes) {
    offsets.push(offset);
    offset = align8(offset + size);
  }
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (isBufferRef(v)) {
      const Ctor = typedArrayKinds[v.kind];
      const start = offsets[v.$buf] ?? 0;
      const size = meta.sizes[v.$buf] ?? 0;
      return new Ctor(body.buffer, body.byteOffset + start, size / Ctor.BYTES_PER_ELEMENT);
    }
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[k] = revive(inner);
      return out;
    }
    return v;
  };
  return revive(meta.header);
}
