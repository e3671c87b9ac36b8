/**
 * SemVer 2.0.0 (semver.org) parsing and precedence, shared by the ecosystems whose versions are
 * SemVer: npm (node-semver without loose mode) and crates.io (Cargo).
 */
/** A parsed SemVer 2.0.0 version; build metadata is kept only for display, never compared. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly (string | number)[];
  readonly build: readonly string[];
}

// The grammar of semver.org §9–10: numeric identifiers have no leading zeros, prerelease
// identifiers are [0-9A-Za-z-] and non-empty. A leading `v` or `=` is tolerated, as node-semver does.
const NUM = "0|[1-9]\\d*";
const PRE_ID = `(?:${NUM}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER_RE = new RegExp(
  `^[=v]*\\s*(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`,
);

/** Parses a version; undefined when it is not SemVer 2.0 (after trimming a `v`/`=` prefix). */
export function parseSemver(input: string): SemVer | undefined {
  const m = SEMVER_RE.exec(input.trim());
  if (m === null) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = Number(m[3]);
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  const prerelease = m[4] === undefined ? [] : m[4].split(".").map((id) => (/^\d+$/.test(id) ? Number(id) : id));
  return { major, minor, patch, prerelease, build: m[5] === undefined ? [] : m[5].split(".") };
}

function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Prerelease identifiers, §11.4: numeric < alphanumeric; numbers numerically; strings in ASCII order. */
function cmpIdent(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return cmpNum(a, b);
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareParsedSemver(a: SemVer, b: SemVer): number {
  const core = cmpNum(a.major, b.major) || cmpNum(a.minor, b.minor) || cmpNum(a.patch, b.patch);
  if (core !== 0) return core;
  // A version without prerelease ranks above any prerelease of the same core (§11.3).
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return cmpNum(b.prerelease.length, a.prerelease.length);
  const n = Math.min(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < n; i++) {
    const c = cmpIdent(a.prerelease[i]!, b.prerelease[i]!);
    if (c !== 0) return c;
  }
  return cmpNum(a.prerelease.length, b.prerelease.length);
}

/**
 * Orders two versions. Invalid input cannot be placed in SemVer order; it sorts below every
 * valid version and invalid strings compare by code unit, so the ordering stays total.
 */
export function compareSemver(a: string, b: string): number {
  const pa = parseSemver(a);
  const pb = parseSemver(b);
  if (pa && pb) return compareParsedSemver(pa, pb);
  if (pa) return 1;
  if (pb) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
