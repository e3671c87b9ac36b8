import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { comparePep440, normalizePep440, pep440Scheme } from "./pep440.js";

// PEP 440, "Summary of permitted suffixes and relative ordering": the example list, in order.
const PEP440_ORDER = [
  "1.dev0",
  "1.0.dev456",
  "1.0a1",
  "1.0a2.dev456",
  "1.0a12.dev456",
  "1.0a12",
  "1.0b1.dev456",
  "1.0b2",
  "1.0b2.post345.dev456",
  "1.0b2.post345",
  "1.0rc1.dev456",
  "1.0rc1",
  "1.0",
  "1.0+abc.5",
  "1.0+abc.7",
  "1.0+5",
  "1.0.post456.dev34",
  "1.0.post456",
  "1.0.15",
  "1.1.dev1",
];

// The ordered VERSIONS list of pypa/packaging's tests/test_version.py (epochs, locals included).
const PACKAGING_ORDER = [
  "1.0.dev456",
  "1.0a1",
  "1.0a2.dev456",
  "1.0a12.dev456",
  "1.0a12",
  "1.0b1.dev456",
  "1.0b2",
  "1.0b2.post345.dev456",
  "1.0b2.post345",
  "1.0b2-346",
  "1.0c1.dev456",
  "1.0c1",
  "1.0rc2",
  "1.0c3",
  "1.0",
  "1.0.post456.dev34",
  "1.0.post456",
  "1.1.dev1",
  "1.2+123abc",
  "1.2+123abc456",
  "1.2+abc",
  "1.2+abc123",
  "1.2+abc123def",
  "1.2+1234.abc",
  "1.2+123456",
  "1.2.r32+123456",
  "1.2.rev33+123456",
  "1!1.0.dev456",
  "1!1.0a1",
  "1!1.0a2.dev456",
  "1!1.0a12.dev456",
  "1!1.0a12",
  "1!1.0b1.dev456",
  "1!1.0b2",
  "1!1.0b2.post345.dev456",
  "1!1.0b2.post345",
  "1!1.0b2-346",
  "1!1.0c1.dev456",
  "1!1.0c1",
  "1!1.0rc2",
  "1!1.0c3",
  "1!1.0",
  "1!1.0.post456.dev34",
  "1!1.0.post456",
  "1!1.1.dev1",
  "1!1.2+123abc",
  "1!1.2+123abc456",
  "1!1.2+abc",
  "1!1.2+abc123",
  "1!1.2+abc123def",
  "1!1.2+1234.abc",
  "1!1.2+123456",
  "1!1.2.r32+123456",
  "1!1.2.rev33+123456",
];

function assertStrictlyIncreasing(list: readonly string[]): void {
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      const want = Math.sign(i - j);
      assert.equal(Math.sign(comparePep440(list[i]!, list[j]!)), want, `${list[i]} vs ${list[j]}`);
    }
  }
}

test("PEP 440's ordering example is strictly increasing, pairwise", () => assertStrictlyIncreasing(PEP440_ORDER));
test("packaging's ordered VERSIONS list is strictly increasing, pairwise", () => assertStrictlyIncreasing(PACKAGING_ORDER));

test("equal spellings: implicit zeros, alternate pre/post/dev spellings, case, leading v", () => {
  const same: [string, string][] = [
    ["1.0", "1.0.0"],
    ["1", "1.0.0.0"],
    ["1.0alpha1", "1.0a1"],
    ["1.0-beta.2", "1.0b2"],
    ["1.0c1", "1.0rc1"],
    ["1.0pre1", "1.0rc1"],
    ["1.0preview1", "1.0rc1"],
    ["1.0-1", "1.0.post1"],
    ["1.0rev1", "1.0.post1"],
    ["1.0.r", "1.0.post0"],
    ["1.0-dev", "1.0.dev0"],
    ["V1.0", "1.0"],
    ["0!1.0", "1.0"],
    ["1.0+ABC", "1.0+abc"],
    ["1.0+a-b_c", "1.0+a.b.c"],
    ["01.02", "1.2"],
  ];
  for (const [a, b] of same) assert.equal(comparePep440(a, b), 0, `${a} == ${b}`);
});

test("normalisation follows PEP 440's rules", () => {
  const cases: [string, string][] = [
    ["1.0-Alpha1", "1.0a1"],
    ["1.0.c.2", "1.0rc2"],
    ["1.0-1", "1.0.post1"],
    ["1.0_post_2", "1.0.post2"],
    ["1.0.dev", "1.0.dev0"],
    ["v2!01.0+Ubuntu-1", "2!1.0+ubuntu.1"],
    [" 1.0 ", "1.0"],
    ["1.0a", "1.0a0"],
  ];
  for (const [input, want] of cases) assert.equal(normalizePep440(input), want, input);
  for (const bad of ["", "1.0+", "french toast", "1.0++1", "1..0", "1.0-dev-1-1"]) assert.equal(pep440Scheme.isValid(bad), false, bad);
});

test("invalid versions sort below valid ones instead of throwing", () => {
  assert.ok(comparePep440("not-a-version", "0.0.dev0") < 0);
  assert.ok(comparePep440("1.0", "zzz") > 0);
});

// The oracle: pypa/packaging itself, when the machine has it (Debian's python3-packaging).
const oracle = spawnSync("python3", ["-c", "import packaging.version"], { encoding: "utf8" });
test("agrees with pypa/packaging on every pair of a mixed corpus", { skip: oracle.status !== 0 ? "python3 packaging not installed" : false }, () => {
  const corpus = [
    ...new Set([
      ...PEP440_ORDER,
      ...PACKAGING_ORDER,
      "1.0.0",
      "1.0rc1.post1",
      "1.0a1.post2.dev3",
      "2.0.0+local.1.a",
      "2.0.0+local.a.1",
      "0.9",
      "2020.10.1",
      "1.0.post1.dev0",
      "1!0.1",
      "10.0",
      "1.10",
      "1.9.9",
    ]),
  ];
  const script = [
    "import json,sys",
    "from packaging.version import Version",
    "vs=json.load(sys.stdin)",
    "print(json.dumps({'norm':[str(Version(v)) for v in vs],'cmp':[[(Version(a)>Version(b))-(Version(a)<Version(b)) for b in vs] for a in vs]}))",
  ].join("\n");
  const run = spawnSync("python3", ["-c", script], { input: JSON.stringify(corpus), encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const want = JSON.parse(run.stdout) as { norm: string[]; cmp: number[][] };
  corpus.forEach((a, i) => {
    assert.equal(normalizePep440(a), want.norm[i], `normalise ${a}`);
    corpus.forEach((b, j) => assert.equal(Math.sign(comparePep440(a, b)), want.cmp[i]![j], `${a} vs ${b}`));
  });
});
