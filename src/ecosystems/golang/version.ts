import type { VersionScheme } from "../../contracts/version-scheme.js";

/**
 * Go module versions: semver 2.0 with a `v` prefix (OSV's Go ranges omit it, so both forms are
 * accepted), pseudo-versions (which are ordinary semver pre-releases, so they order correctly as
 * such), `+incompatible` (build metadata, ignored in ordering), and toolchain versions as the Go
 * binary records them: `go1.19.8`, `go1.20` (= 1.20.0), `go1.21rc2` (= 1.21.0-rc.2).
 */
const SEMVER =
  /^v?(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:\.(0|[1-9][0-9]*))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const TOOLCHAIN = /^go([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:(rc|beta)([0-9]+))?$/;

interface Parsed {
  readonly core: readonly [number, number, number];
  readonly pre: readonly string[];
}

function parse(v: string): Parsed | undefined {
  const t = TOOLCHAIN.exec(v);
  if (t) {
    const core = [Number(t[1]), Number(t[2] ?? 0), Number(t[3] ?? 0)] as const;
    return { core, pre: t[4] ? [t[4], t[5]!] : [] };
  }
  const m = SEMVER.exec(v);
  if (!m) return undefined;
  return { core: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre: m[4] ? m[4].split(".") : [] };
}

function compareIdent(a: string, b: string): number {
  const an = /^[0-9]+$/.test(a);
  const bn = /^[0-9]+$/.test(b);
  if (an && bn) return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareGoVersions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  // Invalid versions sort below valid ones and among themselves by text, so the order stays total.
  if (!x || !y) return x ? 1 : y ? -1 : a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return x.core[i]! - y.core[i]!;
  if (x.pre.length === 0 || y.pre.length === 0) return y.pre.length - x.pre.length;
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const c = compareIdent(x.pre[i]!, y.pre[i]!);
    if (c !== 0) return c;
  }
  return x.pre.length - y.pre.length;
}

export const goVersionScheme: VersionScheme = {
  id: "go-semver",
  compare: compareGoVersions,
  isValid: (v) => parse(v) !== undefined,
};

/** `go1.19.8` → `v1.19.8` (the stdlib's version as a module); undefined for `devel` builds. */
export function stdlibVersion(goVersion: string): string | undefined {
  const t = TOOLCHAIN.exec(goVersion.split(" ")[0] ?? "");
  if (!t) return undefined;
  return `v${t[1]}.${t[2] ?? 0}.${t[3] ?? 0}${t[4] ? `-${t[4]}.${t[5]}` : ""}`;
}
