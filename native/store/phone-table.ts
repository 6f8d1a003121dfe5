/**
 * Text keys to customer ids, kept in one growing byte array with an open-addressing hash table over
 * typed arrays: a batch meets every phone of its sheet (a million at 1,000,000 rows), which as a Map
 * of strings held 70 MB of small heap objects. A key is one byte a code unit when every unit fits (a
 * phone: digits), else two (low byte first). Keys are compared in full, never by hash alone.
 */
export class PhoneTable {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /** Per entry: where its key starts in `bytes`, its length in code units (negative: two bytes a unit) and its value. */
  private start = new Int32Array(1024);
  private length = new Int32Array(1024);
  private value = new Float64Array(1024);
  private count = 0;
  /** Entry index + 1 per slot; 0 = empty. Kept under half full. */
  private slots = new Int32Array(2048);

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    const slot = this.find(key);
    const entry = (this.slots[slot] ?? 0) - 1;
    return entry < 0 ? undefined : this.value[entry];
  }

  has(key: string): boolean {
    return (this.slots[this.find(key)] ?? 0) > 0;
  }

  set(key: string, value: number): void {
    const slot = this.find(key);
    const entry = (this.slots[slot] ?? 0) - 1;
    if (entry >= 0) {
      this.value[entry] = value;
      return;
    }
    this.append(key, value);
    this.slots[slot] = this.count;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  clear(): void {
    this.used = 0;
    this.count = 0;
    this.slots.fill(0);
  }

  private append(key: string, value: number): void {
    if (this.count === this.start.length) {
      this.start = grow(this.start, new Int32Array(this.count * 2));
      this.length = grow(this.length, new Int32Array(this.count * 2));
      this.value = grow(this.value, new Float64Array(this.count * 2));
    }
    let wide = false;
    for (let i = 0; i < key.length && !wide; i++) wide = key.charCodeAt(i) > 0xff;
    const size = wide ? 2 * key.length : key.length;
    if (this.used + size > this.bytes.length) this.bytes = grow(this.bytes, new Uint8Array(Math.max(this.bytes.length * 2, this.used + size)));
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (wide) {
        this.bytes[this.used + 2 * i] = c & 0xff;
        this.bytes[this.used + 2 * i + 1] = c >>> 8;
      } else this.bytes[this.used + i] = c;
    }
    this.start[this.count] = this.used;
    this.length[this.count] = wide ? -key.length : key.length;
    this.value[this.count] = value;
    this.used += size;
    this.count++;
  }

  /** Code unit `i` of entry key stored at `at`. */
  private unit(at: number, wide: boolean, i: number): number {
    return wide ? (this.bytes[at + 2 * i] ?? 0) | ((this.bytes[at + 2 * i + 1] ?? 0) << 8) : (this.bytes[at + i] ?? 0);
  }

  /** The slot holding `key`, or the empty slot where it would go. */
  private find(key: string): number {
    const mask = this.slots.length - 1;
    let slot = hash(key) & mask;
    for (;;) {
      const entry = (this.slots[slot] ?? 0) - 1;
      if (entry < 0 || this.equals(entry, key)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private equals(entry: number, key: string): boolean {
    const n = this.length[entry] ?? 0;
    if (Math.abs(n) !== key.length) return false;
    const at = this.start[entry] ?? 0;
    for (let i = 0; i < key.length; i++) if (this.unit(at, n < 0, i) !== key.charCodeAt(i)) return false;
    return true;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashEntry(entry) & mask;
      while ((this.slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = entry + 1;
    }
  }

  /** The hash of an entry's key, as `hash` gives it for the string. */
  private hashEntry(entry: number): number {
    const n = this.length[entry] ?? 0;
    const at = this.start[entry] ?? 0;
    let h = 0x811c9dc5;
    for (let i = 0; i < Math.abs(n); i++) h = Math.imul(h ^ this.unit(at, n < 0, i), 0x01000193);
    return mix(h);
  }
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** FNV-1a over UTF-16 code units, then mixed: digits-only keys differ in few bits. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return mix(h);
}
