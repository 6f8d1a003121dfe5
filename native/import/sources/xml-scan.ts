const GT = 0x3e;
const SLASH = 0x2f;
const COLON = 0x3a;
const QUOT = 0x22;
const APOS = 0x27;
const BANG = 0x21;
const QUESTION = 0x3f;
const SPACE = 0x20;
const EQUALS = 0x3d;

/**
 * The most unconsumed text the scanner holds: a run without a tag (or one tag) longer than this is no
 * OOXML any writer makes (Excel's longest cell is 32,767 characters), and holding it would make every
 * chunk cost as much as the run so far.
 */
export const MAX_XML_RUN = 1 << 20;

/** A run of text or a tag longer than MAX_XML_RUN: the caller says where, in the user's words. */
export class XmlRunTooLongError extends Error {
  constructor() {
    super(`XML text run longer than ${MAX_XML_RUN} characters`);
    this.name = 'XmlRunTooLongError';
  }
}

const ENTITY = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolves the five XML entities and character references; an impossible code point stays as written. */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, e: string) => {
    if (e[0] !== '#') return NAMED[e.toLowerCase()] ?? whole;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Element text as an XML parser hands it over: line ends normalised to \n (before entities, so &#13; survives). */
export function decodeXmlText(raw: string): string {
  return decodeXml(raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw);
}

/**
 * A pull scanner over XML arriving in chunks, for the few OOXML parts KeTu reads: it finds tags with
 * indexOf and leaves everything else to the caller, which keeps a 100,000-row sheet cheap (no event
 * objects, no DOM). Bytes go through one streaming TextDecoder, so a character split between two
 * chunks is joined; an unfinished tag waits for the next chunk. Element names are matched without
 * their namespace prefix (`<x:row>` is a row), since some .NET writers prefix every element.
 */
export class XmlScanner {
  private readonly decoder = new TextDecoder('utf-8');
  private buf = '';
  /** Where unconsumed input starts: just after the last tag returned. */
  private pos = 0;
  /** Where the search for the next '<' resumes: text before it is known to hold none (keeps a long run linear). */
  private searchFrom = 0;
  private textStart = 0;
  private tagStart = 0;
  private localStart = 0;
  private nameEnd = 0;
  /** The current tag's attributes: name start, name end, value start, value end, per attribute. */
  private spans = new Int32Array(4 * 16);
  private attrCount = 0;
  /** `</name>`. */
  closing = false;
  /** `<name/>`. */
  selfClosing = false;
  /** The content of the CDATA section just scanned, else null. Comments and `<?…?>` come back nameless. */
  cdata: string | null = null;

  push(bytes: Uint8Array): void {
    this.append(this.decoder.decode(bytes, { stream: true }));
  }

  /** After the last chunk: flushes the decoder (an incomplete character becomes U+FFFD). */
  end(): void {
    this.append(this.decoder.decode());
  }

  private append(text: string): void {
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.searchFrom = Math.max(0, this.searchFrom - this.pos);
    this.pos = 0;
  }

  /** No complete tag yet: remember where to look next, and refuse to hold an endless run. */
  private wait(from: number): false {
    this.searchFrom = from;
    if (this.buf.length - this.pos > MAX_XML_RUN) throw new XmlRunTooLongError();
    return false;
  }

  /** Moves to the next tag; false when the input so far holds no complete one (push more, or the end). */
  next(): boolean {
    const buf = this.buf;
    const length = buf.length;
    const lt = buf.indexOf('<', Math.max(this.pos, this.searchFrom));
    if (lt < 0) return this.wait(length);
    if (lt + 1 >= length) return this.wait(lt);
    let c = buf.charCodeAt(lt + 1);
    if (c === BANG || c === QUESTION) return this.special(lt) || this.wait(lt);
    const closing = c === SLASH;
    let i = closing ? lt + 2 : lt + 1;
    let local = i;
    for (; i < length; i++) {
      c = buf.charCodeAt(i);
      if (c === COLON) local = i + 1;
      else if (c === GT || c === SLASH || c <= SPACE) break;
    }
    const nameEnd = i;
    // To the closing '>', noting each attribute on the way and stepping over quoted values (a '>'
    // inside one is legal XML). Doing it here saves a second pass over the tags read by the million.
    let count = 0;
    let attrStart = -1;
    let attrEnd = -1;
    for (; i < length; i++) {
      c = buf.charCodeAt(i);
      if (c === GT) break;
      if (c === QUOT || c === APOS) {
        const close = buf.indexOf(c === QUOT ? '"' : "'", i + 1);
        if (close < 0) return this.wait(lt);
        if (4 * count + 4 > this.spans.length) {
          const wider = new Int32Array(this.spans.length * 2);
          wider.set(this.spans);
          this.spans = wider;
        }
        const k = 4 * count++;
        this.spans[k] = attrStart;
        this.spans[k + 1] = attrEnd;
        this.spans[k + 2] = i + 1;
        this.spans[k + 3] = close;
        attrStart = -1;
        i = close;
      } else if (c > SPACE && c !== EQUALS && c !== SLASH) {
        if (attrStart < 0) attrStart = i;
        attrEnd = i + 1;
      }
    }
    if (i >= length) return this.wait(lt);
    this.closing = closing;
    this.textStart = this.pos;
    this.tagStart = lt;
    this.localStart = local;
    this.nameEnd = nameEnd;
    this.attrCount = count;
    this.selfClosing = i > nameEnd && buf.charCodeAt(i - 1) === SLASH;
    this.cdata = null;
    this.pos = this.searchFrom = i + 1;
    return true;
  }

  private special(lt: number): boolean {
    const buf = this.buf;
    // Too short to tell a comment or CDATA from other markup yet.
    if (buf.length - lt < 9) return false;
    let end: number;
    let after: number;
    let cdata: string | null = null;
    if (buf.startsWith('<!--', lt)) {
      end = buf.indexOf('-->', lt + 4);
      after = end + 3;
    } else if (buf.startsWith('<![CDATA[', lt)) {
      end = buf.indexOf(']]>', lt + 9);
      after = end + 3;
      if (end >= 0) cdata = buf.slice(lt + 9, end);
    } else {
      end = buf.indexOf('>', lt);
      after = end + 1;
    }
    if (end < 0) return false;
    this.textStart = this.pos;
    this.tagStart = lt;
    this.localStart = lt;
    this.nameEnd = lt;
    this.attrCount = 0;
    this.closing = false;
    this.selfClosing = false;
    this.cdata = cdata;
    this.pos = this.searchFrom = after;
    return true;
  }

  /** Whether the current tag's name, without prefix, is `local`. */
  is(local: string): boolean {
    return this.nameEnd - this.localStart === local.length && this.buf.startsWith(local, this.localStart);
  }

  /** The raw text (entities unresolved) between the previous tag and this one. */
  text(): string {
    return this.buf.slice(this.textStart, this.tagStart);
  }

  /** The current tag's attribute `name` (exact, prefix included), entities resolved. */
  attr(name: string): string | undefined {
    const spans = this.spans;
    for (let k = 0; k < 4 * this.attrCount; k += 4) {
      const start = spans[k] ?? 0;
      if ((spans[k + 1] ?? 0) - start === name.length && this.buf.startsWith(name, start)) return decodeXml(this.buf.slice(spans[k + 2], spans[k + 3]));
    }
    return undefined;
  }

  /** Every attribute of the current tag, for small parts where the names vary (`r:id`, `ns2:id`…). */
  attrs(): Map<string, string> {
    const out = new Map<string, string>();
    const spans = this.spans;
    for (let k = 0; k < 4 * this.attrCount; k += 4) out.set(this.buf.slice(spans[k], spans[k + 1]), decodeXml(this.buf.slice(spans[k + 2], spans[k + 3])));
    return out;
  }
}

/** Runs `onTag` for every tag of a whole, small part (workbook.xml, rels, styles). */
export function scanXml(bytes: Uint8Array, onTag: (xml: XmlScanner) => void): void {
  const xml = new XmlScanner();
  xml.push(bytes);
  xml.end();
  while (xml.next()) onTag(xml);
}
