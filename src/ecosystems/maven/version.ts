import type { VersionScheme } from "../../contracts/version-scheme.js";

/**
 * Maven's ComparableVersion (maven-artifact), re-implemented: a version is parsed into nested
 * lists of items; `.` separates items in one list, `-` and digit/letter transitions open a
 * sub-list; numbers compare numerically and above strings; known qualifiers order as
 * alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp, unknown
 * qualifiers after those (lexically); trailing zero / empty items are trimmed per list.
 */
type Item = { readonly t: "int"; readonly v: bigint } | { readonly t: "str"; readonly v: string } | { readonly t: "list"; readonly v: Item[] };

const QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const ALIASES: Readonly<Record<string, string>> = { ga: "", final: "", release: "", cr: "rc" };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(""));

function strItem(value: string, followedByDigit: boolean): Item {
  let v = value;
  if (followedByDigit && v.length === 1) v = v === "a" ? "alpha" : v === "b" ? "beta" : v === "m" ? "milestone" : v;
  return { t: "str", v: ALIASES[v] ?? v };
}

function parseItem(isDigit: boolean, buf: string): Item {
  return isDigit ? { t: "int", v: BigInt(buf) } : strItem(buf, false);
}

/** `"7-foo"` for unknown qualifiers so they sort after every known one, as Maven does. */
function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function isNull(item: Item): boolean {
  if (item.t === "int") return item.v === 0n;
  if (item.t === "str") return comparableQualifier(item.v) === RELEASE_INDEX;
  return item.v.length === 0;
}

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i]!;
    if (isNull(last)) list.splice(i, 1);
    else if (last.t !== "list") break;
  }
}

function strCmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareItem(a: Item, b: Item | null): number {
  switch (a.t) {
    case "int":
      if (b === null) return a.v === 0n ? 0 : 1;
      if (b.t === "int") return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      return 1;
    case "str":
      if (b === null) return strCmp(comparableQualifier(a.v), RELEASE_INDEX);
      if (b.t === "str") return strCmp(comparableQualifier(a.v), comparableQualifier(b.v));
      return -1;
    case "list": {
      if (b === null) {
        // Every item counts against null, not just the first (MNG-6964: 1-0.alpha < 1).
        for (const item of a.v) {
          const c = compareItem(item, null);
          if (c !== 0) return c;
        }
        return 0;
      }
      if (b.t === "int") return -1;
      if (b.t === "str") return 1;
      for (let i = 0; i < Math.max(a.v.length, b.v.length); i++) {
        const l = a.v[i] ?? null;
        const r = b.v[i] ?? null;
        const c = l === null ? (r === null ? 0 : -compareItem(r, null)) : compareItem(l, r);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}

/** The parsed item tree of a Maven version (ComparableVersion.parseVersion). */
export function parseMavenVersion(version: string): Item {
  const v = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  const open = (): void => {
    const sub: Item[] = [];
    list.push({ t: "list", v: sub });
    list = sub;
    stack.push(sub);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === "." || c === "-") {
      list.push(i === start ? { t: "int", v: 0n } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      if (c === "-") open();
    } else if (c >= "0" && c <= "9") {
      if (!isDigit && i > start) {
        list.push(strItem(v.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, v.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (v.length > start) list.push(parseItem(isDigit, v.slice(start)));
  while (stack.length > 0) normalize(stack.pop()!);
  return { t: "list", v: root };
}

export function compareMavenVersions(a: string, b: string): number {
  return compareItem(parseMavenVersion(a), parseMavenVersion(b));
}

export const mavenVersionScheme: VersionScheme = {
  id: "maven",
  compare: compareMavenVersions,
  // ComparableVersion accepts any string; only blank or whitespace-bearing text is clearly not a version.
  isValid: (v) => v.length > 0 && !/\s/.test(v),
};
