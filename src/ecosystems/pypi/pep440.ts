import type { VersionScheme } from "../../contracts/version-scheme.js";

/** A parsed PEP 440 version. Numbers are bigint: release segments like dates overflow nothing. */
export interface Pep440Version {
  readonly epoch: bigint;
  readonly release: readonly bigint[];
  readonly pre: { readonly label: "a" | "b" | "rc"; readonly n: bigint } | null;
  readonly post: bigint | null;
  readonly dev: bigint | null;
  readonly local: readonly (string | bigint)[] | null;
}

// The permissive pattern of PEP 440 Appendix B (as in `packaging`), which accepts the alternate
// spellings (`alpha`, `c`, `-1` posts, `_`/`-` separators) and normalises them.
const VERSION_RE = new RegExp(
  "^\\s*v?" +
    "(?:([0-9]+)!)?" +
    "([0-9]+(?:\\.[0-9]+)*)" +
    "([-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?" +
    "((?:-([0-9]+))|(?:[-_.]?(post|rev|r)[-_.]?([0-9]+)?))?" +
    "([-_.]?(dev)[-_.]?([0-9]+)?)?" +
    "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?" +
    "\\s*$",
  "i",
);

const PRE_LABELS: Readonly<Record<string, "a" | "b" | "rc">> = {
  a: "a",
  alpha: "a",
  b: "b",
  beta: "b",
  c: "rc",
  rc: "rc",
  pre: "rc",
  preview: "rc",
};

export function parsePep440(value: string): Pep440Version | null {
  const m = VERSION_RE.exec(value);
  if (!m) return null;
  const [, epoch, release, pre, preL, preN, post, postN1, , postN2, dev, , devN, local] = m;
  return {
    epoch: epoch === undefined ? 0n : BigInt(epoch),
    release: (release ?? "0").split(".").map((s) => BigInt(s)),
    pre: pre === undefined || preL === undefined ? null : { label: PRE_LABELS[preL.toLowerCase()] ?? "rc", n: BigInt(preN ?? "0") },
    post: post === undefined ? null : BigInt(postN1 ?? postN2 ?? "0"),
    dev: dev === undefined ? null : BigInt(devN ?? "0"),
    local:
      local === undefined
        ? null
        : local
            .toLowerCase()
            .split(/[-_.]/)
            .map((p) => (/^[0-9]+$/.test(p) ? BigInt(p) : p)),
  };
}

/** The canonical spelling (`1.0-Alpha1` → `1.0a1`, `1.0-1` → `1.0.post1`), or null when invalid. */
export function normalizePep440(value: string): string | null {
  const v = parsePep440(value);
  if (!v) return null;
  let out = v.epoch === 0n ? "" : `${v.epoch}!`;
  out += v.release.join(".");
  if (v.pre) out += `${v.pre.label}${v.pre.n}`;
  if (v.post !== null) out += `.post${v.post}`;
  if (v.dev !== null) out += `.dev${v.dev}`;
  if (v.local) out += `+${v.local.join(".")}`;
  return out;
}

const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Release segments compare as if padded with zeros: `1.0 == 1.0.0`. */
function cmpRelease(a: readonly bigint[], b: readonly bigint[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = cmpBig(a[i] ?? 0n, b[i] ?? 0n);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Pre-release slot as a rank: a dev release of a final (`1.0.dev1`, no pre and no post) sorts
 * before every pre-release of it; a final sorts after them.
 */
function preKey(v: Pep440Version): [number, bigint] {
  if (v.pre === null && v.post === null && v.dev !== null) return [-1, 0n];
  if (v.pre === null) return [3, 0n];
  return [PRE_RANK[v.pre.label], v.pre.n];
}

/** Local segments: numeric parts sort above alphanumeric ones; a longer label with equal prefix wins. */
function cmpLocal(a: Pep440Version["local"], b: Pep440Version["local"]): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (typeof x === "bigint" && typeof y === "bigint") {
      const c = cmpBig(x, y);
      if (c !== 0) return c;
    } else if (typeof x === "bigint" || typeof y === "bigint") return typeof x === "bigint" ? 1 : -1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function comparePep440Parsed(a: Pep440Version, b: Pep440Version): number {
  const [pa, pna] = preKey(a);
  const [pb, pnb] = preKey(b);
  return (
    cmpBig(a.epoch, b.epoch) ||
    cmpRelease(a.release, b.release) ||
    pa - pb ||
    cmpBig(pna, pnb) ||
    // No post sorts before any post; no dev sorts after any dev.
    (a.post === null ? (b.post === null ? 0 : -1) : b.post === null ? 1 : cmpBig(a.post, b.post)) ||
    (a.dev === null ? (b.dev === null ? 0 : 1) : b.dev === null ? -1 : cmpBig(a.dev, b.dev)) ||
    cmpLocal(a.local, b.local)
  );
}

/**
 * Total order for the scheme: valid versions by PEP 440; an invalid one (legacy `2004d`, seen
 * in old lockfiles) sorts below every valid one and by code units among invalid ones, so
 * sorting never throws. Range checks must test `isValid` first (the matcher does).
 */
export function comparePep440(a: string, b: string): number {
  const x = parsePep440(a);
  const y = parsePep440(b);
  if (x && y) return comparePep440Parsed(x, y);
  if (x || y) return x ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const pep440Scheme: VersionScheme = {
  id: "pep440",
  compare: comparePep440,
  isValid: (v) => parsePep440(v) !== null,
};
