import type { VersionScheme } from "../../contracts/version-scheme.js";

/**
 * NuGet's version ordering (NuGet.Versioning `VersionComparer.Default`): SemVer 2.0 extended to
 * four numeric parts (`1.2.3.4`; missing parts are 0, so `1.0 == 1.0.0 == 1.0.0.0`), leading
 * zeros allowed (`1.01 == 1.1`), release labels compared part by part with numeric parts
 * numerically and below alphanumeric ones, alphanumeric parts case-insensitively, and build
 * metadata ignored.
 */
const NUGET =
  /^\s*([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?\s*$/;

interface NuGetVersion {
  readonly parts: readonly [bigint, bigint, bigint, bigint];
  readonly labels: readonly string[];
}

export function parseNuGetVersion(v: string): NuGetVersion | undefined {
  const m = NUGET.exec(v);
  if (m === null) return undefined;
  const n = (s: string | undefined): bigint => BigInt(s ?? "0");
  return { parts: [n(m[1]), n(m[2]), n(m[3]), n(m[4])], labels: m[5] === undefined ? [] : m[5].split(".") };
}

const NUMERIC = /^[0-9]+$/;

function compareLabel(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (an !== bn) return an ? -1 : 1;
  // OrdinalIgnoreCase: both sides upper-cased, then compared by code unit.
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareParsedNuGet(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    if (a.parts[i]! !== b.parts[i]!) return a.parts[i]! < b.parts[i]! ? -1 : 1;
  }
  // A release sorts above its pre-releases.
  if (a.labels.length === 0 || b.labels.length === 0) return Math.sign(b.labels.length - a.labels.length);
  const n = Math.min(a.labels.length, b.labels.length);
  for (let i = 0; i < n; i++) {
    const c = compareLabel(a.labels[i]!, b.labels[i]!);
    if (c !== 0) return c;
  }
  return a.labels.length === b.labels.length ? 0 : a.labels.length < b.labels.length ? -1 : 1;
}

/** Orders two NuGet versions; unparseable ones sort below every valid one, among themselves by text. */
export function compareNuGetVersions(a: string, b: string): number {
  const x = parseNuGetVersion(a);
  const y = parseNuGetVersion(b);
  if (x && y) return compareParsedNuGet(x, y);
  if (x) return 1;
  if (y) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const nugetVersionScheme: VersionScheme = {
  id: "nuget",
  compare: compareNuGetVersions,
  isValid: (v) => parseNuGetVersion(v) !== undefined,
};
