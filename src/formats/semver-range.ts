/**
 * npm range satisfaction: node-semver 7's `satisfies(version, range)` with its default options
 * (not loose, prereleases not included). Ranges are desugared the way node-semver does it (hyphen
 * ranges, then `~`, `^`, x-ranges and `*` per comparator) into sets of primitive comparators
 * (`<`, `<=`, `>`, `>=`, `=`) joined by `||`; a version satisfies the range when it passes every
 * comparator of one set, and a prerelease version only when a comparator of that set names a
 * prerelease of the same major.minor.patch (node-semver's rule, so `^1.2.3` does not pull in
 * `2.0.0-rc.1`). Tested against node-semver itself as the oracle (semver-range.test.ts).
 */
import { compareParsedSemver, type SemVer } from "./semver.js";

/** One primitive comparator; `version: null` is node-semver's ANY (`*`, `""`, `>=0.0.0`). */
export interface SemverComparator {
  readonly operator: "<" | "<=" | ">" | ">=" | "=";
  readonly version: SemVer | null;
}

/** A parsed range: the `||` alternatives, each a set of comparators that must all hold. */
export type SemverRange = readonly (readonly SemverComparator[])[];

const MAX_LENGTH = 256;
// Longer ranges are not worth parsing: real advisory and package.json ranges are a few dozen characters.
const MAX_RANGE_LENGTH = 2048;

const NUM = "0|[1-9]\\d*";
const NONNUM = "\\d*[a-zA-Z-][a-zA-Z0-9-]*";
const PRE_ID = `(?:${NONNUM}|${NUM})`;
const PRERELEASE = `(?:-(${PRE_ID}(?:\\.${PRE_ID})*))`;
const BUILD = "(?:\\+([a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*))";
const FULLPLAIN = `v?(${NUM})\\.(${NUM})\\.(${NUM})${PRERELEASE}?${BUILD}?`;
const LOOSE_PRE_ID = `(?:${NONNUM}|\\d+)`;
const LOOSEPLAIN = `[v=\\s]*(?:\\d+)\\.(?:\\d+)\\.(?:\\d+)(?:-?(?:${LOOSE_PRE_ID}(?:\\.${LOOSE_PRE_ID})*))?${BUILD}?`;
const XID = `${NUM}|x|X|\\*`;
const XRANGEPLAIN = `[v=\\s]*(${XID})(?:\\.(${XID})(?:\\.(${XID})(?:${PRERELEASE})?${BUILD}?)?)?`;
const GTLT = "((?:<|>)?=?)";

const FULL_RE = new RegExp(`^${FULLPLAIN}$`);
const COMPARATOR_RE = new RegExp(`^${GTLT}\\s*(${FULLPLAIN})$|^$`);
const XRANGE_RE = new RegExp(`^${GTLT}\\s*${XRANGEPLAIN}$`);
const TILDE_RE = new RegExp(`^(?:~>?)${XRANGEPLAIN}$`);
const CARET_RE = new RegExp(`^\\^${XRANGEPLAIN}$`);
const HYPHEN_RE = new RegExp(`^\\s*(${XRANGEPLAIN})\\s+-\\s+(${XRANGEPLAIN})\\s*$`);
const COMPARATOR_TRIM_RE = new RegExp(`(\\s*)${GTLT}\\s*(${LOOSEPLAIN}|${XRANGEPLAIN})`, "g");
const TILDE_TRIM_RE = /(\s*)(?:~>?)\s+/g;
const CARET_TRIM_RE = /(\s*)\^\s+/g;
const BUILD_STRIP_RE = new RegExp(BUILD, "g");
const STAR_RE = /(<|>)?=?\s*\*/;
const GTE0_RE = /^\s*>=\s*0\.0\.0\s*$/;

/**
 * A version as node-semver's strict parser accepts it: an optional single `v`, no `=`, at most
 * 256 characters, numbers within Number.MAX_SAFE_INTEGER. (formats/semver.ts's `parseSemver` is
 * more lenient about prefixes, for lockfiles.)
 */
