import type { VersionScheme } from "../../contracts/version-scheme.js";

/**
 * Conan's version ordering (conans/model/version.py): the main part is split on `.`, items
 * that are both numbers compare as numbers, otherwise as text; trailing zero items do not count
 * (`1.2 == 1.2.0`); a `-pre` part makes a version older than the same version without one, and
 * `+build` metadata only breaks ties. This covers what ConanCenter versions look like:
 * `1.2.13`, `3.1.2`, `1.1.1t`, `cci.20230613`.
 */
interface ConanVersion {
  readonly main: readonly string[];
  readonly pre: string | null;
  readonly build: string | null;
}

function parse(v: string): ConanVersion {
  let s = v.trim();
  let build: string | null = null;
  const plus = s.indexOf("+");
  if (plus >= 0) [s, build] = [s.slice(0, plus), s.slice(plus + 1)];
  let pre: string | null = null;
  const dash = s.indexOf("-");
  if (dash >= 0) [s, pre] = [s.slice(0, dash), s.slice(dash + 1)];
  const main = s.split(".");
  while (main.length > 1 && /^0+$/.test(main[main.length - 1]!)) main.pop();
  return { main, pre, build };
}

function compareItem(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareParts(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = compareItem(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

export function compareConanVersions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  const main = compareParts(x.main, y.main);
  if (main !== 0) return main;
  if (x.pre !== y.pre) {
    if (x.pre === null) return 1;
    if (y.pre === null) return -1;
    const c = compareParts(x.pre.split("."), y.pre.split("."));
    if (c !== 0) return c;
  }
  if (x.build === y.build) return 0;
  if (x.build === null) return -1;
  if (y.build === null) return 1;
  return compareParts(x.build.split("."), y.build.split("."));
}

export const conanVersionScheme: VersionScheme = {
  id: "conan",
  compare: compareConanVersions,
  isValid: (v) => /^[A-Za-z0-9_.+-]+$/.test(v.trim()),
};
