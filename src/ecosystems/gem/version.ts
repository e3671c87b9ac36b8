import type { VersionScheme } from "../../contracts/version-scheme.js";

/**
 * RubyGems' `Gem::Version` ordering (rubygems/lib/rubygems/version.rb), re-implemented:
 * - a version is dot-separated segments, optionally followed by `-pre.release` parts; `-` is read
 *   as `.pre.`, so `1.0.0-1` is `1.0.0.pre.1` (a pre-release);
 * - segments are runs of digits (numbers) or letters (strings): `1.8.2.a10` → 1, 8, 2, "a", 10;
 * - any letter makes a pre-release, which sorts before the release: `1.8.2.a < 1.8.2`;
 * - trailing zeros of the release part and of the pre-release part do not count (`1.0 == 1.0.0`);
 * - segment by segment, a missing one is 0, a string sorts before a number, strings compare by
 *   bytes and numbers numerically.
 */
const ANCHORED = /^\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?\s*$/;

type Segment = number | string;

/** Gem::Version#canonical_segments, or undefined when `Gem::Version.new` would raise. */
export function gemCanonicalSegments(input: string): Segment[] | undefined {
  const m = ANCHORED.exec(input);
  if (m === null) return undefined;
  const text = (m[1] ?? "0").replace(/-/g, ".pre.");
  const segments: Segment[] = (text.match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => (/^[0-9]/.test(s) ? Number(s) : s));
  const firstString = segments.findIndex((s) => typeof s === "string");
  const release = firstString < 0 ? segments : segments.slice(0, firstString);
  const pre = firstString < 0 ? [] : segments.slice(firstString);
  const trim = (xs: Segment[]): Segment[] => {
    let n = xs.length;
    while (n > 0 && xs[n - 1] === 0) n--;
    return xs.slice(0, n);
  };
  return [...trim(release), ...trim(pre)];
}

function compareSegments(a: readonly Segment[], b: readonly Segment[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const l = a[i] ?? 0;
    const r = b[i] ?? 0;
    if (l === r) continue;
    if (typeof l === "string" && typeof r === "number") return -1;
    if (typeof l === "number" && typeof r === "string") return 1;
    return l < r ? -1 : 1;
  }
  return 0;
}

/** Orders two gem versions; malformed ones sort below every valid one, among themselves by text. */
export function compareGemVersions(a: string, b: string): number {
  const x = gemCanonicalSegments(a);
  const y = gemCanonicalSegments(b);
  if (x && y) return compareSegments(x, y);
  if (x) return 1;
  if (y) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `Gem::Version#prerelease?`: any letter in the version. */
export function isGemPrerelease(v: string): boolean {
  return /[a-zA-Z]/.test(v);
}

export const gemVersionScheme: VersionScheme = {
  id: "gem",
  compare: compareGemVersions,
  isValid: (v) => gemCanonicalSegments(v) !== undefined,
};
