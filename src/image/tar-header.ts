/**
 * Decoding of tar header blocks, pax records and GNU long names, as tar-stream 3.2.2 decodes them
 * (tar-push.ts walks the blocks; tar-push.test.ts holds the two side by side).
 */

export const BLOCK = 512;

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

export function decodeStr(b: Buffer, offset: number, length: number): string {
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
  if ((block[offset]! & 0x80) !== 0) return parse256(block.subarray(offset, offset + length));
  const end = offset + length;
  let i = offset;
  while (i < end && block[i] === 32) i++;
  const stop = indexOf(block, 32, i, end);
  while (i < stop && block[i] === 0) i++;
  if (stop === i) return 0;
  // Six fields of every header are decoded, and a string for each was a share of the walk: digits
  // are read by hand, as parseInt reads them. Anything else first (white space, a sign) goes the
  // way tar-stream goes, through the text.
  const first = block[i]! - 48;
  if (first < 0 || first > 7) return Number.parseInt(block.toString("utf8", i, stop), 8);
  let value = 0;
  for (; i < stop; i++) {
    const d = block[i]! - 48;
    if (d < 0 || d > 7) break;
    value = value * 8 + d;
  }
  return value;
}

function cksum(b: Buffer): number {
  let sum = 8 * 32;
  for (let i = 0; i < 148; i++) sum += b[i]!;
  for (let j = 156; j < BLOCK; j++) sum += b[j]!;
  return sum;
}

// "ustar" at 257, then NUL (POSIX) or " " followed by " \0" (GNU).
function isUstarMagic(b: Buffer): boolean {
  return b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72;
}

function isUstar(b: Buffer): boolean {
  return isUstarMagic(b) && b[262] === 0;
}

function isGnu(b: Buffer): boolean {
  return isUstarMagic(b) && b[262] === 0x20 && b[263] === 0x20 && b[264] === 0;
}

/** One header block, or null for an all-zero (end-of-archive) block. Throws on a bad header. */
export function decodeHeader(b: Buffer): TarHeader | null {
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

export function decodePax(data: Buffer): Record<string, string> {
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

export function padding(size: number): number {
  const r = size & 511;
  return r && BLOCK - r;
}
