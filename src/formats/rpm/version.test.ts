import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { moduleStream, parseModularityLabel } from "./modularity.js";
import { parseRpmDb, type RpmDbKind } from "./rpmdb.js";
import { rpmVercmpOracle } from "./testdata/rpm-oracle.js";
import { RPMVERCMP_VECTORS } from "./testdata/rpmvercmp-vectors.js";
import { compareEvr, parseEvr, rpmvercmp, rpmVersion } from "./version.js";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const DBS: readonly [RpmDbKind, string][] = [
  ["bdb", "bdb/libuuid/Packages"],
  ["bdb", "bdb/syft-dive/Packages"],
  ["sqlite", "sqlite/cbl-mariner-2.0/rpmdb.sqlite"],
  ["ndb", "ndb/sle15-bci/Packages.db"],
];

/** Every real EVR we have: the four rpmdb fixtures and the EVRs named in the RPM-family feeds. */
function realEvrs(): string[] {
  const out: string[] = [];
  for (const [kind, rel] of DBS) {
    for (const p of parseRpmDb(kind, readFileSync(sharedPath("fixtures/pkgdb/rpmdb", rel)), rel).packages) {
      out.push(`${p.version}-${p.release}`, `${p.epoch ?? 0}:${p.version}-${p.release}`);
    }
  }
  const evr = /\b\d+:[0-9][A-Za-z0-9._+~^]*-[A-Za-z0-9._+~^]+/g;
  for (const feed of ["redhat", "oracle", "amazon", "suse", "photon", "mariner"]) {
    for (const f of walk(sharedPath("fixtures/vulndata", feed))) out.push(...(readFileSync(f, "utf8").match(evr) ?? []));
  }
  return [...new Set(out)].sort();
}

/** Seeded LCG so the synthetic set is the same on every run. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

/** Hard cases: `~`, `^`, leading zeros, letter/digit mixes, runs of separators, empty segments. */
function syntheticVersions(count: number): string[] {
  const tokens = [
    "0",
    "00",
    "01",
    "1",
    "001",
    "2",
    "9",
    "10",
    "010",
    "999999999999999999999",
    "a",
    "b",
    "Z",
    "rc",
    "rc1",
    "git",
    "pre",
    "p",
    ".",
    "..",
    "_",
    "+",
    ".+_",
    "~",
    "~~",
    "^",
    "^^",
    "~rc",
    "^git",
    "~1",
    "^1",
    ".0",
    "a1",
    "1a",
    "ä",
    " ",
  ];
  const next = rng(4242);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let v = "";
    const n = 1 + next(6);
    for (let k = 0; k < n; k++) v += tokens[next(tokens.length)]!;
    out.push(v.trim() === "" ? "1" : v.trim());
  }
  return out;
}

function makePairs(sorted: readonly string[], randomPairs: number, seed: number): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    pairs.push([sorted[i]!, sorted[i + 1]!], [sorted[i + 1]!, sorted[i]!]);
  }
  for (let i = 0; i < sorted.length; i += 5) pairs.push([sorted[i]!, sorted[i]!]);
  const next = rng(seed);
  for (let i = 0; i < randomPairs; i++) pairs.push([sorted[next(sorted.length)]!, sorted[next(sorted.length)]!]);
  return pairs;
}