export function parseStrictSemver(input: string): SemVer | undefined {
  const text = input.trim();
  if (text.length > MAX_LENGTH) return undefined;
  const m = FULL_RE.exec(text);
  if (m === null) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  // node-semver keeps a numeric prerelease identifier beyond the safe range as a string.
  const prerelease = m[4] === undefined ? [] : m[4].split(".").map((id) => (/^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id));
  return { major, minor, patch, prerelease, build: m[5] === undefined ? [] : m[5].split(".") };
}

const isX = (id: string | undefined): boolean => id === undefined || id === "" || id.toLowerCase() === "x" || id === "*";

function hyphen(_all: string, from: string, fM: string, fm: string, fp: string, _fpr: string | undefined, _fb: string, to: string, tM: string, tm: string, tp: string, tpr: string | undefined): string {
  let lo: string;
  if (isX(fM)) lo = "";
  else if (isX(fm)) lo = `>=${fM}.0.0`;
  else if (isX(fp)) lo = `>=${fM}.${fm}.0`;
  else lo = `>=${from}`;
  let hi: string;
  if (isX(tM)) hi = "";
  else if (isX(tm)) hi = `<${Number(tM) + 1}.0.0-0`;
  else if (isX(tp)) hi = `<${tM}.${Number(tm) + 1}.0-0`;
  else if (tpr) hi = `<=${tM}.${tm}.${tp}-${tpr}`;
  else hi = `<=${to}`;
  return `${lo} ${hi}`.trim();
}

function tilde(comp: string): string {
  return comp.replace(TILDE_RE, (_all, M: string, m: string | undefined, p: string | undefined, pr: string | undefined) => {
    if (isX(M)) return "";
    if (isX(m)) return `>=${M}.0.0 <${Number(M) + 1}.0.0-0`;
    if (isX(p)) return `>=${M}.${m}.0 <${M}.${Number(m) + 1}.0-0`;
    return `>=${M}.${m}.${p}${pr ? `-${pr}` : ""} <${M}.${Number(m) + 1}.0-0`;
  });
}

function caret(comp: string): string {
  return comp.replace(CARET_RE, (_all, M: string, m: string | undefined, p: string | undefined, pr: string | undefined) => {
    if (isX(M)) return "";
    if (isX(m)) return `>=${M}.0.0 <${Number(M) + 1}.0.0-0`;
    if (isX(p)) return M === "0" ? `>=${M}.${m}.0 <${M}.${Number(m) + 1}.0-0` : `>=${M}.${m}.0 <${Number(M) + 1}.0.0-0`;
    const lo = `>=${M}.${m}.${p}${pr ? `-${pr}` : ""}`;
    // ^ allows changes that do not modify the left-most non-zero part.
    if (M !== "0") return `${lo} <${Number(M) + 1}.0.0-0`;
    if (m !== "0") return `${lo} <${M}.${Number(m) + 1}.0-0`;
    return `${lo} <${M}.${m}.${Number(p) + 1}-0`;
  });
}

function xrange(raw: string): string {
  const comp = raw.trim();
  return comp.replace(XRANGE_RE, (all, gtlt: string, M: string, m: string | undefined, p: string | undefined) => {
    // `*.1`, `1.x.2`: x-ranges only widen to the right; anything else is left for the comparator parse to reject.
    if ((isX(M) && !isX(m)) || (isX(m) && p !== undefined && p !== "" && !isX(p))) return comp;
    const xM = isX(M);
    const xm = xM || isX(m);
    const xp = xm || isX(p);
    let op = gtlt === "=" && xp ? "" : gtlt;
    if (xM) return op === ">" || op === "<" ? "<0.0.0-0" : "*";
    if (op !== "" && xp) {
      let [maj, min, pat] = [Number(M), xm ? 0 : Number(m), 0];
      let pre = "";
      if (op === ">") {
        op = ">=";
        if (xm) [maj, min, pat] = [maj + 1, 0, 0];
        else [min, pat] = [min + 1, 0];
      } else if (op === "<=") {
        op = "<";
        if (xm) maj += 1;
        else min += 1;
      }
      if (op === "<") pre = "-0";
      return `${op}${maj}.${min}.${pat}${pre}`;
    }
    if (xm) return `>=${M}.0.0 <${Number(M) + 1}.0.0-0`;
    if (xp) return `>=${M}.${m}.0 <${M}.${Number(m) + 1}.0-0`;
    return all;
  });
}

