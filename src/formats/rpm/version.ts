import type { VersionScheme } from "../../contracts/version-scheme.js";

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const TILDE = 126;
const CARET = 94;
/** rpm's risalnum is ASCII-only: any other character (including non-ASCII) is a separator. */
const isSep = (c: number): boolean => !isDigit(c) && !isAlpha(c) && c !== TILDE && c !== CARET;

/**
 * rpm's rpmvercmp (lib/rpmvercmp.c, rpm 4.15+): separators are skipped; `~` sorts before
 * anything, even the end of the string; `^` sorts after the end but before any other segment;
 * numeric segments beat alphabetic ones and compare by value (leading zeros dropped, longer wins);
 * alphabetic segments compare bytewise. Returns -1, 0 or 1.
 */
export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  // charCodeAt past the end is NaN; treat it as C's terminating NUL.
  const ca = (k: number): number => (k < a.length ? a.charCodeAt(k) : 0);
  const cb = (k: number): number => (k < b.length ? b.charCodeAt(k) : 0);
  while (i < a.length || j < b.length) {
    while (i < a.length && isSep(ca(i))) i++;
    while (j < b.length && isSep(cb(j))) j++;
    if (ca(i) === TILDE || cb(j) === TILDE) {
      if (ca(i) !== TILDE) return 1;
      if (cb(j) !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca(i) === CARET || cb(j) === CARET) {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (ca(i) !== CARET) return 1;
      if (cb(j) !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(ca(i));
    const inSeg = numeric ? isDigit : isAlpha;
    let ei = i;
    let ej = j;
    while (ei < a.length && inSeg(ca(ei))) ei++;
    while (ej < b.length && inSeg(cb(ej))) ej++;
    // a's segment is never empty here; an empty b segment means the kinds differ: numeric wins.
    if (ej === j) return numeric ? 1 : -1;
    let sa = a.slice(i, ei);
    let sb = b.slice(j, ej);
    if (numeric) {
      sa = sa.replace(/^0+/, "");
      sb = sb.replace(/^0+/, "");
      if (sa.length !== sb.length) return sa.length > sb.length ? 1 : -1;
    }
    if (sa !== sb) return sa < sb ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

export interface Evr {
  /** Null when the string has no `epoch:` prefix; compared as 0. */
  readonly epoch: number | null;
  readonly version: string;
  /** Null when there is no `-release`. */
  readonly release: string | null;
}

/**
 * Splits `[epoch:]version[-release]` the way rpm's parseEVR does: the epoch is the leading digits
 * before the first `:`; the release is what follows the last `-`.
 */
export function parseEvr(evr: string): Evr {
  let rest = evr;
  let epoch: number | null = null;
  const colon = /^(\d*):/.exec(rest);
  if (colon) {
    epoch = colon[1] === "" ? 0 : Number(colon[1]);
    rest = rest.slice(colon[0].length);
  }
  const dash = rest.lastIndexOf("-");
  if (dash < 0) return { epoch, version: rest, release: null };
  return { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
}

/**
 * The one spelling claro stores for an rpm EVR from any feed: a zero epoch is not written
 * (`0:1.2-3` → `1.2-3`, as Red Hat's CSAF purls and Amazon's pages have it), any other is kept.
 * Both spellings compare equal, so this changes only what reports show.
 */
export function canonicalEvr(evr: string): string {
  return evr.replace(/^0+:/, "");
}

export function formatEvr(e: Evr): string {
  return `${e.epoch === null ? "" : `${e.epoch}:`}${e.version}${e.release === null ? "" : `-${e.release}`}`;
}

/**
 * Orders two EVRs: epoch (missing = 0), then version, then release with rpmvercmp. When only one
 * side has a release, that side is greater whatever the release says (`1.0-~` > `1.0`), which is
 * what rpm 4.18's `rpm.vercmp` / `rpm.ver` do. rpm's dependency ranges instead treat a missing
 * release as a wildcard, so a caller matching `>= 1.0` against `1.0-3` drops the release first.
 */
export function compareEvr(a: Evr, b: Evr): -1 | 0 | 1 {
  const ea = a.epoch ?? 0;
  const eb = b.epoch ?? 0;
  if (ea !== eb) return ea < eb ? -1 : 1;
  const v = rpmvercmp(a.version, b.version);
  if (v !== 0) return v;
  if (a.release === null || b.release === null) return a.release === b.release ? 0 : a.release === null ? -1 : 1;
  return rpmvercmp(a.release, b.release);
}

/** Characters rpm accepts in a version or release (rpmbuild's rpmCharCheck set plus `~`, `^`). */
const VR_RE = /^[A-Za-z0-9._+~^]+$/;

export function isValidEvr(evr: string): boolean {
  if (!/^(?:\d+:)?[^:]+$/.test(evr)) return false;
  const e = parseEvr(evr);
  return VR_RE.test(e.version) && (e.release === null || VR_RE.test(e.release));
}

/**
 * rpm's ordering as a VersionScheme over `[epoch:]version[-release]` strings. Distinct strings
 * that rpm calls equal (`1.0` vs `1_0`, `0:1` vs `1`) stay equal: they name the same version.
 */
export const rpmVersion: VersionScheme = {
  id: "rpm",
  compare: (a, b) => compareEvr(parseEvr(a), parseEvr(b)),
  isValid: isValidEvr,
};
