// Deterministic randomness for the feed generators: the same seed writes the same bytes, so a
// measured figure can be reproduced exactly (mulberry32: small, fast, good enough for test data).

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: (items) => items[int(0, items.length - 1)]!, chance: (p) => next() < p };
}

const SYLLABLES = [
  "lib",
  "gnu",
  "x",
  "py",
  "node",
  "perl",
  "ruby",
  "go",
  "core",
  "util",
  "net",
  "ssl",
  "xml",
  "http",
  "zip",
  "img",
  "font",
  "sql",
  "kit",
  "tools",
  "daemon",
  "proto",
  "crypt",
  "media",
  "gtk",
  "qt",
  "dev",
  "cli",
  "pam",
  "dns",
];

/** A package-like name, unique for `i` (the index keeps names distinct at any count). */
export function packageName(rng: Rng, i: number): string {
  return `${rng.pick(SYLLABLES)}${rng.pick(SYLLABLES)}-${i.toString(36)}`;
}

/** A version like `2.14.3`, with a Debian-style revision when `revision` is set. */
export function version(rng: Rng, revision = false): string {
  const v = `${rng.int(0, 12)}.${rng.int(0, 40)}.${rng.int(0, 20)}`;
  return revision ? `${v}-${rng.int(1, 9)}${rng.chance(0.3) ? `+deb${rng.int(9, 13)}u${rng.int(1, 6)}` : ""}` : v;
}

const WORDS = [
  "buffer",
  "overflow",
  "in",
  "the",
  "parser",
  "allows",
  "remote",
  "attackers",
  "to",
  "cause",
  "a",
  "denial",
  "of",
  "service",
  "via",
  "crafted",
  "input",
  "heap",
  "use-after-free",
  "when",
  "handling",
  "malformed",
  "requests",
  "which",
  "may",
  "lead",
  "execution",
  "arbitrary",
  "code",
  "integer",
  "out-of-bounds",
  "read",
  "function",
  "certificate",
  "validation",
  "missing",
  "check",
];

/** Prose of about `words` words, for descriptions and summaries. */
export function prose(rng: Rng, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(rng.pick(WORDS));
  const s = out.join(" ");
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

/** `CVE-YYYY-NNNNN`, distinct for distinct `i`. */
export function cveId(i: number): string {
  return `CVE-${1999 + (i % 28)}-${String(10000 + Math.floor(i / 28)).padStart(5, "0")}`;
}
