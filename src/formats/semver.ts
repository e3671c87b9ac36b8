/**
 * SemVer 2.0.0 versions through node-semver (the `semver` package, what npm itself uses, without
 * loose mode), shared by the ecosystems whose versions are SemVer: npm, crates.io (Cargo's
 * precedence is SemVer 2.0's too), Hex, pub and Swift tags.
 */
import nodeSemver from "semver";

/** A parsed SemVer 2.0.0 version; build metadata is kept only for display, never compared. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly (string | number)[];
  readonly build: readonly string[];
  /** The normalised text (`1.2.3-rc.1`, no `v` and no build metadata). */
  readonly version: string;
}

/**
 * Parses a version; undefined when it is not SemVer 2.0. Lockfiles and tags also write `v1.2.3`
 * and `=1.2.3`; those prefixes are dropped first, the rest is node-semver's strict grammar
 * (at most 256 characters, numbers within Number.MAX_SAFE_INTEGER).
 */
export function parseSemver(input: string): SemVer | undefined {
  return nodeSemver.parse(input.trim().replace(/^[=v]*\s*/, "")) ?? undefined;
}

export function compareParsedSemver(a: SemVer, b: SemVer): number {
  return nodeSemver.compare(a.version, b.version);
}

/**
 * Orders two versions. Invalid input cannot be placed in SemVer order; it sorts below every
 * valid version and invalid strings compare by code unit, so the ordering stays total (node-semver
 * would throw, and a feed or lockfile may hold anything).
 */
export function compareSemver(a: string, b: string): number {
  const pa = parseSemver(a);
  const pb = parseSemver(b);
  if (pa && pb) return compareParsedSemver(pa, pb);
  if (pa) return 1;
  if (pb) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * npm range satisfaction, node-semver's `satisfies` with its default options: prereleases match
 * only a comparator on their own major.minor.patch, so `^1.2.3` does not pull in `2.0.0-rc.1`.
 */
export function satisfiesNpmRange(version: string, range: string): boolean {
  return nodeSemver.satisfies(version, range);
}

/** Whether node-semver reads `range` as a range (npm matching evaluates such bounds with it). */
export function isNpmRange(range: string): boolean {
  return nodeSemver.validRange(range) !== null;
}
