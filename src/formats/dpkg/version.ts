import type { VersionScheme } from "../../contracts/version-scheme.js";

/** A dpkg version split into its parts; `epoch` is 0 and `revision` "" when absent. */
export interface DpkgVersion {
  readonly epoch: number;
  readonly upstream: string;
  readonly revision: string;
}

/**
 * Splits `[epoch:]upstream[-revision]` the way dpkg's parseversion() does: the epoch ends at
 * the first `:`, the revision starts after the last `-`. Returns undefined for what dpkg
 * rejects (empty version, bad epoch, upstream not starting with a digit, illegal characters).
 */
export function parseDpkgVersion(input: string): DpkgVersion | undefined {
  const v = input.trim();
  if (v === "" || /\s/.test(v)) return undefined;
  let rest = v;
  let epoch = 0;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const e = rest.slice(0, colon);
    if (!/^[0-9]+$/.test(e)) return undefined;
    epoch = Number(e);
    if (!Number.isSafeInteger(epoch) || epoch > 2147483647) return undefined;
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf("-");
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : "";
  if (upstream === "" || (dash >= 0 && revision === "")) return undefined;
  if (!/^[0-9]/.test(upstream)) return undefined;
  if (!/^[A-Za-z0-9.+~:-]*$/.test(upstream) || !/^[A-Za-z0-9.+~]*$/.test(revision)) return undefined;
  return { epoch, upstream, revision };
}

/**
 * Lenient split for comparison: dpkg compares even versions it would not install, so this
 * never fails (same splitting rules, no character checks).
 */
function split(v: string): DpkgVersion {
  const t = v.trim();
  const colon = t.indexOf(":");
  let epoch = 0;
  let rest = t;
  if (colon >= 0 && /^[0-9]+$/.test(t.slice(0, colon))) {
    epoch = Number(t.slice(0, colon));
    rest = t.slice(colon + 1);
  }
  const dash = rest.lastIndexOf("-");
  return dash >= 0 ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) } : { epoch, upstream: rest, revision: "" };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** dpkg's order(): `~` < end of string < letters < everything else. */
function order(c: number): number {
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 126) return -1;
  if (c) return c + 256;
  return 0;
}

/** dpkg's verrevcmp(): alternate non-digit runs (by order()) and digit runs (numerically). */
function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(i < a.length ? a.charCodeAt(i) : 0);
      const bc = order(j < b.length ? b.charCodeAt(j) : 0);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 48) i++;
    while (b.charCodeAt(j) === 48) j++;
    while (i < a.length && isDigit(a.charCodeAt(i)) && j < b.length && isDigit(b.charCodeAt(j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && isDigit(a.charCodeAt(i))) return 1;
    if (j < b.length && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

/** Compares two dpkg versions: negative, zero or positive, as `dpkg --compare-versions`. */
export function compareDpkgVersions(a: string, b: string): number {
  const va = split(a);
  const vb = split(b);
  if (va.epoch !== vb.epoch) return va.epoch > vb.epoch ? 1 : -1;
  const up = verrevcmp(va.upstream, vb.upstream);
  if (up !== 0) return Math.sign(up);
  return Math.sign(verrevcmp(va.revision, vb.revision));
}

export const dpkgVersion: VersionScheme = {
  id: "dpkg",
  compare: compareDpkgVersions,
  isValid: (v) => parseDpkgVersion(v) !== undefined,
};
