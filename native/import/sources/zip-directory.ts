import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';

/** One entry of a zip's central directory (sizes as the directory states them). */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** Why a zip could not be read: the caller turns it into a user-facing message. */
export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** Read and inflate in 64 KiB pieces: zlib's default 16 KiB output quadruples the per-chunk work downstream. */
const CHUNK_BYTES = 64 * 1024;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead < length) throw new ZipFormatError('unexpected end of file');
  return buf;
}

/**
 * The zip's table of contents, read from its end. A truncated download loses the end record first,
 * so this is also the cheapest way to tell a broken .xlsx before streaming it.
 */
export interface ZipDirectory {
  entries: Map<string, ZipEntry>;
  /** One entry's bytes, inflated and checked like `stream`; null if absent. For small parts only. */
  read(name: string): Promise<Buffer | null>;
  /**
   * An entry's bytes, inflated as they are read. CRC-32 and size are checked on the way: a mismatch
   * (or bytes zlib cannot inflate) throws ZipFormatError, at the latest after the last chunk.
   * Stopping early closes the file.
   */
  stream(name: string): AsyncIterable<Buffer>;
}

export async function readZipDirectory(file: string): Promise<ZipDirectory> {
  const fh = await open(file, 'r');
  try {
    const { size: fileSize } = await fh.stat();
    // The end record is 22 bytes plus a comment of at most 65,535 bytes.
    const tailLength = Math.min(fileSize, 22 + 0xffff);
    const tail = await readAt(fh, fileSize - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipFormatError('no end-of-central-directory record');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locatorPos = fileSize - tailLength + eocd - 20;
      if (locatorPos < 0) throw new ZipFormatError('zip64 locator missing');
      const locator = await readAt(fh, locatorPos, 20);
      if (locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIGNATURE) throw new ZipFormatError('zip64 locator missing');
      const z64 = await readAt(fh, Number(locator.readBigUInt64LE(8)), 56);
      if (z64.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) throw new ZipFormatError('zip64 end record missing');
      count = Number(z64.readBigUInt64LE(32));
      cdSize = Number(z64.readBigUInt64LE(40));
      cdOffset = Number(z64.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > fileSize) throw new ZipFormatError('central directory beyond end of file');
    const cd = await readAt(fh, cdOffset, cdSize);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new ZipFormatError('bad central directory entry');
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let size = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      let localHeaderOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      // Zip64 sizes live in extra field 0x0001, in this order, only for the fields that overflowed.
      let e = p + 46 + nameLength;
      const extraEnd = e + extraLength;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          const end = e + 4 + len;
          if (size === 0xffffffff && q + 8 <= end) {
            size = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === 0xffffffff && q + 8 <= end) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (localHeaderOffset === 0xffffffff && q + 8 <= end) localHeaderOffset = Number(cd.readBigUInt64LE(q));
        }
        e += 4 + len;
      }
      if (localHeaderOffset + compressedSize > cdOffset) throw new ZipFormatError(`entry ${name} overlaps the directory`);
      entries.set(name, { name, method, crc, compressedSize, size, localHeaderOffset });
      p = extraEnd + commentLength;
    }
    const dataStart = async (entry: ZipEntry): Promise<number> => {
      const handle = await open(file, 'r');
      try {
        const local = await readAt(handle, entry.localHeaderOffset, 30);
        if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ZipFormatError(`bad local header for ${entry.name}`);
        return entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      } finally {
        await handle.close();
      }
    };
    async function* stream(name: string): AsyncGenerator<Buffer> {
      const entry = entries.get(name);
      if (entry === undefined) throw new ZipFormatError(`no entry ${name}`);
      if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`unsupported compression method ${entry.method} for ${name}`);
      // Folders and empty parts have no data to check.
      if (entry.compressedSize === 0) {
        if (entry.size !== 0) throw new ZipFormatError(`${name} has no data`);
        return;
      }
      const start = await dataStart(entry);
      const input = createReadStream(file, { start, end: start + entry.compressedSize - 1, highWaterMark: CHUNK_BYTES });
      let output: Readable = input;
      if (entry.method === 8) {
        const inflate = createInflateRaw({ chunkSize: CHUNK_BYTES });
        input.once('error', (err) => inflate.destroy(err));
        output = input.pipe(inflate);
      }
      let crc = 0;
      let size = 0;
      try {
        for await (const chunk of output as AsyncIterable<Buffer>) {
          crc = crc32(chunk, crc);
          size += chunk.length;
          // Junk that happens to inflate could run on for ever: stop at the size the directory promises.
          if (size > entry.size) throw new ZipFormatError(`${name} is longer than its directory entry says`);
          yield chunk;
        }
      } catch (err) {
        if (err instanceof ZipFormatError) throw err;
        throw new ZipFormatError(`cannot inflate ${name}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        input.destroy();
        output.destroy();
      }
      if (crc !== entry.crc || size !== entry.size) throw new ZipFormatError(`${name} fails its CRC check`);
    }
    return {
      entries,
      read: async (name) => {
        if (!entries.has(name)) return null;
        const chunks: Buffer[] = [];
        for await (const chunk of stream(name)) chunks.push(chunk);
        return Buffer.concat(chunks);
      },
      stream,
    };
  } finally {
    await fh.close();
  }
}
