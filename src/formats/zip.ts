import { constants } from "node:buffer";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { FatalError } from "../core/problem.js";

/** One member of a zip, decoded as UTF-8 text. */
export interface ZipTextMember {
  readonly path: string;
  readonly text: string;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_LENGTH = constants.MAX_LENGTH;
const MIN_CHUNK = 16 * 1024;
const MAX_SINGLE_CHUNK = 512 * 1024 * 1024;

/** Whether the file at `path` starts like a zip; false when it cannot be read (the caller's fetch then says why). */
export function isZipFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === LOCAL;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether `body` starts like a zip (a local file header). */
export function isZip(body: Buffer): boolean {
  return body.length >= 4 && body.readUInt32LE(0) === LOCAL;
}

function invalid(what: string, detail: string): FatalError {
  return new FatalError("FEED_INVALID", `${what}: not a readable zip (${detail})`, "the download may be truncated; run the update again");
}

/** One member of a zip as its central directory describes it. */
export interface ZipMember {
  readonly name: string;
  /** 0 = stored, 8 = deflated; others are not readable here. */
  readonly method: number;
  readonly compressedSize: number;
  /** As the directory claims it; a hostile zip may lie, so reads cap the real output too. */
  readonly size: number;
  readonly localOffset: number;
}

type Entry = ZipMember;

/**
 * The central directory of a zip (a jar, an OSV export…), without reading any member. Throws
 * FEED_INVALID naming `what` when the directory is missing or damaged; callers that read zips
 * found inside images catch that and report a problem instead.
 */
export function zipMembers(body: Buffer, what: string): readonly ZipMember[] {
  return centralDirectory(body, what);
}

/**
 * The bytes of one member, inflated. `maxBytes` caps the inflated output whatever the directory
 * claims (zip bombs): going over throws a RangeError, as does a claimed size above the cap.
 */
export function readZipMember(body: Buffer, member: ZipMember, what: string, maxBytes = Number.MAX_SAFE_INTEGER): Buffer {
  if (member.size > maxBytes) throw new RangeError(`${member.name}: ${member.size} bytes exceeds the ${maxBytes}-byte limit`);
  return memberData(body, member, what, maxBytes);
}

/**
 * One output buffer big enough for the whole member: zlib's sync inflate collects chunks and
 * concatenates them, which holds the output twice (a 500 MiB nested jar peaked at 1.14 GB).
 * Under a cap, the cap itself is the size (pages are only touched as they are written, so a
 * directory that lies about the size costs nothing extra); without one, the claimed size.
 */
function outputChunk(e: Entry, maxBytes: number): number {
  const known = maxBytes <= MAX_SINGLE_CHUNK ? maxBytes : Math.min(Math.max(e.size, MIN_CHUNK), MAX_SINGLE_CHUNK);
  // One spare byte, so a member that fills the buffer exactly does not make zlib allocate another.
  return Math.max(MIN_CHUNK, known + 1);
}

function memberData(body: Buffer, e: Entry, what: string, maxBytes: number): Buffer {
  if (e.localOffset + 30 > body.length || body.readUInt32LE(e.localOffset) !== LOCAL) throw invalid(what, `bad local header for ${e.name}`);
  const start = e.localOffset + 30 + body.readUInt16LE(e.localOffset + 26) + body.readUInt16LE(e.localOffset + 28);
  const end = start + e.compressedSize;
  if (end > body.length) throw invalid(what, `${e.name} runs past the end`);
  const raw = body.subarray(start, end);
  if (e.method === 0) {
    if (raw.length > maxBytes) throw new RangeError(`${e.name}: ${raw.length} bytes exceeds the ${maxBytes}-byte limit`);
    return raw;
  }
  if (e.method !== 8) throw invalid(what, `${e.name}: compression method ${e.method}`);
  try {
    return inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(maxBytes, MAX_LENGTH)), chunkSize: outputChunk(e, maxBytes) });
  } catch (err) {
    if (err instanceof RangeError || (err instanceof Error && "code" in err && err.code === "ERR_BUFFER_TOO_LARGE")) {
      throw new RangeError(`${e.name}: inflates past the ${maxBytes}-byte limit`);
    }
    throw invalid(what, `${e.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The `.json` members of a zip such as an OSV bulk export (`<Ecosystem>/all.zip`), read from the
 * central directory and inflated one at a time as they are iterated, so only one member is
 * expanded in memory at once. Zip64 is handled because the Ubuntu export has tens of thousands of
 * members. A zip without its end record (the usual shape of a cut-off download) throws
 * FEED_INVALID; `what` names the feed in that message.
 */
export function zipJsonFiles(body: Buffer, what: string): Iterable<ZipTextMember> {
  return zipTextFiles(body, what, (name) => name.endsWith(".json"));
}

/** Like `zipJsonFiles`, for the members whose name `accept` takes. */
export function zipTextFiles(body: Buffer, what: string, accept: (name: string) => boolean): Iterable<ZipTextMember> {
  // Read the directory now, so a cut-off zip fails before anything is written.
  const entries = centralDirectory(body, what);
  return members(body, entries, what, accept);
}

function* members(body: Buffer, entries: readonly Entry[], what: string, accept: (name: string) => boolean): Generator<ZipTextMember> {
  for (const e of entries) {
    if (!accept(e.name)) continue;
    yield { path: e.name, text: memberData(body, e, what, Number.MAX_SAFE_INTEGER).toString("utf8") };
  }
}

function centralDirectory(body: Buffer, what: string): Entry[] {
  const end = endRecord(body, 0, what);
  return directoryEntries(body, 0, end.offset, end.count, what);
}

/**
 * The end of central directory record in `tail`, the bytes of the zip from file offset `base` to
 * its end: where the directory starts (a file offset) and how many entries it has.
 */
function endRecord(tail: Buffer, base: number, what: string): { offset: number; count: number; at: number } {
  let eocd = -1;
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 0xffff); i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw invalid(what, "no end of central directory record");
  let count = tail.readUInt16LE(eocd + 10);
  let offset = tail.readUInt32LE(eocd + 16);
  const loc = eocd - 20;
  if (loc >= 0 && tail.readUInt32LE(loc) === ZIP64_LOCATOR) {
    const z = Number(tail.readBigUInt64LE(loc + 8)) - base;
    if (z < 0 || z + 56 > tail.length || tail.readUInt32LE(z) !== ZIP64_EOCD) throw invalid(what, "bad zip64 end record");
    count = Number(tail.readBigUInt64LE(z + 32));
    offset = Number(tail.readBigUInt64LE(z + 48));
  }
  return { offset, count, at: base + eocd };
}

/** The `count` directory entries starting at file offset `offset`, read from `bytes` (which start at file offset `base`). */
function directoryEntries(bytes: Buffer, base: number, offset: number, count: number, what: string): Entry[] {
  const body = bytes;
  const entries: Entry[] = [];
  let p = offset - base;
  for (let n = 0; n < count; n++) {
    if (p < 0 || p + 46 > body.length || body.readUInt32LE(p) !== CENTRAL) throw invalid(what, `central directory entry ${n} is damaged`);
    const nameLen = body.readUInt16LE(p + 28);
    const extraLen = body.readUInt16LE(p + 30);
    const commentLen = body.readUInt16LE(p + 32);
    const name = body.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    let compressedSize = body.readUInt32LE(p + 20);
    const uncompressed = body.readUInt32LE(p + 24);
    let uncompressedSize = uncompressed;
    let localOffset = body.readUInt32LE(p + 42);
    // Zip64 extra field: present values follow in this order, each only when its 32-bit slot is 0xffffffff.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = body.readUInt16LE(x);
      const size = body.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (uncompressed === 0xffffffff) ((uncompressedSize = Number(body.readBigUInt64LE(q))), (q += 8));
        if (compressedSize === 0xffffffff) ((compressedSize = Number(body.readBigUInt64LE(q))), (q += 8));
        if (localOffset === 0xffffffff) localOffset = Number(body.readBigUInt64LE(q));
      }
      x += 4 + size;
    }
    entries.push({ name, method: body.readUInt16LE(p + 10), compressedSize, size: uncompressedSize, localOffset });
    p = xEnd + commentLen;
  }
  return entries;
}

/**
 * `zipTextFiles` of a zip on disk, read with positioned reads: the central directory once, then
 * one member at a time, so neither the archive nor more than one member is ever in memory (an
 * OSV npm all.zip is ~90 MB). Synchronous, for use inside a store transaction; the file is
 * opened on the first pull and closed when the loop ends. A cut-off or damaged zip throws
 * FEED_INVALID from the loop.
 */
export function* zipFileTextMembers(path: string, what: string, accept: (name: string) => boolean): Generator<ZipTextMember> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new FatalError("FEED_UNAVAILABLE", `${what}: ${e instanceof Error ? e.message : String(e)}`, "check the --source path", { cause: e });
  }
  try {
    const size = fstatSync(fd).size;
    const read = (at: number, length: number): Buffer => {
      const buf = Buffer.allocUnsafe(length);
      const n = readSync(fd, buf, 0, length, at);
      if (n < length) throw invalid(what, `${length - n} bytes missing at offset ${at}`);
      return buf;
    };
    // The end record, its comment and a zip64 end record and locator all fit in this tail.
    const tailAt = Math.max(0, size - (22 + 0xffff + 20 + 56));
    const end = endRecord(read(tailAt, size - tailAt), tailAt, what);
    if (end.offset > end.at) throw invalid(what, "the central directory starts past its end record");
    const entries = directoryEntries(read(end.offset, end.at - end.offset), end.offset, end.offset, end.count, what);
    for (const e of entries) {
      if (!accept(e.name)) continue;
      const header = read(e.localOffset, 30);
      if (header.readUInt32LE(0) !== LOCAL) throw invalid(what, `bad local header for ${e.name}`);
      const start = e.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      if (start + e.compressedSize > size) throw invalid(what, `${e.name} runs past the end`);
      // The member on its own, as the in-memory reader sees it: a local header at offset 0.
      const member = Buffer.concat([header, read(e.localOffset + 30, start - e.localOffset - 30 + e.compressedSize)]);
      yield { path: e.name, text: memberData(member, { ...e, localOffset: 0 }, what, Number.MAX_SAFE_INTEGER).toString("utf8") };
    }
  } finally {
    closeSync(fd);
  }
}
