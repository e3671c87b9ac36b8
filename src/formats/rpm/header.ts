/**
 * rpm header blobs as the rpmdb stores them (headerExport without the lead magic):
 * `il` (u32 BE index count), `dl` (u32 BE data size), `il` 16-byte index entries
 * (tag, type, offset, count; all u32 BE), then `dl` bytes of data. Every read is bounds-checked
 * against the data store so a corrupt blob yields an error string, never an out-of-range read.
 */

export const RPMTAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  SIZE: 1009,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  LONGSIZE: 5009,
  MODULARITYLABEL: 5096,
} as const;

type TagType = "null" | "char" | "int8" | "int16" | "int32" | "int64" | "string" | "bin" | "string-array" | "i18nstring";
const TYPES: readonly TagType[] = ["null", "char", "int8", "int16", "int32", "int64", "string", "bin", "string-array", "i18nstring"];

export interface HeaderEntry {
  readonly tag: number;
  readonly type: TagType;
  readonly offset: number;
  readonly count: number;
}

/** rpm's own sanity limits (HEADER_TAGS_MAX, HEADER_DATA_MAX in header_internal.h). */
const MAX_TAGS = 0xffff;
const MAX_DATA = 0x0fffffff;

export class RpmHeader {
  private constructor(
    private readonly data: Buffer,
    private readonly entries: ReadonlyMap<number, HeaderEntry>,
  ) {}

  /** Parses the index; returns a reason string when the blob cannot be a header. */
  static parse(blob: Buffer): RpmHeader | string {
    if (blob.length < 8) return `header blob is ${blob.length} bytes, shorter than its 8-byte preamble`;
    const il = blob.readUInt32BE(0);
    const dl = blob.readUInt32BE(4);
    if (il < 1 || il > MAX_TAGS) return `header index count ${il} is out of range`;
    if (dl > MAX_DATA) return `header data size ${dl} is out of range`;
    const dataStart = 8 + il * 16;
    if (dataStart + dl > blob.length) {
      return `header declares ${il} entries and ${dl} data bytes but the blob is only ${blob.length} bytes`;
    }
    const data = blob.subarray(dataStart, dataStart + dl);
    const entries = new Map<number, HeaderEntry>();
    for (let i = 0; i < il; i++) {
      const at = 8 + i * 16;
      const tag = blob.readUInt32BE(at);
      const typeNum = blob.readUInt32BE(at + 4);
      const offset = blob.readInt32BE(at + 8);
      const count = blob.readUInt32BE(at + 12);
      const type = TYPES[typeNum];
      if (type === undefined) return `tag ${tag} has unknown type ${typeNum}`;
      // Region tags (61-63) point at a trailer and describe the signed area; their values are not needed.
      if (tag < 100) continue;
      // Dribble entries after the immutable region replace region entries, as in rpm's headerImport.
      entries.set(tag, { tag, type, offset, count });
    }
    return new RpmHeader(data, entries);
  }

  has(tag: number): boolean {
    return this.entries.has(tag);
  }

  /** The first string of STRING/I18NSTRING (C locale) or STRING_ARRAY; null when the tag is absent. */
  string(tag: number): string | null {
    const e = this.entries.get(tag);
    if (e === undefined) return null;
    if (e.type !== "string" && e.type !== "i18nstring" && e.type !== "string-array") {
      throw new HeaderError(`tag ${tag} has type ${e.type}, expected a string`);
    }
    return this.strings(e, 1)[0]!;
  }

  stringArray(tag: number): string[] | null {
    const e = this.entries.get(tag);
    if (e === undefined) return null;
    if (e.type !== "string-array") throw new HeaderError(`tag ${tag} has type ${e.type}, expected a string array`);
    return this.strings(e, e.count);
  }

  /** Integers of INT8/16/32/64 (int64 as number: sizes fit well below 2^53). */
  ints(tag: number): number[] | null {
    const e = this.entries.get(tag);
    if (e === undefined) return null;
    const width = e.type === "int8" || e.type === "char" ? 1 : e.type === "int16" ? 2 : e.type === "int32" ? 4 : e.type === "int64" ? 8 : 0;
    if (width === 0) throw new HeaderError(`tag ${tag} has type ${e.type}, expected an integer`);
    this.checkRange(e, width * e.count);
    const out: number[] = [];
    for (let i = 0; i < e.count; i++) {
      const at = e.offset + i * width;
      if (width === 1) out.push(this.data.readUInt8(at));
      else if (width === 2) out.push(this.data.readUInt16BE(at));
      else if (width === 4) out.push(this.data.readUInt32BE(at));
      else out.push(Number(this.data.readBigUInt64BE(at)));
    }
    return out;
  }

  int(tag: number): number | null {
    const v = this.ints(tag);
    return v === null ? null : (v[0] ?? null);
  }

  private checkRange(e: HeaderEntry, size: number): void {
    if (e.count < 1 || e.offset < 0 || e.offset + size > this.data.length || e.count > this.data.length) {
      throw new HeaderError(`tag ${e.tag} (offset ${e.offset}, count ${e.count}) lies outside the ${this.data.length}-byte data store`);
    }
  }

  private strings(e: HeaderEntry, n: number): string[] {
    this.checkRange(e, Math.min(n, e.count));
    const out: string[] = [];
    let at = e.offset;
    for (let i = 0; i < n; i++) {
      const end = this.data.indexOf(0, at);
      if (end < 0) throw new HeaderError(`tag ${e.tag}: string ${i} is not NUL-terminated inside the data store`);
      out.push(this.data.toString("utf8", at, end));
      at = end + 1;
    }
    return out;
  }
}

/** A value that a parsed header could not deliver; callers turn it into a Problem. */
export class HeaderError extends Error {
  override readonly name = "HeaderError";
}

/**
 * The file list, rebuilt from DIRNAMES/BASENAMES/DIRINDEXES (compressed file names) or read from
 * OLDFILENAMES on headers older than rpm 4.0. Null when the package owns no files.
 */
export function headerFiles(h: RpmHeader): string[] | null {
  const bases = h.stringArray(RPMTAG.BASENAMES);
  if (bases !== null) {
    const dirs = h.stringArray(RPMTAG.DIRNAMES) ?? [];
    const idx = h.ints(RPMTAG.DIRINDEXES) ?? [];
    if (idx.length !== bases.length) throw new HeaderError(`${bases.length} basenames but ${idx.length} dir indexes`);
    return bases.map((b, i) => {
      const d = dirs[idx[i]!];
      if (d === undefined) throw new HeaderError(`dir index ${idx[i]} is out of range (${dirs.length} dirs)`);
      return d + b;
    });
  }
  return h.stringArray(RPMTAG.OLDFILENAMES);
}
