/**
 * A minimal ELF section-table reader: enough to find a named section's bytes in an executable
 * that is fully in memory (content probes hand over whole files). ELF32 and ELF64, either byte
 * order. Never throws: a truncated or malformed file simply has no sections.
 */

export interface ElfSection {
  readonly name: string;
  /** SHT_* type; 8 (SHT_NOBITS) sections occupy no bytes in the file. */
  readonly type: number;
  readonly offset: number;
  readonly size: number;
}

const SHT_NOBITS = 8;

export function isElf(b: Buffer): boolean {
  return b.length >= 52 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

/** Every section header with its name resolved; [] for anything that is not a readable ELF file. */
export function elfSections(b: Buffer): ElfSection[] {
  return headers(b).map((h) => ({ name: b.toString("latin1", h.nameStart, h.nameEnd), type: h.type, offset: h.offset, size: h.size }));
}

interface Header {
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly type: number;
  readonly offset: number;
  readonly size: number;
}

/** The section headers with where each name lies; names are not decoded (see elfSection). */
function headers(b: Buffer): Header[] {
  try {
    if (!isElf(b)) return [];
    const is64 = b[4] === 2;
    const le = b[5] !== 2;
    if (b.length < (is64 ? 64 : 52)) return [];
    const u16 = (o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const word = (o: number): number => (is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(o));
    const inside = (o: number, n: number): boolean => Number.isSafeInteger(o) && o >= 0 && n >= 0 && o + n <= b.length;
    const shoff = word(is64 ? 40 : 32);
    const shentsize = u16(is64 ? 58 : 46);
    const shnum = u16(is64 ? 60 : 48);
    const shstrndx = u16(is64 ? 62 : 50);
    const hdrSize = is64 ? 64 : 40;
    if (shoff === 0 || shnum === 0 || shentsize < hdrSize || shstrndx >= shnum) return [];
    const header = (i: number): { nameOff: number; type: number; offset: number; size: number } | undefined => {
      const s = shoff + i * shentsize;
      if (!inside(s, hdrSize)) return undefined;
      return {
        nameOff: u32(s),
        type: u32(s + 4),
        offset: word(is64 ? s + 24 : s + 16),
        size: word(is64 ? s + 32 : s + 20),
      };
    };
    const strtab = header(shstrndx);
    if (strtab === undefined || !inside(strtab.offset, strtab.size)) return [];
    const out: Header[] = [];
    for (let i = 0; i < shnum; i++) {
      const h = header(i);
      if (h === undefined) break;
      const start = strtab.offset + h.nameOff;
      if (h.nameOff >= strtab.size) continue;
      let end = b.indexOf(0, start);
      if (end < 0 || end > strtab.offset + strtab.size) end = strtab.offset + strtab.size;
      out.push({ nameStart: start, nameEnd: end, type: h.type, offset: h.offset, size: h.size });
    }
    return out;
  } catch {
    return [];
  }
}

/** The bytes of the first section called `name` (a view, not a copy); undefined when absent or cut off. */
export function elfSection(b: Buffer, name: string): Buffer | undefined {
  // Names compared as bytes: decoding every section's name of every executable in an image showed
  // up in a scan's profile.
  const want = Buffer.from(name, "latin1");
  const s = headers(b).find((h) => h.nameEnd - h.nameStart === want.length && b.compare(want, 0, want.length, h.nameStart, h.nameEnd) === 0);
  if (s === undefined || s.type === SHT_NOBITS) return undefined;
  if (s.offset < 0 || s.offset + s.size > b.length) return undefined;
  return b.subarray(s.offset, s.offset + s.size);
}