function comparatorOf(text: string): SemverComparator | undefined {
  const comp = text.trim().split(/\s+/).join(" ");
  const m = COMPARATOR_RE.exec(comp);
  if (m === null) return undefined;
  if (m[2] === undefined) return { operator: ">=", version: null };
  const version = parseStrictSemver(m[2]);
  if (version === undefined) return undefined;
  const op = m[1] === "" ? "=" : m[1];
  return { operator: op as SemverComparator["operator"], version };
}

/** One `||` alternative; undefined when a comparator cannot be parsed (the whole range is invalid). */
function parseSet(raw: string): SemverComparator[] | undefined {
  let range = raw.replace(BUILD_STRIP_RE, "");
  range = range.replace(HYPHEN_RE, hyphen as (...args: string[]) => string);
  range = range.replace(COMPARATOR_TRIM_RE, "$1$2$3").replace(TILDE_TRIM_RE, "$1~").replace(CARET_TRIM_RE, "$1^");
  const parts = range
    .split(" ")
    .map((c) => {
      const noBuild = c.replace(new RegExp(BUILD), "");
      const desugared = noBuild.trim().split(/\s+/).map(caret).join(" ").trim().split(/\s+/).map(tilde).join(" ").split(/\s+/).map(xrange).join(" ");
      return desugared.trim().replace(STAR_RE, "");
    })
    .join(" ")
    .split(/\s+/)
    .map((c) => c.trim().replace(GTE0_RE, ""));
  const out = new Map<string, SemverComparator>();
  for (const part of parts) {
    const c = comparatorOf(part);
    if (c === undefined) return undefined;
    const key = c.version === null ? "" : `${c.operator}${formatSemver(c.version)}`;
    // `<0.0.0-0` can never hold: the set is empty whatever else it says.
    if (key === "<0.0.0-0") return [c];
    out.set(key, c);
  }
  if (out.size > 1) out.delete("");
  return [...out.values()];
}

function formatSemver(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease.length > 0 ? `-${v.prerelease.join(".")}` : ""}`;
}

const isNullSet = (set: readonly SemverComparator[]): boolean => set[0] !== undefined && set[0].operator === "<" && set[0].version !== null && formatSemver(set[0].version) === "0.0.0-0";
const isAnySet = (set: readonly SemverComparator[]): boolean => set.length === 1 && set[0]!.version === null;

/** Parses an npm range; undefined when node-semver would reject it (`satisfies` is then false). */
export function parseSemverRange(input: string): SemverRange | undefined {
  if (input.length > MAX_RANGE_LENGTH) return undefined;
  const raw = input.trim().replace(/\s+/g, " ");
  const sets: SemverComparator[][] = [];
  for (const alt of raw.split("||")) {
    const set = parseSet(alt.trim());
    if (set === undefined) return undefined;
    if (set.length > 0) sets.push(set);
  }
  if (sets.length === 0) return undefined;
  if (sets.length === 1) return sets;
  const live = sets.filter((s) => !isNullSet(s));
  if (live.length === 0) return [sets[0]!];
  const any = live.find(isAnySet);
  return any ? [any] : live;
}

function holds(c: SemverComparator, v: SemVer): boolean {
  if (c.version === null) return true;
  const d = compareParsedSemver(v, c.version);
  switch (c.operator) {
    case "<":
      return d < 0;
    case "<=":
      return d <= 0;
    case ">":
      return d > 0;
    case ">=":
      return d >= 0;
    case "=":
      return d === 0;
  }
}

function setHolds(set: readonly SemverComparator[], v: SemVer): boolean {
  if (!set.every((c) => holds(c, v))) return false;
  if (v.prerelease.length === 0) return true;
  // A prerelease only matches through a comparator that names a prerelease of the same tuple.
  return set.some((c) => c.version !== null && c.version.prerelease.length > 0 && c.version.major === v.major && c.version.minor === v.minor && c.version.patch === v.patch);
}

/** node-semver's `satisfies(version, range)`: false for an invalid version or range. */
export function satisfies(version: string, range: string | SemverRange): boolean {
  const v = parseStrictSemver(version);
  const r = typeof range === "string" ? parseSemverRange(range) : range;
  if (v === undefined || r === undefined) return false;
  return r.some((set) => setHolds(set, v));
}
