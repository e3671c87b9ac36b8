/**
 * Reads the build information the Go linker embeds in executables (what `go version -m` shows):
 * the toolchain version and the module info text. Two layouts exist, both behind the 16-byte
 * aligned magic `\xff Go buildinf:` (32-byte header: magic, pointer size, flags):
 * - Go ≥ 1.18 (flags & 2): version and module text follow inline as uvarint-length strings;
 * - older: two pointers to Go string headers (data pointer, length) in virtual memory, mapped to
 *   file offsets through the ELF program headers (so only ELF is supported for that layout).
 * PE and Mach-O are handled for the inline layout by locating the magic directly.
 */
import { elfLoadSegments, elfSectionHeader } from "../../formats/elf.js";

const MAGIC = Buffer.from("\xff Go buildinf:", "latin1");
/** What Go's debug/buildinfo reads at the data start to look for the magic. */
const DATA_WINDOW = 64 * 1024;
const FLAG_BIG_ENDIAN = 1;
const FLAG_INLINE = 2;

export interface GoBuildInfo {
  /** The toolchain version as the binary records it, e.g. `go1.19.8`. */
  readonly goVersion: string;
  /** The module info text (`path`/`mod`/`dep`/`=>`/`build` lines), sentinels removed; "" when absent. */
  readonly modinfo: string;
}

type Format = "elf" | "pe" | "macho";

export function executableFormat(b: Buffer): Format | undefined {
  if (b.length < 64) return undefined;
  if (b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46) return "elf";
  if (b[0] === 0x4d && b[1] === 0x5a) return "pe";
  const m = b.readUInt32BE(0);
  if (m === 0xfeedface || m === 0xfeedfacf || m === 0xcefaedfe || m === 0xcffaedfe) return "macho";
  return undefined;
}

/**
 * ELF, as debug/buildinfo's DataStart reads it: the .go.buildinfo section, or else the first
 * writable, non-executable segment, as far as the file holds it (Go's ReadData reads no further
 * either). A C binary's data segment is a few KB: a fixed 64 KiB window from its start ran on
 * into the symbol tables, for every executable of an image.
 */
function elfData(b: Buffer): { offset: number; size: number } | undefined {
  const section = elfSectionHeader(b, ".go.buildinfo");
  if (section !== undefined) return { offset: section.offset, size: section.size };
  const segment = elfLoadSegments(b).find((l) => (l.flags & 3) === 2);
  return segment && { offset: segment.offset, size: segment.filesz };
}

function uvarint(b: Buffer, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = at; i < b.length && i < at + 10; i++) {
    const c = b[i]!;
    value += (c & 0x7f) * scale;
    if (c < 0x80) return { value, next: i + 1 };
    scale *= 128;
  }
  return undefined;
}

/** The module text between the linker's 16-byte sentinels, as debug/buildinfo strips them. */
function stripSentinels(mod: string): string {
  return mod.length >= 33 && mod[mod.length - 17] === "\n" ? mod.slice(16, mod.length - 16) : "";
}

function inlineStrings(b: Buffer, at: number): GoBuildInfo | undefined {
  const v = uvarint(b, at);
  if (!v || v.next + v.value > b.length) return undefined;
  const goVersion = b.toString("utf8", v.next, v.next + v.value);
  const m = uvarint(b, v.next + v.value);
  if (!m || m.next + m.value > b.length) return undefined;
  return { goVersion, modinfo: stripSentinels(b.toString("utf8", m.next, m.next + m.value)) };
}

function pointerStrings(b: Buffer, header: number, ptrSize: number, bigEndian: boolean): GoBuildInfo | undefined {
  const loads = elfLoadSegments(b);
  // Pointers and addresses are numbers: user-space addresses stay far below 2^53, and one that
  // does not (NaN, or past the segment) maps to no offset.
  const toOffset = (addr: number, n: number): number | undefined => {
    for (const l of loads) {
      if (addr >= l.vaddr && addr + n <= l.vaddr + l.filesz) return l.offset + (addr - l.vaddr);
    }
    return undefined;
  };
  const u32 = (off: number): number => (bigEndian ? b.readUInt32BE(off) : b.readUInt32LE(off));
  const readPtr = (off: number): number | undefined => {
    if (off < 0 || off + ptrSize > b.length) return undefined;
    if (ptrSize === 4) return u32(off);
    const hi = u32(bigEndian ? off : off + 4);
    return hi < 0x200000 ? hi * 0x100000000 + u32(bigEndian ? off + 4 : off) : undefined;
  };
  const readString = (headerAddr: number): string | undefined => {
    const hdr = toOffset(headerAddr, 2 * ptrSize);
    if (hdr === undefined) return undefined;
    const data = readPtr(hdr);
    const len = readPtr(hdr + ptrSize);
    if (data === undefined || len === undefined) return undefined;
    if (len === 0) return "";
    const at = toOffset(data, len);
    return at === undefined ? undefined : b.toString("utf8", at, at + len);
  };
  const vAddr = readPtr(header + 16);
  const mAddr = readPtr(header + 16 + ptrSize);
  if (vAddr === undefined || mAddr === undefined) return undefined;
  const goVersion = readString(vAddr);
  const mod = readString(mAddr);
  if (goVersion === undefined || mod === undefined) return undefined;
  return { goVersion, modinfo: stripSentinels(mod) };
}

function parseAt(b: Buffer, at: number, elf: boolean): GoBuildInfo | undefined {
  if (at < 0 || at + 32 > b.length || !b.subarray(at, at + 14).equals(MAGIC)) return undefined;
  const ptrSize = b[at + 14]!;
  const flags = b[at + 15]!;
  if ((flags & FLAG_INLINE) !== 0) return inlineStrings(b, at + 32);
  if ((ptrSize !== 4 && ptrSize !== 8) || !elf) return undefined;
  return pointerStrings(b, at, ptrSize, (flags & FLAG_BIG_ENDIAN) !== 0);
}

/** The first magic in [from, to), 16-byte aligned from `from`, that heads a valid build info. */
function search(b: Buffer, from: number, to: number, elf: boolean): GoBuildInfo | undefined {
  const window = b.subarray(from, to);
  for (let i = window.indexOf(MAGIC); i >= 0; i = window.indexOf(MAGIC, i + 1)) {
    if (i % 16 !== 0) continue;
    const got = parseAt(b, from + i, elf);
    if (got && got.goVersion.startsWith("go")) return got;
  }
  return undefined;
}

/**
 * The build info of a Go executable (ELF, PE or Mach-O), or undefined for anything else,
 * including truncated or malformed files. Never throws.
 */
export function readGoBuildInfo(b: Buffer): GoBuildInfo | undefined {
  try {
    const format = executableFormat(b);
    if (format === undefined) return undefined;
    // PE and Mach-O: the magic is 16-byte aligned in the file too, as Go's own reader assumes; a
    // literal copy of it elsewhere (e.g. in debug/buildinfo) is not.
    if (format !== "elf") return search(b, 0, b.length, false);
    // ELF: where the linker puts the blob (see elfData), at most the 64 KiB Go 1.18-1.22 searched.
    // Searching the whole file instead cost every C binary of an image a full scan.
    const data = elfData(b);
    if (data === undefined || !Number.isSafeInteger(data.offset) || !Number.isSafeInteger(data.size)) return undefined;
    return search(b, data.offset, Math.min(b.length, data.offset + Math.min(data.size, DATA_WINDOW)), true);
  } catch {
    return undefined;
  }
}
