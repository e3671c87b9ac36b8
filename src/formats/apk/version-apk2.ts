/**
 * apk-tools 2.x version ordering (the rules Alpine releases up to 3.22 run), re-implemented
 * from the tokenizer in apk-tools' `src/version.c` (2.10 series).
 *
 * A version is `digit{.digit}…{letter}{_suffix{number}}…{-rN}`. Tokens are compared pairwise;
 * when one version runs out first the longer one is greater, unless its next token is a
 * pre-release suffix (`_alpha`, `_beta`, `_pre`, `_rc`). Quirks kept on purpose because they are
 * what Alpine's own apk answers: a number after `.` that starts with `0` counts as the negated
 * count of its leading zeros followed by the rest, so `1.01 < 1.1` and `8.2.0015 > 8.2.002`.
 * One quirk is NOT kept: apk 2 accumulates numbers in a C `int` and so overflows on 10+ digit
 * numbers (`_pre20191002222144`); we compare exactly, which is what every caller means.
 */

// Token types, ordered as in apk-tools: the order matters for "which version ends first".
const INVALID = -1;
const DIGIT_OR_ZERO = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const REVISION_NO = 5;
const END = 6;

const PRE_SUFFIXES = ["alpha", "beta", "pre", "rc"] as const;
const POST_SUFFIXES = ["cvs", "svn", "git", "hg", "p"] as const;

interface Cursor {
  readonly s: string;
  pos: number;
  type: number;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isLower = (c: string | undefined): boolean => c !== undefined && c >= "a" && c <= "z";

function nextToken(cur: Cursor): void {
  let n = INVALID;
  const c = cur.s[cur.pos];
  if (c === undefined) {
    n = END;
  } else if ((cur.type === DIGIT || cur.type === DIGIT_OR_ZERO) && isLower(c)) {
    n = LETTER;
  } else if (cur.type === LETTER && isDigit(c)) {
    n = DIGIT;
  } else if (cur.type === SUFFIX && isDigit(c)) {
    n = SUFFIX_NO;
  } else {
    if (c === ".") n = DIGIT_OR_ZERO;
    else if (c === "_") n = SUFFIX;
    else if (c === "-") {
      if (cur.s[cur.pos + 1] === "r") {
        n = REVISION_NO;
        cur.pos++;
      }
    }
    cur.pos++;
  }
  if (n < cur.type) {
    const allowed = (n === DIGIT_OR_ZERO && cur.type === DIGIT) || (n === SUFFIX && cur.type === SUFFIX_NO) || (n === DIGIT && cur.type === LETTER);
    if (!allowed) n = INVALID;
  }
  cur.type = n;
}

function readNumber(cur: Cursor): bigint {
  const start = cur.pos;
  while (isDigit(cur.s[cur.pos])) cur.pos++;
  return start === cur.pos ? 0n : BigInt(cur.s.slice(start, cur.pos));
}

function getToken(cur: Cursor): bigint {
  if (cur.pos >= cur.s.length) {
    cur.type = END;
    return 0n;
  }
  let v: bigint;
  let nt = INVALID;
  switch (cur.type) {
    case DIGIT_OR_ZERO:
      if (cur.s[cur.pos] === "0") {
        let zeros = 0;
        while (cur.s[cur.pos] === "0") {
          cur.pos++;
          zeros++;
        }
        nt = DIGIT;
        v = BigInt(-zeros);
        break;
      }
      v = readNumber(cur);
      break;
    case DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
      v = readNumber(cur);
      break;
    case LETTER:
      v = BigInt(cur.s.charCodeAt(cur.pos));
      cur.pos++;
      break;
    case SUFFIX: {
      const rest = cur.s.slice(cur.pos);
      const pre = PRE_SUFFIXES.findIndex((p) => rest.startsWith(p));
      if (pre >= 0) {
        v = BigInt(pre - PRE_SUFFIXES.length);
        cur.pos += PRE_SUFFIXES[pre]!.length;
        break;
      }
      const post = POST_SUFFIXES.findIndex((p) => rest.startsWith(p));
      if (post >= 0) {
        v = BigInt(post);
        cur.pos += POST_SUFFIXES[post]!.length;
        break;
      }
      cur.type = INVALID;
      return -1n;
    }
    default:
      cur.type = INVALID;
      return -1n;
  }
  if (cur.pos >= cur.s.length) cur.type = END;
  else if (nt !== INVALID) cur.type = nt;
  else nextToken(cur);
  return v;
}

/** Whether apk 2 accepts `v` as a version. */
export function isValidApk2(v: string): boolean {
  const cur: Cursor = { s: v, pos: 0, type: DIGIT };
  while (cur.type !== END && cur.type !== INVALID) getToken(cur);
  return cur.type === END;
}

/** apk 2's raw answer: -1, 0 or 1, exactly as `apk version -t` orders (see the note above). */
export function compareApk2(a: string, b: string): -1 | 0 | 1 {
  const ca: Cursor = { s: a, pos: 0, type: DIGIT };
  const cb: Cursor = { s: b, pos: 0, type: DIGIT };
  let av = 0n;
  let bv = 0n;
  while (ca.type === cb.type && ca.type !== END && ca.type !== INVALID && av === bv) {
    av = getToken(ca);
    bv = getToken(cb);
  }
  if (av < bv) return -1;
  if (av > bv) return 1;
  if (ca.type === cb.type) return 0;
  // Same prefix: the longer version is greater unless it continues with a pre-release suffix.
  if (ca.type === SUFFIX && getToken({ ...ca }) < 0n) return -1;
  if (cb.type === SUFFIX && getToken({ ...cb }) < 0n) return 1;
  if (ca.type > cb.type) return -1;
  if (cb.type > ca.type) return 1;
  return 0;
}
