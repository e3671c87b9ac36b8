import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { imageStatus } from "./testdata/image-status.js";
import { compareDpkgVersions, dpkgVersion, parseDpkgVersion } from "./version.js";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Versions named in status-like text: `Version:` and the `(version)` of `Source:`. */
function statusVersions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^Version:[ \t]*(\S+)[ \t]*\r?$/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/^Source:[ \t]*\S+[ \t]+\(([^)\s]+)\)/gm)) out.push(m[1]!);
  return out;
}

function feedVersions(node: unknown, out: string[]): void {
  if (node === null || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node)) {
    if (k === "fixed_version" && typeof v === "string") out.push(v);
    else if (k === "repositories" && v && typeof v === "object") {
      for (const r of Object.values(v)) if (typeof r === "string") out.push(r);
    } else feedVersions(v, out);
  }
}

/** Every real version we have: package databases, feeds and the two test images. */
function collectVersions(): string[] {
  const found: string[] = [];
  for (const f of walk(sharedPath("fixtures/pkgdb/dpkg"))) found.push(...statusVersions(readFileSync(f, "utf8")));
  for (const f of walk(sharedPath("fixtures/vulndata/debian")).filter((p) => p.endsWith(".json"))) {
    const text = readFileSync(f, "utf8");
    if (text.includes("fixed_version")) feedVersions(JSON.parse(text), found);
  }
  const archive = sharedPath("images/debian-bookworm.oci.tar");
  for (const ref of ["bookworm-minbase", "bookworm-multilayer"]) found.push(...statusVersions(imageStatus(archive, ref).toString("utf8")));
  return [...new Set(found.map((v) => v.trim()).filter((v) => v !== ""))].sort();
}

/** Neighbours in sorted order (similar strings: the hard cases), self-pairs, and seeded random pairs. */
function makePairs(versions: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < versions.length; i++) {
    pairs.push([versions[i]!, versions[i + 1]!], [versions[i + 1]!, versions[i]!]);
    if (i + 2 < versions.length) pairs.push([versions[i]!, versions[i + 2]!]);
  }
  for (let i = 0; i < versions.length; i += 7) pairs.push([versions[i]!, versions[i]!]);
  let seed = 20261128;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % versions.length;
  };
  for (let i = 0; i < 3000; i++) pairs.push([versions[next()]!, versions[next()]!]);
  return pairs;
}

/** One bash process asks the real dpkg about every pair: `lt`, `eq`, `gt`, or `err` (bad syntax). */
function oracle(pairs: [string, string][]): string[] {
  const script = `while IFS=$'\\t' read -r a b; do
    if dpkg --compare-versions "$a" lt "$b" 2>/dev/null; then echo lt
    else rc=$?; if [ $rc -ne 1 ]; then echo err
    elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then echo eq; else echo gt; fi; fi
  done`;
  const input = pairs.map(([a, b]) => `${a}\t${b}\n`).join("");
  const res = spawnSync("bash", ["-c", script], { input, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  assert.equal(res.status, 0, res.stderr);
  return res.stdout.split("\n").filter((l) => l !== "");
}

test("agrees with dpkg --compare-versions on every pair of real versions", { timeout: 60_000 }, (t) => {
  const versions = collectVersions();
  const pairs = makePairs(versions);
  assert.ok(versions.length >= 500, `only ${versions.length} distinct versions collected`);
  assert.ok(pairs.length >= 3000, `only ${pairs.length} pairs`);
  const answers = oracle(pairs);
  assert.equal(answers.length, pairs.length);
  const disagreements: string[] = [];
  let compared = 0;
  pairs.forEach(([a, b], i) => {
    const want = answers[i]!;
    if (want === "err") {
      // dpkg refuses these outright; our stricter validity check must refuse them too.
      if (dpkgVersion.isValid(a) && dpkgVersion.isValid(b)) disagreements.push(`${a} ? ${b}: dpkg says bad syntax`);
      return;
    }
    compared++;
    const got = Math.sign(compareDpkgVersions(a, b));
    const wantSign = want === "lt" ? -1 : want === "gt" ? 1 : 0;
    if (got !== wantSign) disagreements.push(`${a} vs ${b}: dpkg ${want}, ours ${got}`);
  });
  assert.deepEqual(disagreements, []);
  assert.ok(compared >= 3000, `only ${compared} pairs were comparable`);
  t.diagnostic(`${versions.length} distinct versions, ${pairs.length} pairs, ${compared} compared, 0 disagreements`);
});

test("orders the classic edge cases the way dpkg documents them", () => {
  const ascending = ["1.0~rc1", "1.0", "1.0-1", "1.00-2", "1.0a", "1.0+b1", "1.1", "1.10", "1:0.1", "2:0"];
  for (let i = 0; i + 1 < ascending.length; i++) {
    const a = ascending[i]!;
    const b = ascending[i + 1]!;
    assert.ok(compareDpkgVersions(a, b) <= 0 && compareDpkgVersions(b, a) >= 0, `${a} <= ${b}`);
  }
  assert.equal(compareDpkgVersions("1.0", "1.0-0"), 0, "an empty revision equals -0");
  assert.equal(compareDpkgVersions("0:1.0", "1.0"), 0, "epoch 0 is the default");
  assert.ok(compareDpkgVersions("1.0~~", "1.0~") < 0);
});

test("parses epoch, upstream and revision, and rejects what dpkg rejects", () => {
  assert.deepEqual(parseDpkgVersion("1:2.3-4-5"), { epoch: 1, upstream: "2.3-4", revision: "5" });
  assert.deepEqual(parseDpkgVersion("3.0.20-1~deb12u2"), { epoch: 0, upstream: "3.0.20", revision: "1~deb12u2" });
  for (const bad of ["", "1:", "1.0-", "a1.0", "1.0 x", "x:1.0", "1.0_x"]) assert.equal(parseDpkgVersion(bad), undefined, bad);
  assert.equal(dpkgVersion.id, "dpkg");
});