function disagreements(pairs: readonly [string, string][], ours: (a: string, b: string) => number): string[] {
  const answers = rpmVercmpOracle(pairs);
  const bad: string[] = [];
  answers.forEach((want, i) => {
    const [a, b] = pairs[i]!;
    const got = Math.sign(ours(a, b));
    if (want === "err" || Number(want) !== got) bad.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: rpm ${want}, claro ${got}`);
  });
  return bad;
}

test("rpmvercmp agrees with rpm's own published test vectors", () => {
  for (const [a, b, want] of RPMVERCMP_VECTORS) assert.equal(rpmvercmp(a, b), want, `${a} vs ${b}`);
});

test("rpm's published vectors also agree with the installed rpm (where rpm.vercmp accepts them)", () => {
  const pairs = RPMVERCMP_VECTORS.map(([a, b]) => [a, b] as [string, string]);
  const answers = rpmVercmpOracle(pairs);
  const accepted = RPMVERCMP_VECTORS.filter((_, i) => answers[i] !== "err");
  assert.ok(accepted.length >= RPMVERCMP_VECTORS.length - 12, `${accepted.length} accepted`);
  answers.forEach((want, i) => {
    if (want !== "err") assert.equal(Number(want), RPMVERCMP_VECTORS[i]![2], JSON.stringify(RPMVERCMP_VECTORS[i]));
  });
});

test("rpmvercmp equals real rpm on thousands of version and release strings", { timeout: 120_000 }, (t) => {
  const parts = new Set<string>();
  for (const e of realEvrs()) {
    const p = parseEvr(e);
    parts.add(p.version);
    if (p.release !== null) parts.add(p.release);
  }
  for (const v of syntheticVersions(2500)) parts.add(v);
  // Lua's rpm.vercmp parses `epoch:` and `-release`, so the raw comparison is checked on strings without them.
  const plain = [...parts].filter((v) => !/[-:]/.test(v)).sort();
  const pairs = makePairs(plain, 4000, 7);
  assert.ok(pairs.length > 5000, `${pairs.length} pairs`);
  assert.deepEqual(disagreements(pairs, rpmvercmp), []);
  t.diagnostic(`${pairs.length} pairs over ${plain.length} version/release strings`);
});

test("EVR comparison (epoch, version, release) equals real rpm on real and synthetic EVRs", { timeout: 120_000 }, (t) => {
  const real = realEvrs();
  assert.ok(real.length > 300, `${real.length} real EVRs`);
  const next = rng(99);
  const synth = syntheticVersions(1200).filter((v) => !/[-:]/.test(v));
  const made = synth.map((v, i) => {
    const epoch = ["", "0:", "1:", "2:", "10:", "01:"][next(6)]!;
    const release = ["", `-${synth[(i * 7) % synth.length]}`, "-1", "-1.el8", "-0~rc1"][next(5)]!;
    return `${epoch}${v}${release}`;
  });
  const evrs = [...new Set([...real, ...made])].sort();
  const pairs = makePairs(evrs, 3000, 11);
  assert.deepEqual(disagreements(pairs, rpmVersion.compare), []);
  t.diagnostic(`${pairs.length} pairs over ${evrs.length} EVRs (${real.length} real)`);
});

test("compareEvr: a missing epoch is 0 and a missing release sorts below any release, even `~`", () => {
  assert.equal(compareEvr(parseEvr("1.0-1"), parseEvr("0:1.0-1")), 0);
  assert.equal(rpmVersion.compare("1:0.1-1", "9.9-9"), 1);
  assert.equal(rpmVersion.compare("1.0", "1.0-1"), -1);
  assert.equal(rpmVersion.compare("1.0-~", "1.0"), 1);
  assert.deepEqual(parseEvr("2:1.0-3.el9"), { epoch: 2, version: "1.0", release: "3.el9" });
  assert.deepEqual(parseEvr("1.0"), { epoch: null, version: "1.0", release: null });
});

test("rpmVersion.isValid accepts real EVRs and rejects empty or malformed ones", () => {
  for (const e of realEvrs()) assert.ok(rpmVersion.isValid(e), e);
  for (const bad of ["", "1:", ":1", "1.0-", "a:1.0", "1 0", "1:2:3"]) assert.equal(rpmVersion.isValid(bad), false, bad);
  assert.equal(rpmVersion.id, "rpm");
});

test("modularity labels expose name:stream for advisory scoping", () => {
  assert.deepEqual(parseModularityLabel("nodejs:18:8090020230810135226:a75119d5"), {
    name: "nodejs",
    stream: "18",
    version: "8090020230810135226",
    context: "a75119d5",
    nameStream: "nodejs:18",
  });
  assert.equal(moduleStream("perl:5.30:8040020200923213406:9fe1d287"), "perl:5.30");
  assert.equal(moduleStream("container-tools:rhel8"), "container-tools:rhel8");
  for (const bad of [null, undefined, "", "nodejs", ":18", "a:b:c:d:e"]) assert.equal(moduleStream(bad), null, String(bad));
});
