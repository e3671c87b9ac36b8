import assert from "node:assert/strict";
import { test } from "node:test";
import semver from "semver";
import { compareSemver, isNpmRange, parseSemver, satisfiesNpmRange } from "./semver.js";

// formats/semver.ts is node-semver (the `semver` package) behind claro's own entry points; these
// tests pin what those entry points add or keep: the stated answers of node-semver's README,
// the prerelease rule, a total order that never throws, and the `=`/`v` prefixes lockfiles write.

/** A seeded PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRE = ["0", "1", "2", "10", "alpha", "alpha.1", "alpha.beta", "beta", "beta.2", "beta.11", "rc.1", "rc.1.1", "0a", "x-y"];
const BUILD = ["build.1", "001", "sha.5114f85"];

function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const num = (): string => String(pick([0, 0, 1, 1, 2, 3, 10]));
  const version = (): string => {
    let v = `${num()}.${num()}.${num()}`;
    if (r() < 0.35) v += `-${pick(PRE)}`;
    if (r() < 0.08) v += `+${pick(BUILD)}`;
    return v;
  };
  const xpart = (): string => (r() < 0.75 ? num() : pick(["x", "X", "*"]));
  /** A full version, or a partial / x-range one (`1`, `1.2`, `1.x`, `1.2.*`). */
  const partial = (): string => {
    const n = r();
    if (n < 0.55) return (r() < 0.1 ? "v" : r() < 0.05 ? "=" : "") + version();
    if (n < 0.75) return `${num()}.${num()}.${xpart()}`;
    if (n < 0.9) return `${num()}.${xpart()}`;
    return r() < 0.8 ? num() : pick(["x", "*"]);
  };
  const space = (): string => (r() < 0.15 ? " " : "");
  const comparator = (): string => {
    const n = r();
    if (n < 0.25) return `${pick(["<", "<=", ">", ">=", "=", ""])}${space()}${partial()}`;
    if (n < 0.45) return `^${space()}${partial()}`;
    if (n < 0.6) return `${pick(["~", "~>"])}${space()}${partial()}`;
    if (n < 0.7) return partial();
    return `${pick([">", ">="])}${space()}${partial()} ${pick(["<", "<="])}${space()}${partial()}`;
  };
  const set = (): string => (r() < 0.15 ? `${partial()} - ${partial()}` : r() < 0.8 ? comparator() : `${comparator()} ${comparator()}`);
  const range = (): string => {
    const n = r() < 0.7 ? 1 : r() < 0.8 ? 2 : 3;
    return Array.from({ length: n }, set).join(pick([" || ", "||", "  ||  "]));
  };
  return { version, range };
}

// The range forms of node-semver's README ("Advanced Range Syntax", "Prerelease Tags"), written
// out here; each (range, version) is asserted as node-semver answers it, and the expected answer
// is also stated so the oracle itself is pinned.
const CLASSIC: readonly (readonly [string, string, boolean])[] = [
  ["1.2.3 - 2.3.4", "2.3.4", true],
  ["1.2.3 - 2.3.4", "2.3.5", false],
  ["1.2 - 2.3.4", "1.2.0", true],
  ["1.2.3 - 2.3", "2.3.9", true],
  ["1.2.3 - 2.3", "2.4.0", false],
  ["1.2.3 - 2", "2.99.0", true],
  ["1.2.3 - 2", "3.0.0", false],
  ["*", "0.0.0", true],
  ["", "1.0.0", true],
  ["1.x", "1.9.9", true],
  ["1.x", "2.0.0", false],
  ["1.2.x", "1.2.9", true],
  ["1", "1.5.0", true],
  ["1.2", "1.3.0", false],
  ["~1.2.3", "1.2.9", true],
  ["~1.2.3", "1.3.0", false],
  ["~1.2", "1.2.0", true],
  ["~1", "1.9.0", true],
  ["~1", "2.0.0", false],
  ["~0.2.3", "0.2.9", true],
  ["~0.2", "0.3.0", false],
  ["~0", "0.9.9", true],
  ["~1.2.3-beta.2", "1.2.3-beta.4", true],
  ["~1.2.3-beta.2", "1.2.4-beta.2", false],
  ["~1.2.3-beta.2", "1.2.4", true],
  ["^1.2.3", "1.9.9", true],
  ["^1.2.3", "2.0.0", false],
  ["^0.2.3", "0.2.9", true],
  ["^0.2.3", "0.3.0", false],
  ["^0.0.3", "0.0.3", true],
  ["^0.0.3", "0.0.4", false],
  ["^1.2.3-beta.2", "1.2.3-beta.4", true],
  ["^1.2.3-beta.2", "1.2.4-beta.2", false],
  ["^0.0.3-beta", "0.0.3-pr.2", true],
  ["^1.2.x", "1.3.0", true],
  ["^0.0.x", "0.0.9", true],
  ["^0.0.x", "0.1.0", false],
  ["^0.0", "0.0.5", true],
  ["^1.x", "1.99.0", true],
  ["^0.x", "0.99.0", true],
  ["^0.x", "1.0.0", false],
  [">1.2.3-alpha.3", "1.2.3-alpha.7", true],
  [">1.2.3-alpha.3", "3.4.5-alpha.9", false],
  [">1.2.3-alpha.3", "3.4.5", true],
  [">=1.2.7", "1.2.8", true],
  [">=1.2.7 <1.3.0", "1.3.0", false],
  ["1.2.7 || >=1.2.9 <2.0.0", "1.2.8", false],
  ["1.2.7 || >=1.2.9 <2.0.0", "1.4.6", true],
  [">= 1.2.3", "1.2.3", true],
  ["< 2", "1.99.99", true],
  ["~ 1.2", "1.2.5", true],
  ["^ 1.2", "1.9.0", true],
  ["~>1.2.3", "1.2.9", true],
  [">1", "2.0.0", true],
  [">1", "1.9.9", false],
  ["<=1.2", "1.2.99", true],
  ["<1.2", "1.2.0-0", false],
  [">=*", "0.0.1", true],
  ["<*", "0.0.0", false],
  ["=1.2.x", "1.2.3", true],
  ["v1.2.3", "1.2.3", true],
  ["1.2.3+build", "1.2.3", true],
  ["^1.2.3+build", "1.3.0", true],
  ["1.2.3 - 2.3.4", "2.3.4-rc.1", false],
  ["<2.0.0", "2.0.0-rc.1", false],
  // node-semver keeps only the `*` set when one alternative is `*`, so the named prerelease is lost.
  ["x || 1.2.3-rc.1", "1.2.3-rc.1", false],
  ["1.x.3", "1.5.3", false],
  ["*.1", "1.1.0", false],
  ["not a range", "1.0.0", false],
  [">=1.0.0", "not a version", false],
  [">=1.0.0", "=1.0.0", false],
  ["<0.0.0-0 || 1.x", "1.0.0", true],
];

