/**
 * A minimal ELF reader for executables that are fully in memory (content probes hand over whole
 * files): named sections and loadable segments. ELF32 and ELF64, either byte order. Never throws:
 * a truncated or malformed file simply has no sections or segments.
 *
 * Every executable of every image goes through it twice (the Go and cargo-auditable probes), and
 * most of them once only, while V8 still interprets this code. So it reads 64-bit fields as two
 * 32-bit halves rather than as BigInt, and looks a section's name up in the name table with
 * Buffer#indexOf before it walks the section headers, which it then compares as integers: both
 * were a tenth of a `claro sbom` of a Debian image.
 */

export interface ElfSection {
  readonly name: string;
  /** SHT_* type; 8 (SHT_NOBITS) sections occupy no bytes in the file. */
  readonly type: number;
  readonly offset: number;
  readonly size: number;
}

/** A PT_LOAD program header. Addresses above 2^53 (never a real user-space one) read as NaN. */
export interface ElfLoadSegment {
  readonly vaddr: number;
  readonly offset: number;
  readonly filesz: number;
  /** p_flags: PF_X 1, PF_W 2, PF_R 4. */
  readonly flags: number;
}

const SHT_NOBITS = 8;
const PT_LOAD = 1;

export function isElf(b: Buffer): boolean {
  return b.length >= 52 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

interface Reader {
  readonly is64: boolean;
  u16(o: number): number;
  u32(o: number): number;
  /** A 32-bit field on ELF32, a 64-bit one on ELF64; NaN when not a safe integer. */
  word(o: number): number;
  inside(o: number, n: number): boolean;
}

function reader(b: Buffer): Reader | undefined {
  if (!isElf(b)) return undefined;
  const is64 = b[4] === 2;
  const le = b[5] !== 2;
  if (b.length < (is64 ? 64 : 52)) return undefined;
  const u16 = (o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const u64 = (o: number): number => {
    const lo = u32(le ? o : o + 4);
    const hi = u32(le ? o + 4 : o);
    return hi < 0x200000 ? hi * 0x100000000 + lo : Number.NaN;
  };
  return {
    is64,
    u16,
    u32,
    word: is64 ? u64 : u32,
    inside: (o, n) => Number.isSafeInteger(o) && o >= 0 && n >= 0 && o + n <= b.length,
  };
}

interface SectionTable {
  readonly r: Reader;
  readonly shoff: number;
  readonly shentsize: number;
  readonly shnum: number;
  readonly hdrSize: number;
  /** The section-name table (.shstrtab). */
  readonly strOff: number;
  readonly strSize: number;
}

function sectionTable(b: Buffer): SectionTable | undefined {
  const r = reader(b);
  if (r === undefined) return undefined;
  const shoff = r.word(r.is64 ? 40 : 32);
  const shentsize = r.u16(r.is64 ? 58 : 46);
  const shnum = r.u16(r.is64 ? 60 : 48);
  const shstrndx = r.u16(r.is64 ? 62 : 50);
  const hdrSize = r.is64 ? 64 : 40;
  if (shoff === 0 || shnum === 0 || shentsize < hdrSize || shstrndx >= shnum) return undefined;
  const s = shoff + shstrndx * shentsize;
  if (!r.inside(s, hdrSize)) return undefined;
  const strOff = r.word(r.is64 ? s + 24 : s + 16);
  const strSize = r.word(r.is64 ? s + 32 : s + 20);
  if (!r.inside(strOff, strSize)) return undefined;
  return { r, shoff, shentsize, shnum, hdrSize, strOff, strSize };
}

/** Calls `visit` with each section header in order (its name offset, type, offset, size) until it returns true. */
function eachSection(t: SectionTable, visit: (nameOff: number, type: number, offset: number, size: number) => boolean): void {
  const { r } = t;
  for (let i = 0; i < t.shnum; i++) {
    const s = t.shoff + i * t.shentsize;
    if (!r.inside(s, t.hdrSize)) return;
    if (visit(r.u32(s), r.u32(s + 4), r.word(r.is64 ? s + 24 : s + 16), r.word(r.is64 ? s + 32 : s + 20))) return;
  }
}

/** Where a name at `nameOff` ends: its NUL, or the end of the name table when it has none. */
function nameEnd(b: Buffer, t: SectionTable, nameOff: number): number {
  const tableEnd = t.strOff + t.strSize;
  const end = b.indexOf(0, t.strOff + nameOff);
  return end < 0 || end > tableEnd ? tableEnd : end;
}

/** Every section header with its name resolved; [] for anything that is not a readable ELF file. */
export function elfSections(b: Buffer): ElfSection[] {
  try {
    const t = sectionTable(b);
    if (t === undefined) return [];
    const out: ElfSection[] = [];
    eachSection(t, (nameOff, type, offset, size) => {
      if (nameOff < t.strSize) out.push({ name: b.toString("latin1", t.strOff + nameOff, nameEnd(b, t, nameOff)), type, offset, size });
      return false;
    });
    return out;
  } catch {
    return [];
  }
}

const spellings = new Map<string, Buffer>();
/** `name` NUL-terminated, as the name table spells it; kept, as the probes ask for the same few names. */
function spelling(name: string): Buffer {
  let b = spellings.get(name);
  if (b === undefined) {
    b = Buffer.from(`${name}\0`, "latin1");
    if (spellings.size < 64) spellings.set(name, b);
  }
  return b;
}

/**
 * The header of the first section called `name`, or undefined. The offsets in the name table at
 * which `name` is spelled out (NUL-terminated, or ending the table) are found first; a file
 * without any, which is almost every file asked, is done with before its section headers.
 */
export function elfSectionHeader(b: Buffer, name: string): Omit<ElfSection, "name"> | undefined {
  try {
    const t = sectionTable(b);
    if (t === undefined) return undefined;
    const table = b.subarray(t.strOff, t.strOff + t.strSize);
    const spelled = spelling(name);
    const at: number[] = [];
    for (let i = table.indexOf(spelled); i >= 0; i = table.indexOf(spelled, i + 1)) at.push(i);
    const bare = table.length - (spelled.length - 1);
    if (bare >= 0 && table.indexOf(0, bare) < 0 && table.compare(spelled, 0, spelled.length - 1, bare) === 0) at.push(bare);
    if (at.length === 0) return undefined;
    let found: Omit<ElfSection, "name"> | undefined;
    eachSection(t, (nameOff, type, offset, size) => {
      if (!at.includes(nameOff)) return false;
      found = { type, offset, size };
      return true;
    });
    return found;
  } catch {
    return undefined;
  }
}

/** The bytes of the first section called `name` (a view, not a copy); undefined when absent or cut off. */
export function elfSection(b: Buffer, name: string): Buffer | undefined {
  const s = elfSectionHeader(b, name);
  if (s === undefined || s.type === SHT_NOBITS) return undefined;
  if (!(s.offset >= 0 && s.offset + s.size <= b.length)) return undefined;
  return b.subarray(s.offset, s.offset + s.size);
}

/** The PT_LOAD program headers, in file order; [] for anything that is not a readable ELF file. */
export function elfLoadSegments(b: Buffer): ElfLoadSegment[] {
  try {
    const r = reader(b);
    if (r === undefined) return [];
    const phoff = r.word(r.is64 ? 32 : 28);
    const phentsize = r.u16(r.is64 ? 54 : 42);
    const phnum = r.u16(r.is64 ? 56 : 44);
    const out: ElfLoadSegment[] = [];
    for (let i = 0; i < phnum; i++) {
      const p = phoff + i * phentsize;
      if (!r.inside(p, r.is64 ? 56 : 32)) break;
      if (r.u32(p) !== PT_LOAD) continue;
      out.push(
        r.is64
          ? { offset: r.word(p + 8), vaddr: r.word(p + 16), filesz: r.word(p + 32), flags: r.u32(p + 4) }
          : { offset: r.u32(p + 4), vaddr: r.u32(p + 8), filesz: r.u32(p + 16), flags: r.u32(p + 24) },
      );
    }
    return out;
  } catch {
    return [];
  }
}
