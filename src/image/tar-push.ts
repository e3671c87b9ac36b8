/**
 * A push parser for layer tars: chunks go in as they stream, header blocks are decoded and each
 * entry's body is handed out as slices of those chunks (or skipped by counting), with no stream
 * object per entry. It follows tar-stream 3.2.2's extractor step for step (the same header
 * decoding, pax and GNU long-name handling, quirks and error messages), so a layer reads the same
 * as it did through tar-stream; tar-push.test.ts runs both side by side. The one deliberate
 * difference: a directory header with a non-zero size made tar-stream wait forever for a body it
 * never delivers; here the directory's entry ends at once and parsing goes on, as it did there.
 */

const BLOCK = 512;
// tar-stream's limit for one pax or GNU long-name header; a bigger one is refused, not buffered.
const MAX_HEADER_SIZE = 4 * 1024 * 1024;

export type TarEntryType =
  | "file"
  | "link"
  | "symlink"
  | "character-device"
  | "block-device"
  | "directory"
  | "fifo"
  | "contiguous-file"
  | "pax-header"
  | "pax-global-header"
  | "gnu-long-link-path"
  | "gnu-long-path";

export interface TarHeader {
  name: string;
  linkname: string | null;
  type: TarEntryType | null;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Offset of the entry's body in the tar. */
  byteOffset: number;
}

/** Where an entry's body goes: `data` gets its slices (absent: skipped unread), then `end`. */
export interface TarBody {
  readonly data?: (chunk: Buffer) => void;
  readonly end: () => void;
}

function toType(flag: number): TarEntryType | null {
  switch (flag) {
    case 0:
      return "file";
    case 1:
      return "link";
    case 2:
      return "symlink";
    case 3:
      return "character-device";
    case 4:
      return "block-device";
    case 5:
      return "directory";
    case 6:
      return "fifo";
    case 7:
      return "contiguous-file";
    case 72:
      return "pax-header";
    case 55:
      return "pax-global-header";
    case 27:
      return "gnu-long-link-path";
    case 28:
    case 30:
      return "gnu-long-path";
    default:
      return null;
  }
}

function indexOf(b: Buffer, v: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (b[i] === v) return i;
  return end;
}

function decodeStr(b: Buffer, offset: number, length: number): string {
  return b.toString("utf8", offset, indexOf(b, 0, offset, offset + length));
}

function parse256(b: Buffer): number | null {
  let positive: boolean;
  if (b[0] === 0x80) positive = true;
  else if (b[0] === 0xff) positive = false;
  else return null;
  let sum = 0;
  for (let i = b.length - 1, p = 1; i > 0; i--, p *= 256) sum += (positive ? b[i]! : 0xff - b[i]!) * p;
  return positive ? sum : -sum;
}

function decodeOct(block: Buffer, offset: number, length: number): number | null {
  const v = block.subarray(offset, offset + length);
  if ((v[0]! & 0x80) !== 0) return parse256(v);
  let i = 0;
  while (i < v.length && v[i] === 32) i++;
  const end = indexOf(v, 32, i, v.length);
  while (i < end && v[i] === 0) i++;
  if (end === i) return 0;
  return Number.parseInt(v.toString("latin1", i, end), 8);
}

function cksum(b: Buffer): number {
  let sum = 8 * 32;
  for (let i = 0; i < 148; i++) sum += b[i]!;
  for (let j = 156; j < BLOCK; j++) sum += b[j]!;
  return sum;
}

function isUstar(b: Buffer): boolean {
  return b.toString("latin1", 257, 263) === "ustar\0";
}

function isGnu(b: Buffer): boolean {
  return b.toString("latin1", 257, 263) === "ustar " && b[263] === 0x20 && b[264] === 0;
}

/** One header block, or null for an all-zero (end-of-archive) block. Throws on a bad header. */
function decodeHeader(b: Buffer): TarHeader | null {
  const flag = b[156] === 0 ? 0 : b[156]! - 48;
  let name = decodeStr(b, 0, 100);
  const sum = cksum(b);
  if (sum === 8 * 32) return null;
  if (sum !== decodeOct(b, 148, 8)) throw new Error("Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?");
  if (isUstar(b)) {
    if (b[345] !== 0) name = `${decodeStr(b, 345, 155)}/${name}`;
  } else if (!isGnu(b)) throw new Error("Invalid tar header: unknown format.");
  // Old tars mark directories with a trailing slash only; tar-stream noticed but still reported
  // `file` (its type was taken before); so do we, for a layer to read as it did.
  return {
    name,
    linkname: b[157] === 0 ? null : decodeStr(b, 157, 100),
    type: toType(flag),
    // A base-256 size without its 0x80/0xff marker: tar-stream kept null and then stalled; NaN
    // is refused as an invalid header unless a pax size replaces it.
    size: decodeOct(b, 124, 12) ?? Number.NaN,
    mode: decodeOct(b, 100, 8) ?? 0,
    uid: decodeOct(b, 108, 8) ?? 0,
    gid: decodeOct(b, 116, 8) ?? 0,
    byteOffset: 0,
  };
}

function decodePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let buf = data;
  while (buf.length > 0) {
    let i = 0;
    while (i < buf.length && buf[i] !== 32) i++;
    const len = Number.parseInt(buf.toString("utf8", 0, i), 10);
    if (!len) return out;
    const rec = buf.toString("utf8", i + 1, len - 1);
    const eq = rec.indexOf("=");
    if (eq === -1) return out;
    out[rec.slice(0, eq)] = rec.slice(eq + 1);
    buf = buf.subarray(len);
  }
  return out;
}

function padding(size: number): number {
  const r = size & 511;
  return r && BLOCK - r;
}

export class TarPushParser {
  private readonly queue: Buffer[] = [];
  private head = 0;
  private headOffset = 0;
  private buffered = 0;
  private shifted = 0;
  private missing = 0;
  private header: TarHeader | null = null;
  private body: TarBody | null = null;
  private longHeader = false;
  private pax: Record<string, string> | null = null;
  private paxGlobal: Record<string, string> | null = null;
  private gnuLongPath: string | null = null;
  private gnuLongLinkPath: string | null = null;

  /** `onEntry` is called once per entry, in order; whatever it throws stops the parse. */
  constructor(private readonly onEntry: (header: TarHeader) => TarBody) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.queue.push(chunk);
    this.buffered += chunk.length;
    this.update();
  }

  /** The input is over: anything left half-read (a body, padding, a header) is an error. */
  end(): void {
    if (this.missing !== 0 || this.buffered !== 0) throw new Error("Unexpected end of data");
  }

  private update(): void {
    while (this.buffered > 0) {
      if (this.missing > 0) {
        if (this.body !== null) {
          const buf = this.shiftFirst(this.missing);
          this.missing -= buf.length;
          this.body.data?.(buf);
          if (this.missing === 0) {
            const body = this.body;
            this.body = null;
            this.missing = padding(this.header!.size);
            body.end();
          }
          continue;
        }
        if (this.longHeader) {
          if (this.missing > this.buffered) break;
          this.consumeLongHeader();
          continue;
        }
        this.missing -= this.shiftFirst(this.missing).length;
        continue;
      }
      if (this.buffered < BLOCK) break;
      this.consumeHeader();
    }
  }

  private consumeHeader(): void {
    const header = decodeHeader(this.shift(BLOCK));
    this.header = header;
    if (header === null) return;
    header.byteOffset = this.shifted;
    switch (header.type) {
      case "gnu-long-path":
      case "gnu-long-link-path":
      case "pax-global-header":
      case "pax-header":
        this.longHeader = true;
        this.missing = header.size;
        if (this.missing > MAX_HEADER_SIZE) throw new Error("Header exceeds max size");
        return;
      default:
    }
    this.applyLongHeaders(header);
    if (!(header.size >= 0)) throw new Error("Invalid header");
    const body = this.onEntry(header);
    if (header.size === 0 || header.type === "directory") {
      body.end();
      return;
    }
    this.body = body;
    this.missing = header.size;
  }

  private applyLongHeaders(h: TarHeader): void {
    if (this.gnuLongPath) {
      h.name = this.gnuLongPath;
      this.gnuLongPath = null;
    }
    if (this.gnuLongLinkPath) {
      h.linkname = this.gnuLongLinkPath;
      this.gnuLongLinkPath = null;
    }
    if (this.pax) {
      if (this.pax["path"]) h.name = this.pax["path"];
      if (this.pax["linkpath"]) h.linkname = this.pax["linkpath"];
      if (this.pax["size"]) h.size = Number.parseInt(this.pax["size"], 10);
      this.pax = null;
    }
  }

  private consumeLongHeader(): void {
    this.longHeader = false;
    const h = this.header!;
    this.missing = padding(h.size);
    const buf = this.shift(h.size);
    switch (h.type) {
      case "gnu-long-path":
        this.gnuLongPath = decodeStr(buf, 0, buf.length);
        break;
      case "gnu-long-link-path":
        this.gnuLongLinkPath = decodeStr(buf, 0, buf.length);
        break;
      case "pax-global-header":
        this.paxGlobal = decodePax(buf);
        break;
      case "pax-header":
        this.pax = this.paxGlobal === null ? decodePax(buf) : { ...this.paxGlobal, ...decodePax(buf) };
        break;
      default:
    }
  }

  /** Up to `size` bytes from the first queued chunk, without copying. */
  private shiftFirst(size: number): Buffer {
    const buf = this.queue[this.head]!;
    const rem = buf.length - this.headOffset;
    let out: Buffer;
    if (size >= rem) {
      out = this.headOffset === 0 ? buf : buf.subarray(this.headOffset);
      this.queue[this.head] = EMPTY;
      this.head++;
      this.headOffset = 0;
      if (this.head === this.queue.length) {
        this.queue.length = 0;
        this.head = 0;
      }
    } else {
      out = buf.subarray(this.headOffset, this.headOffset + size);
      this.headOffset += size;
    }
    this.buffered -= out.length;
    this.shifted += out.length;
    return out;
  }

  /** Exactly `size` buffered bytes (callers check they are there), copied only across chunks. */
  private shift(size: number): Buffer {
    if (size === 0) return EMPTY;
    const first = this.shiftFirst(size);
    if (first.length === size) return first;
    const parts = [first];
    let left = size - first.length;
    while (left > 0) {
      const next = this.shiftFirst(left);
      parts.push(next);
      left -= next.length;
    }
    return Buffer.concat(parts, size);
  }
}

const EMPTY = Buffer.alloc(0);
