/**
 * apk-tools 3 version ordering (apk-tools master, `src/version.c`), re-implemented.
 *
 * Differences from apk 2 that change answers:
 * - a dot-number with a leading zero is compared as a string against the other side
 *   (`8.2.0 < 8.2.001`, `8.2.0015 < 8.2.002`), not by counting zeros;
 * - a letter may not be followed by digits (`0.1a1` is invalid), suffixes must be spelt exactly
 *   (`_foobar`, `_pre1x` are invalid) and a `~<hex>` commit hash may precede `-rN`;
 * - `X.0_pre1 < X.0` (apk 2 says `>`: its zero handling inserts a phantom token).
 * Also adds fuzzy prefix matching (`3.6.9 ~ 3.6`).
 */

const INITIAL_DIGIT = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const COMMIT_HASH = 5;
const REVISION_NO = 6;
const END = 7;
const INVALID = 8;

// Suffix ranks: below NONE are pre-releases, above are post-releases.
const SUFFIX_RANK: Readonly<Record<string, number>> = { alpha: 1, beta: 2, pre: 3, rc: 4, cvs: 6, svn: 7, git: 8, hg: 9, p: 10 };
const SUFFIX_NONE = 5;

interface Token {
  token: number;
  suffix: number;
  number: bigint;
  value: string;
}

interface Cursor {
  readonly s: string;
  pos: number;
}

function spanWhile(cur: Cursor, ok: (c: string) => boolean): string {
  const start = cur.pos;
  while (cur.pos < cur.s.length && ok(cur.s[cur.pos]!)) cur.pos++;
  return cur.s.slice(start, cur.pos);
}

const isDigit = (c: string): boolean => c >= "0" && c <= "9";
const isLower = (c: string): boolean => c >= "a" && c <= "z";
const isHex = (c: string): boolean => isDigit(c) || (c >= "a" && c <= "f");

function parseDigits(t: Token, cur: Cursor): void {
  t.value = spanWhile(cur, isDigit);
  t.number = t.value === "" ? 0n : BigInt(t.value);
  if (t.value === "") t.token = INVALID;
}

function first(cur: Cursor): Token {
  const t: Token = { token: INITIAL_DIGIT, suffix: 0, number: 0n, value: "" };
  parseDigits(t, cur);
  return t;
}

function next(t: Token, cur: Cursor): void {
  const c = cur.s[cur.pos];
  if (c === undefined) {
    t.token = END;
    return;
  }
  if (isLower(c)) {
    if (t.token > DIGIT) return void (t.token = INVALID);
    t.value = c;
    t.token = LETTER;
    cur.pos++;
  } else if (c === "." || isDigit(c)) {
    if (c === ".") {
      if (t.token > DIGIT) return void (t.token = INVALID);
      cur.pos++;
    }
    if (t.token === INITIAL_DIGIT || t.token === DIGIT) t.token = DIGIT;
    else if (t.token === SUFFIX) t.token = SUFFIX_NO;
    else return void (t.token = INVALID);
    parseDigits(t, cur);
  } else if (c === "_") {
    if (t.token > SUFFIX_NO) return void (t.token = INVALID);
    cur.pos++;
    t.value = spanWhile(cur, isLower);
    t.suffix = SUFFIX_RANK[t.value] ?? 0;
    t.token = t.suffix === 0 ? INVALID : SUFFIX;
  } else if (c === "~") {
    if (t.token >= COMMIT_HASH) return void (t.token = INVALID);
    cur.pos++;
    t.value = spanWhile(cur, isHex);
    t.token = t.value === "" ? INVALID : COMMIT_HASH;
  } else if (c === "-") {
    if (t.token >= REVISION_NO || cur.s[cur.pos + 1] !== "r") return void (t.token = INVALID);
    cur.pos += 2;
    t.token = REVISION_NO;
    parseDigits(t, cur);
  } else {
    t.token = INVALID;
  }
}

/** Byte-wise order, shorter first on a common prefix (apk_blob_sort). */
function blobSort(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function tokenCmp(a: Token, b: Token): -1 | 0 | 1 {
  let x: bigint;
  let y: bigint;
  switch (a.token) {
    case DIGIT:
      // Leading zeros mean "fractional" digits in Gentoo's rules: compare as strings.
      if (a.value.startsWith("0") || b.value.startsWith("0")) return blobSort(a.value, b.value);
      x = a.number;
      y = b.number;
      break;
    case INITIAL_DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
      x = a.number;
      y = b.number;
      break;
    case LETTER:
      return blobSort(a.value, b.value);
    case SUFFIX:
      x = BigInt(a.suffix);
      y = BigInt(b.suffix);
      break;
    default:
      return blobSort(a.value, b.value);
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether apk 3 accepts `v` as a version. */
export function isValidApk3(v: string): boolean {
  const cur: Cursor = { s: v, pos: 0 };
  const t = first(cur);
  while (t.token < END) next(t, cur);
  return t.token === END;
}

/**
 * apk 3's answer: -1, 0 or 1. With `fuzzy`, `a` equals `b` when `b` is a token-wise prefix of
 * `a` (`3.6.9 ~ 3.6`).
 */
export function compareApk3(a: string, b: string, fuzzy = false): -1 | 0 | 1 {
  const ca: Cursor = { s: a, pos: 0 };
  const cb: Cursor = { s: b, pos: 0 };
  const ta = first(ca);
  const tb = first(cb);
  while (ta.token === tb.token && ta.token < END) {
    const r = tokenCmp(ta, tb);
    if (r !== 0) return r;
    next(ta, ca);
    next(tb, cb);
  }
  if (ta.token === tb.token) return 0;
  if (tb.token === END && fuzzy) return 0;
  if (ta.token === SUFFIX && ta.suffix < SUFFIX_NONE) return -1;
  if (tb.token === SUFFIX && tb.suffix < SUFFIX_NONE) return 1;
  if (ta.token > tb.token) return -1;
  if (tb.token > ta.token) return 1;
  return 0;
}