test("README range forms: satisfiesNpmRange = node-semver = the stated answer", () => {
  for (const [range, version, want] of CLASSIC) {
    assert.equal(semver.satisfies(version, range), want, `node-semver: ${version} in ${range}`);
    assert.equal(satisfiesNpmRange(version, range), want, `claro: ${version} in ${range}`);
    assert.equal(isNpmRange(range), semver.validRange(range) !== null, range);
  }
});

test("prerelease rule: a prerelease matches only through a comparator on the same [major, minor, patch]", () => {
  assert.equal(satisfiesNpmRange("1.2.3-alpha.7", ">1.2.3-alpha.3"), true);
  assert.equal(satisfiesNpmRange("3.4.5-alpha.9", ">1.2.3-alpha.3"), false);
  assert.equal(satisfiesNpmRange("2.0.0-rc.1", "^1.2.3"), false);
  assert.equal(satisfiesNpmRange("1.5.0-rc.1", "^1.2.3"), false, "numerically inside, but no comparator names 1.5.0-*");
  assert.equal(satisfiesNpmRange("1.5.0-rc.1", ">=1.5.0-rc.0 <2.0.0"), true);
});

test("compareSemver agrees with semver.compare on 20,000 generated pairs, and orders invalid input below valid without throwing", () => {
  const gen = generator(7);
  for (let i = 0; i < 20_000; i++) {
    const a = gen.version();
    const b = gen.version();
    assert.equal(Math.sign(compareSemver(a, b)), semver.compare(a, b), `${a} vs ${b}`);
  }
  assert.equal(compareSemver("not-a-version", "0.0.0"), -1);
  assert.equal(compareSemver("1.0.0", "1.0"), 1);
  assert.equal(compareSemver("b", "a"), 1);
  assert.equal(compareSemver("1.0.0+build.1", "1.0.0+build.2"), 0, "build metadata is never compared");
});

test("parseSemver: node-semver's strict grammar after the `=`/`v` prefixes lockfiles and tags write", () => {
  for (const v of ["1.2.3", "v1.2.3", " 1.2.3 ", "1.2.3-rc.1+b.5"]) assert.equal(parseSemver(v)?.version, semver.valid(v), v);
  // The deliberate difference: `=1.2.3` (and `vv1.2.3`) are versions for ordering, not for node-semver.
  assert.equal(semver.valid("=1.2.3"), null);
  assert.equal(parseSemver("=1.2.3")?.version, "1.2.3");
  assert.equal(parseSemver("vv1.2.3")?.version, "1.2.3");
  for (const v of ["01.2.3", "1.2.3-01", "1.2", "1.2.3-", "1.2.3+", `${"1".repeat(17)}.0.0`, `1.2.3-${"a".repeat(260)}`])
    assert.equal(parseSemver(v), undefined, v);
  // Ranges read the installed version as npm does: `=1.0.0` is not a version there.
  assert.equal(satisfiesNpmRange("=1.0.0", ">=1.0.0"), false);
});
