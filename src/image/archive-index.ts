import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { Readable } from "node:stream";
import { FatalError } from "../core/problem.js";
import { clampPath } from "./paths.js";

/** One member of an outer archive (an oci-archive or docker-archive tar), located by offset. */
export interface ArchiveMember {
  readonly name: string;
  readonly type: "file" | "dir" | "symlink" | "hardlink" | "other";
  /** Offset of the member's data in the archive file. */
  readonly offset: number;
  readonly size: number;
  readonly linkTarget: string | null;
}

const BLOCK = 512;

function corrupt(path: string, detail: string): FatalError {
  return new FatalError("ARCHIVE_CORRUPT", `${path}: ${detail}`, "the archive is damaged or truncated; export or download it again");
}

function cString(buf: Buffer, start: number, len: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString("utf8", start, end < 0 || end > start + len ? start + len : end);
}

function octal(buf: Buffer, start: number, len: number): number {
  // GNU base-256 for sizes of 8 GiB and more.
  if ((buf[start]! & 0x80) !== 0) {
    let n = 0;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + buf[i]!;
    return n;
  }
  const s = cString(buf, start, len).trim();
  return s === "" ? 0 : /^[0-7]+$/.test(s) ? parseInt(s, 8) : NaN;
}

function checksumOk(h: Buffer): boolean {
  const stored = octal(h, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === stored;
}

function parsePax(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const sp = data.indexOf(0x20, pos);
    if (sp < 0) break;
    const len = parseInt(data.toString("ascii", pos, sp), 10);
    if (!(len > 0)) break;
    const rec = data.toString("utf8", sp + 1, pos + len - 1);
    const eq = rec.indexOf("=");
    if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1));
    pos += len;
  }
  return out;
}

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === len ? buf : buf.subarray(0, got);
}

function typeOf(flag: string): ArchiveMember["type"] {
  if (flag === "0" || flag === "\0" || flag === "" || flag === "7") return "file";
  if (flag === "5") return "dir";
  if (flag === "2") return "symlink";
  if (flag === "1") return "hardlink";
  return "other";
}

/**
 * The member table of an archive file, read from its 512-byte headers without unpacking it.
 * Blobs are then streamed straight from their offsets.
 */
export class ArchiveIndex {
  private constructor(
    readonly path: string,
    readonly members: ReadonlyMap<string, ArchiveMember>,
  ) {}

  static async open(path: string): Promise<ArchiveIndex> {
    let fh: FileHandle;
    try {
      fh = await open(path, "r");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new FatalError("IMAGE_NOT_FOUND", `${path}: cannot open archive (${code ?? String(e)})`, "check the path of the archive");
    }
    try {
      const fileSize = (await fh.stat()).size;
      const members = new Map<string, ArchiveMember>();
      let pos = 0;
      let longName: string | null = null;
      let longLink: string | null = null;
      let pax: Map<string, string> | null = null;
      while (pos + BLOCK <= fileSize) {
        const h = await readAt(fh, pos, BLOCK);
        if (h.every((b) => b === 0)) break;
        if (!checksumOk(h)) throw corrupt(path, `not a tar archive or corrupt header at offset ${pos}`);
        const size = octal(h, 124, 12);
        if (!Number.isFinite(size)) throw corrupt(path, `bad size field in header at offset ${pos}`);
        const flag = String.fromCharCode(h[156]!);
        const dataStart = pos + BLOCK;
        const effSize = pax?.has("size") ? Number(pax.get("size")) : size;
        if (dataStart + effSize > fileSize) {
          throw corrupt(path, `member at offset ${pos} extends past the end of the file (archive truncated?)`);
        }
        pos = dataStart + Math.ceil(effSize / BLOCK) * BLOCK;
        if (flag === "L" || flag === "K" || flag === "x" || flag === "g") {
          if (effSize > 1 << 20) throw corrupt(path, `oversized extended header at offset ${dataStart - BLOCK}`);
          const data = await readAt(fh, dataStart, effSize);
          if (flag === "L") longName = cString(data, 0, data.length);
          else if (flag === "K") longLink = cString(data, 0, data.length);
          else if (flag === "x") pax = parsePax(data);
          continue;
        }
        const ustar = h.toString("ascii", 257, 262) === "ustar";
        const prefix = ustar ? cString(h, 345, 155) : "";
        let name = longName ?? pax?.get("path") ?? (prefix ? `${prefix}/${cString(h, 0, 100)}` : cString(h, 0, 100));
        const link = longLink ?? pax?.get("linkpath") ?? cString(h, 157, 100);
        longName = longLink = null;
        pax = null;
        name = clampPath(name.split("/")).join("/");
        if (name === "") continue;
        const type = typeOf(flag);
        members.set(name, { name, type, offset: dataStart, size: effSize, linkTarget: type === "symlink" || type === "hardlink" ? link : null });
      }
      if (pos < fileSize && pos + BLOCK > fileSize && fileSize % BLOCK !== 0) {
        throw corrupt(path, `file ends inside a header at offset ${pos} (archive truncated?)`);
      }
      return new ArchiveIndex(path, members);
    } finally {
      await fh.close();
    }
  }

  /** The regular-file member `name` refers to, following in-archive symlinks and hardlinks. */
  find(name: string): ArchiveMember | undefined {
    let current = clampPath(name.split("/")).join("/");
    for (let hops = 0; hops < 16; hops++) {
      const m = this.members.get(current);
      if (!m) return undefined;
      if (m.type === "file") return m;
      if (m.type === "dir" || m.type === "other" || m.linkTarget === null) return undefined;
      const base = m.type === "symlink" && !m.linkTarget.startsWith("/") ? current.split("/").slice(0, -1) : [];
      current = clampPath([...base, ...m.linkTarget.split("/")]).join("/");
    }
    return undefined;
  }

  async read(name: string, limit: number): Promise<Buffer | undefined> {
    const m = this.find(name);
    if (!m) return undefined;
    if (m.size > limit) throw corrupt(this.path, `${name} is ${m.size} bytes, larger than expected for metadata`);
    if (m.size === 0) return Buffer.alloc(0);
    const fh = await open(this.path, "r");
    try {
      const buf = await readAt(fh, m.offset, m.size);
      if (buf.length !== m.size) throw corrupt(this.path, `${name} is truncated`);
      return buf;
    } finally {
      await fh.close();
    }
  }

  stream(member: ArchiveMember): Readable {
    if (member.size === 0) return Readable.from([]);
    return createReadStream(this.path, { start: member.offset, end: member.offset + member.size - 1, highWaterMark: 1 << 20 });
  }
}
