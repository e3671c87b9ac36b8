/**
 * A push parser for layer tars: chunks go in as they stream, header blocks are decoded and each
 * entry's body is handed out as slices of those chunks (or skipped by counting), with no stream
 * object per entry. It follows tar-stream 3.2.2's extractor step for step (the same header
 * decoding, pax and GNU long-name handling, quirks and error messages), so a layer reads the same
 * as it did through tar-stream; tar-push.test.ts runs both side by side. The one deliberate
 * difference: a directory header with a non-zero size made tar-stream wait forever for a body it
 * never delivers; here the directory's entry ends at once and parsing goes on, as it did there.
 */

import { BLOCK, decodeHeader, decodePax, decodeStr, padding, type TarEntryType, type TarHeader } from "./tar-header.js";

export type { TarEntryType, TarHeader } from "./tar-header.js";

// tar-stream's limit for one pax or GNU long-name header; a bigger one is refused, not buffered.
const MAX_HEADER_SIZE = 4 * 1024 * 1024;

/** Where an entry's body goes: `data` gets its slices (absent: skipped unread), then `end`. */
export interface TarBody {
  readonly data?: (chunk: Buffer) => void;
  readonly end: () => void;
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
          const data = this.body.data;
          if (data === undefined) this.missing -= this.skipFirst(this.missing);
          else {
            const buf = this.shiftFirst(this.missing);
            this.missing -= buf.length;
            data(buf);
          }
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
        this.missing -= this.skipFirst(this.missing);
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

  /** `shiftFirst` for bytes nobody reads (skipped bodies, padding): counts them without a view. */
  private skipFirst(size: number): number {
    const rem = this.queue[this.head]!.length - this.headOffset;
    if (size < rem) {
      this.headOffset += size;
      this.buffered -= size;
      this.shifted += size;
      return size;
    }
    return this.shiftFirst(size).length;
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
